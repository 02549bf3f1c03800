"""What changed in a pack between two dates: parameters whose value changed and rules whose
specialised form changed, each with the citations before and after."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from refuge.policy.pack import DatedValue, PolicyPack, PolicyVersion
from refuge.rules import ir
from refuge.rules.unparse import unparse


@dataclass(frozen=True, slots=True)
class ParameterChange:
    name: str
    description: str
    before: DatedValue
    after: DatedValue


@dataclass(frozen=True, slots=True)
class RuleChange:
    id: str
    description: str
    before: str  # the rule with the earlier version's parameters put in, as text
    after: str
    cite: tuple[str, ...]
    because_of: tuple[str, ...]  # changed parameters or rules it reads


@dataclass(frozen=True, slots=True)
class PolicyDiff:
    pack: PolicyPack
    start: PolicyVersion
    end: PolicyVersion
    parameters: tuple[ParameterChange, ...]
    rules: tuple[RuleChange, ...]


def diff(pack: PolicyPack, start_day: date, end_day: date) -> PolicyDiff:
    start, end = pack.as_of(start_day), pack.as_of(end_day)
    params = tuple(
        ParameterChange(
            name, pack.parameters[name].description, start.params[name], end.params[name]
        )
        for name in pack.parameters
        if start.params[name].value != end.params[name].value
    )
    changed: set[str] = {p.name for p in params}
    rules: list[RuleChange] = []
    for rid, rule in pack.rules.items():
        before, after = start.folded[rid], end.folded[rid]
        if before == after:
            continue
        reads = ir.names(rule.expr, "param") | ir.names(rule.expr, "rule")
        rules.append(
            RuleChange(
                rid,
                rule.description,
                unparse(before),
                unparse(after),
                rule.cite or tuple(c for row in rule.rows for c in row.cite),
                tuple(sorted(reads & changed)),
            )
        )
        changed.add(rid)
    return PolicyDiff(pack, start, end, params, tuple(rules))
