"""A country's policy over time, as its pages show it: the countries with a pack, the versions
of a pack one after the other with what changed at the start of each, and the periods of its
decision and departure moratoria."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from refuge.policy.locate import pack_dir
from refuge.policy.pack import DatedValue, PolicyPack, PolicyVersion
from refuge.rules.unparse import unparse

# the parameters that hold a moratorium (art. 43 and art. 45(4) Vw) as a dated yes or no
MORATORIA = ("decision_moratorium", "departure_moratorium")


def countries() -> list[str]:
    """The ISO 3166-1 alpha-2 codes of the countries with a pack, in alphabetical order."""
    found = (p.stem for p in pack_dir().glob("*.yaml") if p.is_file())
    return sorted(c for c in found if len(c) == 2 and c.isalpha() and c.isupper())


@dataclass(frozen=True, slots=True)
class VersionStart:
    """A policy version and the parameters whose value changed on its first day (none for the
    first version)."""

    version: PolicyVersion
    changed: tuple[str, ...]


def timeline(pack: PolicyPack) -> list[VersionStart]:
    versions = pack.versions
    out = [VersionStart(versions[0], ())]
    for before, after in pairwise(versions):
        changed = tuple(
            name
            for name in pack.parameters
            if before.params[name].value != after.params[name].value
        )
        out.append(VersionStart(after, changed))
    return out


@dataclass(frozen=True, slots=True)
class MoratoriumPeriod:
    parameter: str  # one of MORATORIA
    description: str
    period: DatedValue  # the days it is in force (valid_to None: no end set) and its sources


def moratoria(pack: PolicyPack) -> list[MoratoriumPeriod]:
    """Every period in which the pack says a moratorium is in force, by start."""
    periods = [
        MoratoriumPeriod(name, pack.parameters[name].description, value)
        for name in MORATORIA
        if name in pack.parameters
        for value in pack.parameters[name].values
        if value.value is True
    ]
    return sorted(periods, key=lambda p: (p.period.valid_from, MORATORIA.index(p.parameter)))


def rule_in(version: PolicyVersion, rule_id: str) -> str | None:
    """The rule as it reads in `version`, its parameters put in and constants folded; None
    where that changes nothing."""
    here = unparse(version.folded[rule_id])
    return None if here == unparse(version.pack.rules[rule_id].expr) else here
