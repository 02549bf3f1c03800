"""Which rules' legal basis changed between two dates: a rule names the parameters that hold
its dated legal basis (`basis:`), so a new article changes no rule's form, only what it rests
on. `refuge.policy.diff` finds the changed parameters; this adds the rules resting on each."""

from __future__ import annotations

from dataclasses import dataclass

from refuge.policy.diff import ParameterChange, PolicyDiff


@dataclass(frozen=True, slots=True)
class BasisChange:
    change: ParameterChange  # the legal basis before and after, with their citations
    rules: tuple[str, ...]  # the rules and outcome tables resting on it, in evaluation order


def basis_changes(d: PolicyDiff) -> list[BasisChange]:
    resting: dict[str, list[str]] = {}
    for rule in d.pack.rules.values():
        names = [*rule.basis, *(n for row in rule.rows for n in row.basis)]
        for name in dict.fromkeys(names):
            resting.setdefault(name, []).append(rule.id)
    return [BasisChange(p, tuple(resting[p.name])) for p in d.parameters if p.name in resting]
