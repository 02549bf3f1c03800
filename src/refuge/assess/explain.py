"""Turn every rule's value into the ordered, cited steps a caseworker reads."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache

from refuge.assess.result import ParameterUsed, SourceRef, Step
from refuge.policy.pack import DatedValue, OutcomeRow, PolicyPack, PolicyVersion, Rule
from refuge.rules import ir
from refuge.rules.types import Value


def matched_row(rule: Rule, env: Mapping[str, Value]) -> tuple[int, OutcomeRow]:
    """The first row of an outcome table whose condition holds (the last row is `otherwise`)."""
    for i, (row, test) in enumerate(zip(rule.rows, rule.row_tests, strict=True)):
        if test is None or test(env):
            return i, row
    raise AssertionError("an outcome table always ends with 'otherwise'")


def explain(
    version: PolicyVersion,
    env: Mapping[str, Value],
    roots: Iterable[str],
) -> list[Step]:
    """Steps for `roots` and every rule that decided them, in evaluation order.

    `env` holds the case facts, the version's parameter values and every rule's value. For an
    outcome table only the rows examined up to the one that matched count as deciding.
    """
    pack = version.pack
    needed: set[str] = set()
    examined: dict[str, int] = {}

    def need(rule_id: str) -> None:
        if rule_id in needed:
            return
        needed.add(rule_id)
        rule = pack.rules[rule_id]
        reads = rule.reads_rules
        if rule.rows:
            last, _ = matched_row(rule, env)
            examined[rule_id] = last
            reads = frozenset().union(
                *(ir.names(r.when, "rule") for r in rule.rows[: last + 1] if r.when is not None)
            )
        for dep in sorted(reads):
            need(dep)

    for root in roots:
        need(root)
    return [
        _step(version, pack.rules[rid], env, examined.get(rid))
        for rid in pack.rules
        if rid in needed
    ]


def _step(version: PolicyVersion, rule: Rule, env: Mapping[str, Value], last: int | None) -> Step:
    value = env[rule.id]
    assert isinstance(value, bool | int | str)
    if last is not None:
        row = rule.rows[last]
        cites, text = row.cite, row.explain
        params = frozenset().union(
            *(ir.names(r.when, "param") for r in rule.rows[: last + 1] if r.when is not None)
        )
    else:
        cites, text, params = rule.cite, _rule_text(rule, value), rule.reads_params
    used = [_parameter(version, name) for name in sorted(params)]
    all_cites = list(
        dict.fromkeys([*cites, *(c for name in sorted(params) for c in version.params[name].cite)])
    )
    return Step(
        rule=rule.id,
        value=value,
        explanation=text,
        sources=sources(version, all_cites),
        parameters=used,
    )


def _rule_text(rule: Rule, value: bool | int | str) -> str:
    if value is True and rule.if_true:
        return rule.if_true
    if value is False and rule.if_false:
        return rule.if_false
    if rule.explain:
        return rule.explain.replace("{value}", str(value))
    shown = ("yes" if value else "no") if isinstance(value, bool) else str(value)
    return f"{rule.description}: {shown}."


@lru_cache(maxsize=4096)
def _parameter(version: PolicyVersion, name: str) -> ParameterUsed:
    dated: DatedValue = version.params[name]
    value = sorted(dated.value) if isinstance(dated.value, frozenset) else dated.value
    return ParameterUsed(
        name=name,
        value=value,
        valid_from=dated.valid_from,
        valid_to=dated.valid_to,
        sources=sources(version, dated.cite),
    )


def sources(version: PolicyVersion, cites: Iterable[str]) -> list[SourceRef]:
    return [ref for c in cites if (ref := _source_ref(version.pack, c)) is not None]


@lru_cache(maxsize=4096)
def _source_ref(pack: PolicyPack, cite: str) -> SourceRef | None:
    found = pack.sources.get(cite)
    if found is None:
        return None
    return SourceRef(id=cite, title=found.title, kind=found.kind, locator=found.locator)
