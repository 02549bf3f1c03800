"""The analyst's forms: a cohort as the cohort file allows it (`refuge.analytics.cohort.Cohort`),
read from a form's fields with a message in the reader's language for each mistake, and the
names the pages show for the cohort's codes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from babel import Locale
from babel.dates import format_date
from pydantic import ValidationError
from starlette.requests import Request

from refuge.analytics.cohort import Cohort
from refuge.policy.country import NoPackForCountry, load_country_pack
from refuge.web import i18n
from refuge.web.labels import N_
from refuge.web.templating import gettext

COHORT_FIELDS = (
    "nationality",
    "region",
    "permit",
    "permit_ground",
    "granted_from",
    "granted_to",
    "at",
    "application",
)
FIELD_LABELS = {
    "nationality": N_("Nationality"),
    "region": N_("Region of origin"),
    "permit": N_("Permit"),
    "permit_ground": N_("Permit ground"),
    "granted_from": N_("Granted from"),
    "granted_to": N_("Granted until"),
    "at": N_("Reference date"),
    "application": N_("Application"),
    "by": N_("Count per"),
    "start": N_("First month"),
    "months": N_("Months"),
}
PERMIT_KINDS = {"temporary_asylum": N_("temporary asylum permit")}
PERMIT_GROUNDS = {
    "refugee": N_("refugee status"),
    "subsidiary_general_risk": N_("subsidiary protection, general risk"),
    "subsidiary_individual": N_("subsidiary protection, individual risk"),
}
APPLICATIONS = {"pending": N_("pending"), "decided": N_("decided")}
GROUPINGS = {
    "region": N_("region of origin"),
    "nationality": N_("nationality"),
    "permit_ground": N_("permit ground"),
}
CHOICES = {"permit": PERMIT_KINDS, "permit_ground": PERMIT_GROUNDS, "application": APPLICATIONS}
DATES = ("granted_from", "granted_to", "at")


@dataclass
class CohortForm:
    """A cohort form as sent (shown again with its message when refused)."""

    values: dict[str, str]
    cohort: Cohort | None = None
    error: str | None = None
    invalid: list[str] = field(default_factory=list)  # the fields to mark


def blank(**defaults: str) -> dict[str, str]:
    return {name: "" for name in (*COHORT_FIELDS, "by", "start", "months")} | defaults


def read_cohort_form(request: Request, values: dict[str, str]) -> CohortForm:
    """The cohort of the form's `values`, or the form with the message that says what to fix."""
    form = CohortForm({k: v.strip() for k, v in values.items()})
    given = form.values
    given["nationality"] = given.get("nationality", "").upper()
    given["region"] = given.get("region", "").upper()
    data: dict[str, object] = {}
    for name in COHORT_FIELDS:
        value = given.get(name, "")
        if not value:
            continue
        if name in CHOICES and value not in CHOICES[name]:
            form.invalid.append(name)
        elif name in DATES:
            try:
                data[name] = date.fromisoformat(value)
            except ValueError:
                form.invalid.append(name)
        else:
            data[name] = value
    if not form.invalid:
        if (data.get("permit_ground") or data.get("granted_from") or data.get("granted_to")) and (
            not data.get("permit")
        ):
            form.invalid = ["permit"]
            form.error = gettext(
                request, "A permit ground or a grant period needs a permit kind: choose one."
            )
            return form
        start, end = data.get("granted_from"), data.get("granted_to")
        if isinstance(start, date) and isinstance(end, date) and end < start:
            form.invalid = ["granted_to"]
            form.error = gettext(request, "The grant period ends before it starts.")
            return form
        try:
            form.cohort = Cohort.model_validate(data)
            return form
        except ValidationError as exc:
            form.invalid = sorted({str(e["loc"][-1]) for e in exc.errors() if e.get("loc")})
    form.error = fields_to_check(request, form.invalid)
    return form


def fields_to_check(request: Request, names: list[str]) -> str:
    shown = ", ".join(gettext(request, FIELD_LABELS.get(n, n)) for n in names)
    return gettext(request, "Check these fields: %(fields)s.", fields=shown)


def group_label(request: Request, by: str | None, key: str) -> str:
    """The name a reader knows a group of `count_cohort` by."""
    if by is None:
        return gettext(request, "Persons in the cohort")
    if by == "permit_ground":
        return gettext(request, PERMIT_GROUNDS.get(key, key))
    if by == "nationality":
        name = Locale.parse(i18n.language_of(request)).territories.get(key)
        return f"{name} ({key})" if name else key
    try:
        return load_country_pack(key[:2]).region_name(key)
    except NoPackForCountry:
        return key


def describe(request: Request, cohort: dict[str, object]) -> str:
    """A cohort (as stored with a run) in words: 'Nationality: SY; Permit: ...'."""
    parts = []
    for name in COHORT_FIELDS:
        value = cohort.get(name)
        if value is None:
            continue
        shown = str(value)
        if name in DATES:
            shown = format_date(date.fromisoformat(shown), locale=i18n.language_of(request))
        elif name in CHOICES:
            shown = gettext(request, CHOICES[name].get(shown, shown))
        parts.append(f"{gettext(request, FIELD_LABELS[name])}: {shown}")
    return "; ".join(parts) or gettext(request, "everyone")
