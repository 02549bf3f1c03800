"""What-if scenarios: parameter values that change from a date, on top of a pack.

A scenario file says, for example, "the change is significant and non-temporary from
2026-03-01" or "a return agreement from 2026-06-01":

    name: Cessation from March 2026
    country: SY
    changes:
      - parameter: cessation_established
        from: 2026-03-01
        value: true
        note: the improvement is assumed durable from this date

`apply_what_if(pack, scenario)` gives a pack in which each such parameter takes the scenario's
value from its date on (a new policy version starts there); everything else is the pack's own.
The same derived pack serves one case (`refuge assess --scenario`) and a caseload (the bulk
evaluator), so both apply the law the same way. A scenario value is cited as a source of its
own, of kind `scenario`, so every explanation that rests on it says so.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from refuge.policy.errors import PackError, PackProblem
from refuge.policy.pack import DatedValue, Parameter, PolicyPack, Source
from refuge.policy.yaml_source import Document, YamlProblem, load_yaml
from refuge.rules.types import Type, Value, written_as

KIND = "scenario"


@dataclass(frozen=True)
class Change:
    parameter: str
    start: date
    value: Value
    note: str | None


@dataclass(frozen=True)
class WhatIf:
    name: str
    country: str
    changes: tuple[Change, ...]
    sha256: str  # of the file's text: part of the derived pack's identity
    path: str

    @property
    def source_id(self) -> str:
        return f"scenario:{self.sha256[:12]}"


def read_what_if(path: Path, pack: PolicyPack) -> WhatIf:
    """The scenario in `path`, checked against `pack`. Raises PackError naming every problem
    with file:line:column (an unknown parameter, a value of the wrong type, a date before the
    pack, a region the pack does not list, another country's pack)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PackError(
            [PackProblem(str(path), 1, 1, "unreadable", f"cannot read it: {type(exc).__name__}")]
        ) from None
    try:
        doc = load_yaml(text)
    except YamlProblem as exc:
        raise PackError(
            [PackProblem(str(path), exc.mark.line, exc.mark.column, exc.code, exc.message)]
        ) from None
    return _Reader(str(path), doc, pack, hashlib.sha256(text.encode()).hexdigest()).read()


class _Reader:
    def __init__(self, path: str, doc: Document, pack: PolicyPack, sha256: str) -> None:
        self.path, self.doc, self.pack, self.sha256 = path, doc, pack, sha256
        self.problems: list[PackProblem] = []

    def problem(self, where: tuple[str | int, ...], code: str, message: str) -> None:
        mark = self.doc.mark(where)
        self.problems.append(PackProblem(self.path, mark.line, mark.column, code, message))

    def read(self) -> WhatIf:
        data = self.doc.data
        if not isinstance(data, dict):
            self.problem((), "not-a-mapping", "a scenario is a mapping: name, country, changes")
            raise PackError(self.problems)
        for key in data:
            # `workload:` is read by the analytics (refuge.analytics.workload), not by the pack
            if key not in ("name", "country", "changes", "description", "workload"):
                self.problem((key,), "unknown-key", f"unknown key {key!r}")
        name = data.get("name")
        if not isinstance(name, str) or not name.strip():
            self.problem(("name",), "missing", "name: a short name for the scenario")
        country = data.get("country")
        if country != self.pack.country:
            self.problem(
                ("country",),
                "wrong-country",
                f"country: this scenario must be for the {self.pack.country} pack",
            )
        raw = data.get("changes")
        if not isinstance(raw, list) or not raw:
            self.problem(("changes",), "missing", "changes: a list of parameter changes")
            raw = []
        changes = [c for i, item in enumerate(raw) if (c := self._change(i, item)) is not None]
        seen: set[tuple[str, date]] = set()
        for i, c in enumerate(changes):
            if (c.parameter, c.start) in seen:
                self.problem(
                    ("changes", i), "duplicate", f"{c.parameter} changes twice on {c.start}"
                )
            seen.add((c.parameter, c.start))
        if self.problems:
            raise PackError(self.problems)
        assert isinstance(name, str) and isinstance(country, str)
        ordered = tuple(sorted(changes, key=lambda c: (c.start, c.parameter)))
        return WhatIf(name.strip(), country, ordered, self.sha256, self.path)

    def _change(self, i: int, item: Any) -> Change | None:
        where: tuple[str | int, ...] = ("changes", i)
        if not isinstance(item, dict):
            self.problem(where, "not-a-mapping", "a change is: parameter, from, value, note")
            return None
        for key in item:
            if key not in ("parameter", "from", "value", "note"):
                self.problem((*where, key), "unknown-key", f"unknown key {key!r}")
        name = item.get("parameter")
        parameter = self.pack.parameters.get(name) if isinstance(name, str) else None
        if parameter is None:
            self.problem(
                (*where, "parameter"),
                "unknown-parameter",
                f"parameter {name!r} is not a parameter of the {self.pack.country} pack "
                "(refuge policy show lists them)",
            )
            return None
        start = item.get("from")
        if not isinstance(start, date) or isinstance(start, datetime):
            self.problem((*where, "from"), "bad-date", "from: a date, YYYY-MM-DD")
            return None
        if start < self.pack.valid_from:
            self.problem(
                (*where, "from"),
                "date-before-pack",
                f"from: {start} is before the pack starts ({self.pack.valid_from})",
            )
            return None
        value = self._value((*where, "value"), parameter, item.get("value"))
        note = item.get("note")
        if note is not None and not isinstance(note, str):
            self.problem((*where, "note"), "bad-note", "note: text")
        if value is None:
            return None
        return Change(parameter.name, start, value, note if isinstance(note, str) else None)

    def _value(self, where: tuple[str | int, ...], parameter: Parameter, raw: Any) -> Value | None:
        typ = parameter.type
        ok = written_as(typ, raw)
        if not ok:
            self.problem(where, "type-mismatch", f"value: {parameter.name} is a {typ}")
            return None
        if typ != Type.STRSET:
            assert isinstance(raw, bool | int | str | date)
            return raw
        members = frozenset(raw)
        if _is_region_set(parameter, self.pack):
            unknown = sorted(members - set(self.pack.regions))
            if unknown:
                self.problem(
                    where,
                    "unknown-region",
                    f"value: {', '.join(unknown)} is not a region of the pack "
                    f"({', '.join(sorted(self.pack.regions))})",
                )
                return None
        return members


def _is_region_set(parameter: Parameter, pack: PolicyPack) -> bool:
    """A set of regions: named so (`regions_15c_...`, `ipa_regions`), or every value so far a
    region code of the pack."""
    if "region" in parameter.name:
        return True
    seen = [v.value for v in parameter.values if isinstance(v.value, frozenset) and v.value]
    return bool(seen) and all(m in pack.regions for s in seen for m in s)


def apply_what_if(pack: PolicyPack, scenario: WhatIf) -> PolicyPack:
    """`pack` with each change in force from its date; a new pack (its own sha256)."""
    source = Source(
        id=scenario.source_id,
        title=f"Scenario (not policy): {scenario.name}",
        kind=KIND,
        date=None,
        locator=scenario.path,
        url=None,
        note=f"SCENARIO, not the policy in force: {scenario.name}. "
        + " ".join(
            f"From {c.start}, {c.parameter} = {shown_value(c.value)}"
            + (f" ({c.note})." if c.note else ".")
            for c in scenario.changes
        ),
    )
    parameters = dict(pack.parameters)
    for change in scenario.changes:
        current = parameters[change.parameter]
        parameters[change.parameter] = replace(
            current, values=_from(current.values, change, source.id)
        )
    derived = PolicyPack(
        country=pack.country,
        title=f"{pack.title} + scenario: {scenario.name}",
        valid_from=pack.valid_from,
        sources={**pack.sources, source.id: source},
        parameters=parameters,
        rules=pack.rules,
        sha256=hashlib.sha256((pack.sha256 + scenario.sha256).encode()).hexdigest(),
        path=pack.path,
        regions=pack.regions,
    )
    return derived


def shown_value(value: Value) -> str:
    """A value as a person reads it in a scenario: true, 3, {SY-DI, SY-HM}."""
    if isinstance(value, frozenset):
        return "{" + ", ".join(sorted(value)) + "}"
    return str(value).lower() if isinstance(value, bool) else str(value)


def _from(values: tuple[DatedValue, ...], change: Change, cite: str) -> tuple[DatedValue, ...]:
    """The dated values with `change` in force from its date on: what came before stays,
    ending the day before; what came after is replaced."""
    day_before = change.start - timedelta(days=1)
    kept = []
    for v in values:
        if v.valid_from >= change.start:
            continue
        if v.valid_to is None or v.valid_to > day_before:
            v = replace(v, valid_to=day_before)
        kept.append(v)
    kept.append(DatedValue(change.value, change.start, None, (cite,), change.note))
    return tuple(kept)
