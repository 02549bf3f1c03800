"""Policy pages: per country the timeline of policy versions and moratoria, each rule with its
citations, the diff between two dates, and the legal-review table with its assumptions.

Every signed-in role reads them: a pack is public policy, with no personal data in it. Texts of
the pack are in English; the rule texts its catalogue translates are shown in the page's
language, the others marked as English."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from starlette.exceptions import HTTPException
from starlette.responses import Response

from refuge.logging import get_logger
from refuge.policy import PackError, PolicyPack, PolicyVersion
from refuge.policy.basis_change import basis_changes
from refuge.policy.country import NoPackForCountry, load_country_pack
from refuge.policy.diff import diff
from refuge.policy.pack import DatedValue, OutcomeRow, Rule, Source
from refuge.policy.projection import projected_since
from refuge.policy.review_table import Citations, LegalReview, citations_on, legal_review
from refuge.policy.timeline import countries, moratoria, rule_in, timeline
from refuge.policy.translations import ENGLISH, Translations, load_translations
from refuge.web.i18n import language_of
from refuge.web.labels import N_
from refuge.web.pages import LIBRARY_READERS, ViewerDep
from refuge.web.templating import gettext, render
from refuge.web.viewer import Viewer

router = APIRouter()
log = get_logger(__name__)
ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")

# the names of the date fields, as the page's labels say them
FIELDS = {"as_of": N_("Date"), "from": N_("From"), "to": N_("To")}
SOURCE_KINDS = {
    "seed": N_("answers to parliamentary questions"),
    "kamerstuk": N_("parliamentary paper"),
    "law": N_("law"),
    "ambtsbericht": N_("country report"),
    "euaa": N_("EUAA guidance"),
    "court": N_("judgment"),
    "assumption": N_("assumption"),
}
MORATORIUM_LABELS = {
    "decision_moratorium": N_("Decision moratorium"),
    "departure_moratorium": N_("Departure moratorium"),
}


def today() -> date:
    return datetime.now(UTC).date()


def _pack(country: str) -> PolicyPack:
    """The pack of `country`; the 404 page for a country without one."""
    try:
        return load_country_pack(country.upper())
    except NoPackForCountry:
        raise HTTPException(404) from None


@lru_cache(maxsize=16)
def _texts(pack: PolicyPack, language: str) -> Translations:
    """The pack's catalogue of the page's language; English where it cannot be read (a pack
    problem that `refuge policy test` reports, not the reader's)."""
    try:
        return load_translations(pack, language)
    except (PackError, ValueError):
        log.warning("web.policy_catalogue_unreadable", country=pack.country, language=language)
        return ENGLISH


@lru_cache(maxsize=8)
def _links(pack: PolicyPack) -> dict[str, str]:
    """Each source's public page, where the pack gives one that a browser may open."""
    out: dict[str, str] = {}
    for sid, source in pack.sources.items():
        try:
            link = source.link
        except ValueError:
            link = None
        if link and link.startswith(("https://", "http://")):
            out[sid] = link
    return out


def _context(request: Request, viewer: Viewer, pack: PolicyPack) -> dict[str, Any]:
    assumed = frozenset(sid for sid, s in pack.sources.items() if s.kind == "assumption")

    def assumptions_of(cites: Iterable[str]) -> list[Source]:
        return [pack.sources[c] for c in dict.fromkeys(cites) if c in assumed]

    return {
        "pack": pack,
        "tr": _texts(pack, language_of(request)),
        "links": _links(pack),
        "assumed": assumed,
        "assumptions_of": assumptions_of,
        "passages": viewer.role in LIBRARY_READERS,  # the library pages are theirs
        "today": today(),
    }


@dataclass(frozen=True, slots=True)
class DayField:
    """A date field of a form: what was typed, the day it names, and what is wrong with it."""

    name: str
    text: str
    day: date | None
    error: str | None


def _read_day(
    request: Request, pack: PolicyPack, name: str, text: str | None, required: bool
) -> DayField:
    typed = (text or "").strip()[:64]  # shown back in the form; no date is longer
    field = gettext(request, FIELDS[name])
    if not typed:
        message = gettext(request, "“%(field)s” is empty: give a date.", field=field)
        return DayField(name, typed, None, message if required else None)
    day = None
    if ISO_DAY.fullmatch(typed):
        try:
            day = date.fromisoformat(typed)
        except ValueError:
            day = None
    if day is None:
        message = gettext(
            request,
            "“%(field)s” is not a date: write it as YYYY-MM-DD, for example 2025-01-01.",
            field=field,
        )
        return DayField(name, typed, None, message)
    if day < pack.valid_from:
        message = gettext(
            request,
            "“%(field)s”: the policy of %(country)s starts on %(start)s; choose that day or later.",
            field=field,
            country=pack.country,
            start=pack.valid_from.isoformat(),
        )
        return DayField(name, typed, None, message)
    return DayField(name, typed, day, None)


# -- the countries --------------------------------------------------------------------------


@router.get("/policy")
def policy_index(request: Request, viewer: ViewerDep) -> Response:
    found: list[dict[str, Any]] = []
    for country in countries():
        try:
            pack = load_country_pack(country)
        except (NoPackForCountry, PackError):
            log.warning("web.policy_pack_unreadable", country=country)
            found.append({"country": country, "pack": None, "in_force": None})
            continue
        in_force = pack.as_of(max(today(), pack.valid_from))
        found.append({"country": country, "pack": pack, "in_force": in_force})
    return render(request, "policy_index.html", {"countries": found, "today": today()})


# -- one country: its versions, moratoria, and the policy on a day ---------------------------


@dataclass(frozen=True, slots=True)
class ParameterView:
    name: str
    description: str
    unit: str | None
    value: DatedValue
    projection: date | None  # the newest source, if using the value on the day is a projection


@dataclass(frozen=True, slots=True)
class RowView:
    row: OutcomeRow
    cited: Citations


@dataclass(frozen=True, slots=True)
class RuleView:
    rule: Rule
    here: str | None  # the rule with this version's parameters put in, if that changes it
    cited: Citations | None  # None for an outcome table: its rows cite
    rows: tuple[RowView, ...]
    projections: tuple[str, ...]  # the projected parameters it reads


def _policy_on(version: PolicyVersion, day: date) -> tuple[list[ParameterView], list[RuleView]]:
    pack = version.pack
    parameters = [
        ParameterView(
            name,
            p.description,
            p.unit,
            version.params[name],
            projected_since(pack, version.params[name], day),
        )
        for name, p in pack.parameters.items()
    ]
    projected = {p.name for p in parameters if p.projection}
    rules = [
        RuleView(
            rule,
            rule_in(version, rid),
            None if rule.rows else citations_on(version, rule.cite, rule.basis),
            tuple(RowView(r, citations_on(version, r.cite, r.basis)) for r in rule.rows),
            tuple(sorted(rule.reads_params & projected)),
        )
        for rid, rule in pack.rules.items()
    ]
    return parameters, rules


@router.get("/policy/{country}")
def policy_country(
    country: str, request: Request, viewer: ViewerDep, as_of: str | None = None
) -> Response:
    pack = _pack(country)
    asked = _read_day(request, pack, "as_of", as_of, required=False)
    day = asked.day or today()
    version = pack.as_of(max(day, pack.valid_from))
    parameters, rules = _policy_on(version, day)
    return render(
        request,
        "policy_country.html",
        {
            **_context(request, viewer, pack),
            "versions": timeline(pack),
            "moratoria": moratoria(pack),
            "moratorium_labels": MORATORIUM_LABELS,
            "version": version,
            "in_force_today": pack.as_of(max(today(), pack.valid_from)),
            "day": day,
            "asked": asked,
            "parameters": parameters,
            "rules": rules,
        },
    )


# -- what changed between two dates ----------------------------------------------------------


@router.get("/policy/{country}/diff")
def policy_diff(
    country: str,
    request: Request,
    viewer: ViewerDep,
    start: Annotated[str | None, Query(alias="from")] = None,
    end: Annotated[str | None, Query(alias="to")] = None,
) -> Response:
    pack = _pack(country)
    asked = start is not None or end is not None
    first = _read_day(request, pack, "from", start, required=asked)
    second = _read_day(request, pack, "to", end, required=asked)
    if not asked:  # the empty form: suggest the latest change before today
        in_force = pack.as_of(max(today(), pack.valid_from))
        before = pack.version(max(in_force.index - 1, 0))
        first = DayField("from", before.valid_from.isoformat(), None, None)
        second = DayField("to", in_force.valid_from.isoformat(), None, None)
    changes = None
    if first.day is not None and second.day is not None:
        changes = diff(pack, first.day, second.day)
    basis = basis_changes(changes) if changes else []
    basis_names = {b.change.name for b in basis}
    return render(
        request,
        "policy_diff.html",
        {
            **_context(request, viewer, pack),
            "first": first,
            "second": second,
            "errors": [f.error for f in (first, second) if f.error],
            "changes": changes,
            "parameters": [p for p in changes.parameters if p.name not in basis_names]
            if changes
            else [],
            "basis": basis,
        },
    )


# -- the legal review ------------------------------------------------------------------------


@lru_cache(maxsize=8)
def _review(pack: PolicyPack) -> LegalReview:
    return legal_review(pack)


@router.get("/policy/{country}/review")
def policy_review(country: str, request: Request, viewer: ViewerDep) -> Response:
    pack = _pack(country)
    found = _review(pack)
    return render(
        request,
        "policy_review.html",
        {
            **_context(request, viewer, pack),
            "review": found,
            "source_kinds": SOURCE_KINDS,
            "outcome_tables": sum(1 for r in pack.rules.values() if r.rows),
            "outcome_rows": sum(len(r.rows) for r in pack.rules.values()),
            "dated_values": sum(len(p.values) for p in pack.parameters.values()),
        },
    )
