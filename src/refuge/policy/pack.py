"""A loaded policy pack and the policy version in force on a date."""

from __future__ import annotations

import bisect
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property

from refuge.policy import identifiers
from refuge.policy.coi_citation import CoiCitation
from refuge.policy.errors import PolicyNotInForce
from refuge.rules import ir
from refuge.rules.fold import fold
from refuge.rules.scalar import Compiled, ScalarProgram, compile_expr
from refuge.rules.types import Type, Value


@dataclass(frozen=True, slots=True)
class Source:
    id: str
    title: str
    kind: str
    date: date | None
    locator: str | None
    url: str | None
    note: str | None
    ref: str | None = None  # machine-readable identifier, see `refuge.policy.identifiers`
    ref_unknown: str | None = None  # why a source that needs a ref has none
    coi: CoiCitation | None = None  # the report library passage it rests on

    @property
    def passage(self) -> str | None:
        """The API path of the cited report library passage, if the source cites one."""
        return self.coi.path if self.coi else None

    @property
    def link(self) -> str | None:
        """The source's public address: its `url` if the pack gives one, else the address
        its `ref` leads to (the loader has checked the ref; a bad one raises `BadRef`)."""
        if self.url:
            return self.url
        return identifiers.parse(self.ref).url if self.ref else None


@dataclass(frozen=True, slots=True)
class DatedValue:
    value: Value
    valid_from: date
    valid_to: date | None  # last day in force, inclusive; None = open-ended
    cite: tuple[str, ...]
    note: str | None = None

    def covers(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


@dataclass(frozen=True, slots=True)
class Parameter:
    name: str
    description: str
    type: Type
    unit: str | None
    values: tuple[DatedValue, ...]

    def at(self, day: date) -> DatedValue:
        starts = [v.valid_from for v in self.values]
        return self.values[max(bisect.bisect_right(starts, day) - 1, 0)]


@dataclass(frozen=True, slots=True)
class OutcomeRow:
    when: ir.Expr | None  # None: the `otherwise` row
    when_text: str
    value: Value
    cite: tuple[str, ...]
    explain: str
    basis: tuple[str, ...] = ()  # parameters holding the row's dated legal basis
    # examined and not met: the explanation shows the last steps its condition rested on
    why_not: bool = False


@dataclass(frozen=True)
class Rule:
    """A rule, or an outcome table (then `rows` is set and `expr` is its if-else chain)."""

    id: str
    description: str
    expr: ir.Expr
    expression: str
    cite: tuple[str, ...]
    if_true: str | None = None
    if_false: str | None = None
    explain: str | None = None
    rows: tuple[OutcomeRow, ...] = ()
    judgment: str | None = None  # set where the law leaves a judgment to the caseworker
    judgment_when: bool | None = None  # the judgment is open only at this value (None: always)
    basis: tuple[str, ...] = ()  # parameters holding the dated legal basis (see docs)

    @property
    def type(self) -> Type:
        return self.expr.type

    @cached_property
    def row_tests(self) -> tuple[Compiled | None, ...]:
        """Each outcome row's condition, compiled once (None for `otherwise`)."""
        return tuple(None if r.when is None else compile_expr(r.when) for r in self.rows)

    def judgment_open(self, value: object) -> bool:
        """Whether this rule, at `value`, leaves a judgment to the caseworker."""
        return self.judgment is not None and self.judgment_when in (None, value)

    @cached_property
    def reads_rules(self) -> frozenset[str]:
        return ir.names(self.expr, "rule")

    @cached_property
    def reads_params(self) -> frozenset[str]:
        return ir.names(self.expr, "param")

    @cached_property
    def reads_facts(self) -> frozenset[str]:
        return ir.names(self.expr, "fact")


@dataclass(eq=False)
class PolicyPack:
    country: str
    title: str
    valid_from: date
    sources: dict[str, Source]
    parameters: dict[str, Parameter]
    rules: dict[str, Rule]  # in evaluation order
    sha256: str
    path: str
    regions: dict[str, str] = field(default_factory=dict)  # ISO 3166-2 code -> name
    starts: tuple[date, ...] = field(init=False)

    def __post_init__(self) -> None:
        starts = {self.valid_from}
        for p in self.parameters.values():
            starts.update(v.valid_from for v in p.values)
        self.starts = tuple(sorted(starts))
        self._versions: dict[int, PolicyVersion] = {}

    def region_name(self, code: str) -> str:
        """'Damascus (SY-DI)' for a code the pack names; the code itself otherwise."""
        name = self.regions.get(code)
        return f"{name} ({code})" if name else code

    def version_index(self, day: date) -> int:
        if day < self.valid_from:
            raise PolicyNotInForce(self.country, day, self.valid_from)
        return bisect.bisect_right(self.starts, day) - 1

    def as_of(self, day: date) -> PolicyVersion:
        """The policy version in force on `day`."""
        return self.version(self.version_index(day))

    def version(self, index: int) -> PolicyVersion:
        found = self._versions.get(index)
        if found is None:
            found = self._versions[index] = PolicyVersion(self, index)
        return found

    @property
    def versions(self) -> list[PolicyVersion]:
        return [self.version(i) for i in range(len(self.starts))]


class PolicyVersion:
    """Every parameter's value in one stretch of time in which none of them changes."""

    def __init__(self, pack: PolicyPack, index: int) -> None:
        self.pack = pack
        self.index = index
        self.valid_from = pack.starts[index]
        nxt = pack.starts[index + 1] if index + 1 < len(pack.starts) else None
        self.valid_to = nxt - timedelta(days=1) if nxt else None
        self.params: dict[str, DatedValue] = {
            name: p.at(self.valid_from) for name, p in pack.parameters.items()
        }

    @property
    def label(self) -> str:
        return f"{self.pack.country}/{self.valid_from.isoformat()}"

    @cached_property
    def folded(self) -> dict[str, ir.Expr]:
        """Each rule with this version's parameters put in and constants folded."""
        consts: dict[str, Value] = {n: v.value for n, v in self.params.items()}
        out: dict[str, ir.Expr] = {}
        for rule_id, rule in self.pack.rules.items():
            expr = fold(rule.expr, consts)
            if isinstance(expr, ir.Const):
                consts[rule_id] = expr.value
            out[rule_id] = expr
        return out

    @cached_property
    def program(self) -> ScalarProgram:
        return ScalarProgram(list(self.folded.items()))

    def with_overrides(self, overrides: Mapping[str, Value]) -> PolicyVersion:
        """This version with some parameter values replaced, for a what-if scenario.
        The caller checks that names and types fit (see `refuge.assess.scenario`)."""
        clone = PolicyVersion(self.pack, self.index)
        for name, value in overrides.items():
            cur = clone.params[name]
            clone.params[name] = DatedValue(value, cur.valid_from, cur.valid_to, (), "scenario")
        return clone

    def evaluate(self, facts: Mapping[str, Value]) -> dict[str, Value]:
        """Every rule's value for one case's facts under this version."""
        return self.program.run(facts)
