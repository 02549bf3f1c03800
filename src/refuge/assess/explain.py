"""Turn every rule's value into the ordered, cited steps a caseworker reads."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date
from functools import lru_cache

from refuge.assess.relevance import resting_on
from refuge.assess.result import ParameterUsed, SourceRef, Step, StepRole
from refuge.policy.pack import DatedValue, OutcomeRow, PolicyPack, PolicyVersion, Rule
from refuge.policy.projection import projected_since
from refuge.policy.translations import ENGLISH, Translations
from refuge.rules import ir
from refuge.rules.types import Value

PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)\}")
# Sources whose note is shown as an assumption: the pack's own, and a what-if scenario's values
# (`refuge.policy.what_if`), so that a step resting on a scenario says so.
ASSUMED = frozenset({"assumption", "scenario"})


def matched_row(rule: Rule, env: Mapping[str, Value]) -> tuple[int, OutcomeRow]:
    """The first row of an outcome table whose condition holds (the last row is `otherwise`)."""
    for i, (row, test) in enumerate(zip(rule.rows, rule.row_tests, strict=True)):
        if test is None or test(env):
            return i, row
    raise AssertionError("an outcome table always ends with 'otherwise'")


class Roles:
    """Which rules a caseworker sees by default, and why.

    `decided`: the rules whose values decided an outcome (the matched row's condition, and what
    it reads); `examined`: rules read by the rows examined before the matched one (their
    conditions were false), and for a row marked `why_not` the last steps its condition rested
    on; `check`: steps on the way that leave a judgment to the caseworker open.
    """

    def __init__(self, pack: PolicyPack, env: Mapping[str, Value], roots: Iterable[str]) -> None:
        self.pack, self.env = pack, env
        self.decided: set[str] = set()
        self.examined: set[str] = set()
        for root in roots:
            self._decide(root)
        reached: set[str] = set()
        for rid in self.decided | self.examined:
            self._reach(rid, reached)
        open_ = {r for r in reached if pack.rules[r].judgment_open(env[r])}
        self.check = open_ - self.decided - self.examined
        self.examined -= self.decided

    def role(self, rule_id: str) -> StepRole:
        if rule_id in self.decided:
            return "decided"
        if rule_id in self.examined:
            return "examined"
        return "check" if rule_id in self.check else "other"

    def _decide(self, rule_id: str) -> None:
        if rule_id in self.decided:
            return
        self.decided.add(rule_id)
        rule = self.pack.rules[rule_id]
        if not rule.rows:
            for dep in sorted(resting_on(rule.expr, self.env)):
                self._decide(dep)
            return
        last, row = matched_row(rule, self.env)
        for earlier in rule.rows[:last]:
            assert earlier.when is not None
            reads = resting_on(earlier.when, self.env)
            self.examined |= reads
            if earlier.why_not:
                for dep in reads:
                    self.examined |= self._leaves(dep, set())
        if row.when is not None:
            for dep in sorted(resting_on(row.when, self.env)):
                self._decide(dep)

    def _leaves(self, rule_id: str, seen: set[str]) -> set[str]:
        """The last true-or-false rules an examined rule's value rests on (for `refugee_qualifies`
        that is false: `enough_indicators`, not the rules in between), so that a caseworker sees
        why a row above the matched one did not hold without reading every step between."""
        seen.add(rule_id)
        rule = self.pack.rules[rule_id]
        if rule.rows:
            return set()
        below = {
            dep
            for dep in resting_on(rule.expr, self.env)
            if dep not in seen and isinstance(self.env[dep], bool)
        }
        if not below:
            return {rule_id}
        return set().union(*(self._leaves(dep, seen) for dep in sorted(below)))

    def _reach(self, rule_id: str, seen: set[str]) -> None:
        """Every rule `rule_id`'s value rested on; of an outcome table, only the rows examined
        (`resting_on`: of `a and b` that is false, only its first false operand)."""
        if rule_id in seen:
            return
        seen.add(rule_id)
        rule = self.pack.rules[rule_id]
        reads = resting_on(rule.expr, self.env)
        if rule.rows:
            last, _ = matched_row(rule, self.env)
            reads = frozenset().union(
                *(resting_on(r.when, self.env) for r in rule.rows[: last + 1] if r.when is not None)
            )
        for dep in reads:
            self._reach(dep, seen)


def explain(
    version: PolicyVersion,
    env: Mapping[str, Value],
    roots: Iterable[str],
    as_of: date,
    all_steps: bool = False,
    tr: Translations = ENGLISH,
) -> list[Step]:
    """The steps a caseworker reads for `roots`, in evaluation order: what decided them, what
    was examined on the way, and the judgments to check; with `all_steps`, every rule.

    `env` holds the case facts, the version's parameter values and every rule's value.
    """
    roles = Roles(version.pack, env, roots)
    out = []
    for rid, rule in version.pack.rules.items():
        role = roles.role(rid)
        if all_steps or role != "other":
            out.append(_step(version, rule, env, as_of, role, tr))
    return out


def fill(
    text: str,
    env: Mapping[str, Value],
    pack: PolicyPack,
    value: Value | None = None,
    tr: Translations = ENGLISH,
) -> str:
    """`text` in the reader's language with each {name} replaced by that value as a person
    reads it."""

    def one(match: re.Match[str]) -> str:
        name = match.group(1)
        if name == "value" and value is not None:
            return tr(shown(value, pack, tr.lang))
        return tr(shown(env[name], pack, tr.lang)) if name in env else match.group(0)

    return PLACEHOLDER.sub(one, tr(text))


WORDS = {
    "en": {True: "yes", False: "no", "none": "none", "not_assessed": "not assessed"},
    "nl": {
        True: "ja",
        False: "nee",
        "none": "geen",
        "not_assessed": "niet beoordeeld",
        "yes": "ja",
        "no": "nee",
    },
}


def shown(value: Value, pack: PolicyPack, lang: str = "en") -> str:
    """yes/no, region names next to codes, sets as lists, 'not assessed' for not_assessed."""
    words = WORDS[lang]
    if isinstance(value, bool):
        return str(words[value])
    if isinstance(value, frozenset):
        return (
            ", ".join(shown(v, pack, lang) for v in sorted(value)) if value else str(words["none"])
        )
    if isinstance(value, str):
        if value in pack.regions:
            return pack.region_name(value)
        return str(words.get(value, value.replace("_", " ")))
    return str(value)


def _step(
    version: PolicyVersion,
    rule: Rule,
    env: Mapping[str, Value],
    as_of: date,
    role: StepRole,
    tr: Translations,
) -> Step:
    value = env[rule.id]
    assert isinstance(value, bool | int | str)
    if rule.rows:
        last, row = matched_row(rule, env)
        text = row.explain
    else:
        last, text = -1, _rule_text(rule, value, tr)
    names, cites, assumed = _cited(version, rule.id, last, text)
    # built from values made here, so pydantic's validation of each step is not repeated; every
    # field is given, as a field left to its default_factory costs an inspect.signature() call
    return Step.model_construct(
        rule=rule.id,
        value=value,
        explanation=fill(text, env, version.pack, value, tr),
        sources=list(cites),
        parameters=list(names),
        role=role,
        assumptions=list(assumed),
        caseworker_judgment=tr(rule.judgment)
        if rule.judgment and rule.judgment_open(value)
        else None,
        projections=[],
    )


@lru_cache(maxsize=8192)
def _cited(
    version: PolicyVersion, rule_id: str, row: int, text: str
) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """What a step of `rule_id` (the outcome row `row`, or -1 for a rule) shows with `text`
    under `version`: the names of the parameters it read, the ids of its sources (the legal
    basis in force first) and of its assumptions. The same for every case, so worked out
    once."""
    rule = version.pack.rules[rule_id]
    if row >= 0:
        cites, basis = rule.rows[row].cite, rule.rows[row].basis
        params = frozenset().union(
            *(ir.names(r.when, "param") for r in rule.rows[: row + 1] if r.when is not None)
        )
    else:
        cites, basis, params = rule.cite, rule.basis, rule.reads_params
    names = (*basis, *sorted((params | _placeholder_params(text, version)) - set(basis)))
    all_cites = list(
        dict.fromkeys(
            [
                *(c for name in basis for c in version.params[name].cite),
                *cites,
                *(c for name in names for c in version.params[name].cite),
            ]
        )
    )
    known = [c for c in all_cites if c in version.pack.sources]
    assumed = [c for c in known if version.pack.sources[c].kind in ASSUMED]
    return names, tuple(known), tuple(assumed)


def cited(
    version: PolicyVersion, steps: Iterable[Step], as_of: date, tr: Translations = ENGLISH
) -> tuple[list[SourceRef], list[ParameterUsed]]:
    """The sources and the parameters `steps` cite, each once, in order of first citation:
    what an assessment lists beside its steps, which cite them by id and by name."""
    names = list(dict.fromkeys(n for step in steps for n in step.parameters))
    parameters = [_parameter(version, name, as_of, tr) for name in names]
    ids = dict.fromkeys(c for step in steps for c in step.sources)
    ids.update(dict.fromkeys(c for p in parameters for c in p.sources))
    return [_source_ref(version.pack, c, tr) for c in ids], parameters


def _placeholder_params(text: str, version: PolicyVersion) -> frozenset[str]:
    """Parameters an explanation shows, so their values and sources are listed too."""
    return frozenset(n for n in PLACEHOLDER.findall(text) if n in version.params)


def _rule_text(rule: Rule, value: bool | int | str, tr: Translations) -> str:
    if value is True and rule.if_true:
        return rule.if_true
    if value is False and rule.if_false:
        return rule.if_false
    if rule.explain:
        return rule.explain
    return f"{tr(rule.description)}: {{value}}."


def _parameter(version: PolicyVersion, name: str, as_of: date, tr: Translations) -> ParameterUsed:
    since = projected_since(version.pack, version.params[name], as_of)
    return _parameter_used(version, name, since, tr)


@lru_cache(maxsize=4096)
def _parameter_used(
    version: PolicyVersion, name: str, projection: date | None, tr: Translations
) -> ParameterUsed:
    dated: DatedValue = version.params[name]
    value = sorted(dated.value) if isinstance(dated.value, frozenset) else dated.value
    return ParameterUsed(
        name=name,
        value=value,
        shown=tr(shown(dated.value, version.pack, tr.lang)),
        valid_from=dated.valid_from,
        valid_to=dated.valid_to,
        sources=[c for c in dated.cite if c in version.pack.sources],
        projection=projection,
    )


@lru_cache(maxsize=4096)
def _source_ref(pack: PolicyPack, cite: str, tr: Translations) -> SourceRef:
    found = pack.sources[cite]
    return SourceRef(
        id=cite,
        title=tr(found.title),
        kind=found.kind,
        locator=tr(found.locator) if found.locator else found.locator,
        ref=found.ref,
        url=getattr(found, "link", None) or found.url,
        passage=found.passage,
        published=found.date,
        note=tr(found.note) if found.note else None,
    )
