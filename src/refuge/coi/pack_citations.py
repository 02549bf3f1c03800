"""The report library passages the country packs cite, and what in each pack rests on them.

A pack source may cite one passage (`coi:`, `refuge.policy.coi_citation`). What rests on the
source rests on its passage: the rules and outcome rows that cite the source, the parameter
values that cite it (with the days they are in force), and the rules that read such a value.
Pure: packs in, citations out; the library is asked in `refuge.coi.provenance`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from refuge.casework.errors import NotFound
from refuge.coi.provenance_errors import PackNotReadable
from refuge.policy.coi_citation import CoiCitation
from refuge.policy.country import NoPackForCountry, load_country_pack
from refuge.policy.errors import PackError
from refuge.policy.locate import pack_dir
from refuge.policy.pack import PolicyPack

DependentKind = Literal["rule", "outcome_row", "parameter"]


@dataclass(frozen=True, slots=True)
class Dependent:
    """A rule, outcome row or parameter value resting on a cited source, and the days (and
    so the pack's versions) in which it does."""

    kind: DependentKind
    id: str  # the rule, outcome table or parameter
    row: str | None  # an outcome row: its number from 1, or "otherwise"
    via: str | None  # a rule that reads a citing parameter: that parameter
    valid_from: date
    valid_to: date | None
    first_version: str
    last_version: str


@dataclass(frozen=True, slots=True)
class PackCitation:
    country: str
    pack_sha256: str
    source: str  # the source's id in the pack
    title: str
    locator: str | None
    citation: CoiCitation
    dependents: tuple[Dependent, ...]


def packs(country: str | None = None) -> list[PolicyPack]:
    """The pack of `country`, or of every country that has one."""
    countries = [country.upper()] if country else sorted(p.stem for p in pack_dir().glob("*.yaml"))
    loaded = []
    for code in countries:
        try:
            loaded.append(load_country_pack(code))
        except NoPackForCountry:
            raise NotFound("policy pack for country", code) from None
        except PackError as exc:
            raise PackNotReadable(code, f"{len(exc.problems)} problem(s): {exc}") from None
    return loaded


def pack_citations(pack: PolicyPack) -> list[PackCitation]:
    """Every passage citation of the pack, in the order of its sources."""
    return [
        PackCitation(
            pack.country,
            pack.sha256,
            source.id,
            source.title,
            source.locator,
            source.coi,
            tuple(dependents(pack, source.id)),
        )
        for source in pack.sources.values()
        if source.coi is not None
    ]


def dependents(pack: PolicyPack, source: str) -> list[Dependent]:
    """What in `pack` rests on `source`: its parameters' values first, then rules and rows."""
    out: list[Dependent] = []
    citing_values: dict[str, list[tuple[date, date | None]]] = {}
    for name, parameter in pack.parameters.items():
        for value in parameter.values:
            if source in value.cite:
                days = (value.valid_from, value.valid_to)
                citing_values.setdefault(name, []).append(days)
                out.append(_dependent(pack, "parameter", name, None, None, *days))
    for rule_id, rule in pack.rules.items():
        if source in rule.cite:
            out.append(_dependent(pack, "rule", rule_id, None, None, pack.valid_from, None))
        for number, row in enumerate(rule.rows, start=1):
            if source in row.cite:
                label = "otherwise" if row.when is None else str(number)
                kind: DependentKind = "outcome_row"
                out.append(_dependent(pack, kind, rule_id, label, None, pack.valid_from, None))
        for name in sorted(rule.reads_params & citing_values.keys()):
            for days in citing_values[name]:
                out.append(_dependent(pack, "rule", rule_id, None, name, *days))
    return out


def _dependent(
    pack: PolicyPack,
    kind: DependentKind,
    id_: str,
    row: str | None,
    via: str | None,
    valid_from: date,
    valid_to: date | None,
) -> Dependent:
    first = pack.as_of(valid_from).label
    last = pack.as_of(valid_to).label if valid_to else pack.versions[-1].label
    return Dependent(kind, id_, row, via, valid_from, valid_to, first, last)
