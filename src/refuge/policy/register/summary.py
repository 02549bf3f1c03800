"""The figures of a pack that the register's texts state: how many rules, values, assumptions,
which facts the rules read, which days the policy covers. Counted from the pack, so the texts
change when the pack does."""

from __future__ import annotations

from dataclasses import dataclass

from refuge.policy.pack import PolicyPack

# GDPR art. 9 and 10 data among the facts (the same list casework encrypts; a test keeps them equal)
SPECIAL_FACTS = (
    "grounds",
    "risk_profiles",
    "exclusion_grounds",
    "exclusion_indications",
    "regime_support_indications",
)
# the Dutch and English names of the countries that have a pack; others are shown by their code
COUNTRY_NAMES = {"nl": {"SY": "Syrië"}, "en": {"SY": "Syria"}}


@dataclass(frozen=True, slots=True)
class Summary:
    country: str
    rules: int  # plain rules
    tables: int  # outcome tables
    rows: int  # their rows
    judgments: int  # rules and tables that leave a judgment to the caseworker
    parameters: int
    values: int  # dated values of the parameters
    versions: int
    assumptions: int
    documents: int  # sources that are not assumptions
    valid_from: str
    latest_version: str
    last_source: str | None  # the newest dated source: later values are projections
    facts: tuple[str, ...]  # the case facts the rules read, in the vocabulary's order
    special: tuple[str, ...]  # those that are special-category data
    scenarios: int

    def country_name(self, lang: str) -> str:
        return COUNTRY_NAMES.get(lang, {}).get(self.country, self.country)


def summarise(pack: PolicyPack, scenarios: int, fact_order: tuple[str, ...]) -> Summary:
    read = set().union(*(r.reads_facts for r in pack.rules.values()))
    facts = tuple(f for f in fact_order if f in read)
    days = [s.date for s in pack.sources.values() if s.date is not None]
    tables = [r for r in pack.rules.values() if r.rows]
    return Summary(
        country=pack.country,
        rules=len(pack.rules) - len(tables),
        tables=len(tables),
        rows=sum(len(r.rows) for r in tables),
        judgments=sum(1 for r in pack.rules.values() if r.judgment),
        parameters=len(pack.parameters),
        values=sum(len(p.values) for p in pack.parameters.values()),
        versions=len(pack.starts),
        assumptions=sum(1 for s in pack.sources.values() if s.kind == "assumption"),
        documents=sum(1 for s in pack.sources.values() if s.kind != "assumption"),
        valid_from=pack.valid_from.isoformat(),
        latest_version=pack.starts[-1].isoformat(),
        last_source=max(days).isoformat() if days else None,
        facts=facts,
        special=tuple(f for f in facts if f in SPECIAL_FACTS),
        scenarios=scenarios,
    )
