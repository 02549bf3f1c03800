"""A pack's registration (`Registration`) in one language: the register's fields written around
the pack's figures, and every rule, dated value, assumption and source taken from the pack.

Nothing here reads the clock: the same pack, catalogue and scenario count give the same data."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from refuge import __version__
from refuge.policy.facts import FACT_DOCS, FACTS
from refuge.policy.pack import DatedValue as PackValue
from refuge.policy.pack import PolicyPack
from refuge.policy.pack import Rule as PackRule
from refuge.policy.pack import Source as PackSource
from refuge.policy.register import texts
from refuge.policy.register.ai_act import ai_act_points
from refuge.policy.register.model import (
    TO_COMPLETE,
    Assumption,
    DatedBasis,
    DatedValue,
    Lang,
    Link,
    Pack,
    Parameter,
    RegisterFields,
    Registration,
    Row,
    Rule,
    Source,
    ToComplete,
)
from refuge.policy.register.summary import Summary, summarise
from refuge.policy.review import LEGAL_BASIS_KINDS
from refuge.policy.translations import Translations
from refuge.rules.types import Value

# the register fields only the deploying organisation can fill, with their names in the standard
OPEN_FIELDS = (
    ("organization", "Organisatie"),
    ("category", "Thema"),
    ("status", "Status"),
    ("begin_date", "Begindatum"),
    ("end_date", "Einddatum"),
    ("contact_email", "Contactgegevens"),
    ("website", "Link naar publiekspagina"),
    ("url", "Link naar bronregistratie"),
    ("process_index_url", "Verwerkingsregister"),
    ("impacttoetsen", "Impacttoets(en)"),
    ("impacttoetsen_grouping", "Link naar impacttoets"),
    ("provider", "Leverancier"),
    ("publiccode", "Link naar broncode"),
)


def registration(pack: PolicyPack, catalogue: Translations, scenarios: int = 0) -> Registration:
    """The registration of `pack` in the catalogue's language; `scenarios` is the number of the
    pack's scenarios, all passing (the command runs them first)."""
    lang: Lang = "nl" if catalogue.lang == "nl" else "en"
    s = summarise(pack, scenarios, tuple(FACTS))
    marker = TO_COMPLETE[lang]
    return Registration(
        lang=lang,
        register_fields=_register(pack, s, lang, marker),
        to_complete=[ToComplete(field=f, label=label, note=marker) for f, label in OPEN_FIELDS],
        ai_act=ai_act_points(s, lang, marker),
        rules=[_rule(pack, r, catalogue) for r in pack.rules.values()],
        parameters=[
            Parameter(
                name=p.name,
                description=p.description,
                unit=p.unit,
                values=[
                    DatedValue(
                        value=_text(v.value),
                        valid_from=v.valid_from.isoformat(),
                        valid_to=_day(v.valid_to),
                        cite=list(v.cite),
                        note=v.note,
                    )
                    for v in p.values
                ],
            )
            for p in pack.parameters.values()
        ],
        assumptions=_assumptions(pack, catalogue),
        sources=[
            Source(
                id=x.id,
                kind=x.kind,
                title=x.title,
                date=_day(x.date),
                locator=x.locator,
                ref=x.ref,
                link=x.link,
            )
            for x in pack.sources.values()
            if x.kind != "assumption"
        ],
        pack=Pack(
            country=pack.country,
            title=pack.title,
            sha256=pack.sha256,
            valid_from=s.valid_from,
            latest_version=s.latest_version,
            versions=s.versions,
            engine=f"refuge {__version__}",
            scenarios_passed=scenarios,
        ),
    )


def _register(pack: PolicyPack, s: Summary, lang: Lang, marker: str) -> RegisterFields:
    laws = [x for x in pack.sources.values() if x.kind in LEGAL_BASIS_KINDS]
    documents = [
        x for x in pack.sources.values() if x.kind not in {*LEGAL_BASIS_KINDS, "assumption"}
    ]
    fact_docs = texts.FACT_DOCS_NL if lang == "nl" else FACT_DOCS
    return RegisterFields(
        name=texts.name(s, lang),
        description_short=texts.description_short(s, lang),
        organization=None,
        category=None,
        status=None,
        begin_date=None,
        end_date=None,
        contact_email=None,
        website=None,
        publication_category="Hoog-risico AI-systeem",
        url=None,
        goal=texts.goal(s, lang),
        proportionality=texts.proportionality(s, lang, marker),
        human_intervention=texts.human_intervention(s, lang),
        risks=texts.risks(s, lang),
        lawful_basis=texts.lawful_basis(lang, [_short(x) for x in laws]),
        lawful_basis_grouping=_links((_short(x), x.link) for x in laws),
        process_index_url=None,
        impacttoetsen=None,
        impacttoetsen_grouping=None,
        impacttoetsen_explanation=texts.impact_explanation(lang, marker),
        source_data=texts.source_data(s, lang, fact_docs),
        source_data_grouping=_links((x.title, x.link) for x in documents),
        methods_and_models=texts.methods_and_models(s, lang, pack.sha256),
        provider=None,
        publiccode=None,
        lang="nld" if lang == "nl" else "eng",
        standard_version="1.0",
        source_id=f"refuge-policy-{pack.country}",
        tags=texts.tags(s, lang),
    )


def _short(source: PackSource) -> str:
    """A legal source by its short name: the judgment's court, date, case and ECLI where the
    pack gives one, or the article."""
    if source.kind == "court" or not source.locator:
        head = source.title.split(" — ")[0]
        if source.ref and source.ref not in head:
            head = f"{head}, {source.ref}"
        return head[:99]
    return source.locator


def _links(pairs: Iterable[tuple[str, str | None]]) -> list[Link]:
    """One link per address, titled by the first source with it; sources without one left out."""
    seen: dict[str, str] = {}
    for title, link in pairs:
        if link and link not in seen:
            seen[link] = title
    return [Link(title=title, link=link) for link, title in seen.items()]


def _rule(pack: PolicyPack, rule: PackRule, t: Translations) -> Rule:
    lang: Lang = "nl" if t.lang == "nl" else "en"
    legal, others, assumed = _split(pack, rule.cite)
    return Rule(
        id=rule.id,
        description=t(rule.description),
        description_lang=lang if rule.description in t.texts or lang == "en" else "en",
        expression=" ".join(rule.expression.split()),
        if_true=_maybe(t, rule.if_true),
        if_false=_maybe(t, rule.if_false),
        explain=_maybe(t, rule.explain),
        judgment=_maybe(t, rule.judgment),
        legal_basis=legal,
        sources=others,
        assumptions=assumed,
        basis=_basis(pack, rule.basis),
        reads_facts=sorted(rule.reads_facts),
        reads_rules=[r for r in pack.rules if r in rule.reads_rules],
        reads_parameters=sorted(rule.reads_params),
        rows=[
            Row(
                when="otherwise" if row.when is None else " ".join(row.when_text.split()),
                value=_text(row.value),
                explain=t(row.explain),
                legal_basis=(split := _split(pack, row.cite))[0],
                sources=split[1],
                assumptions=split[2],
                basis=_basis(pack, row.basis),
            )
            for row in rule.rows
        ],
    )


def _split(pack: PolicyPack, cites: Iterable[str]) -> tuple[list[str], list[str], list[str]]:
    """Cited source ids as (legal basis, other documents, assumptions), in the order cited."""
    kinds = {c: pack.sources[c].kind for c in cites if c in pack.sources}
    legal = [c for c, k in kinds.items() if k in LEGAL_BASIS_KINDS]
    assumed = [c for c, k in kinds.items() if k == "assumption"]
    return legal, [c for c in kinds if c not in legal and c not in assumed], assumed


def _basis(pack: PolicyPack, names: tuple[str, ...]) -> list[DatedBasis]:
    values: list[PackValue] = [v for n in names for v in pack.parameters[n].values]
    return [
        DatedBasis(
            value=_text(v.value),
            valid_from=v.valid_from.isoformat(),
            valid_to=_day(v.valid_to),
            cite=list(v.cite),
        )
        for v in values
    ]


def _assumptions(pack: PolicyPack, t: Translations) -> list[Assumption]:
    cited_by: dict[str, list[str]] = {}
    for r in pack.rules.values():
        for c in (*r.cite, *(c for row in r.rows for c in row.cite)):
            if r.id not in cited_by.setdefault(c, []):
                cited_by[c].append(r.id)
    for p in pack.parameters.values():
        for c in (c for v in p.values for c in v.cite):
            if p.name not in cited_by.setdefault(c, []):
                cited_by[c].append(p.name)
    return [
        Assumption(id=x.id, title=x.title, note=t(x.note or ""), cited_by=cited_by.get(x.id, []))
        for x in pack.sources.values()
        if x.kind == "assumption"
    ]


def _maybe(t: Translations, text: str | None) -> str | None:
    return t(text) if text else None


def _day(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _text(value: Value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, frozenset):
        return "{" + ", ".join(sorted(value)) + "}"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)
