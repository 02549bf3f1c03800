"""Return pages: the team's return cases on a board by state, and charter planning (the plan of
`GET /api/v1/charter-plans`, asked for with a form of query parameters: it is read-only)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Annotated, Any

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal
from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from refuge.api.deps import SessionDep
from refuge.casework.charter import KINDS
from refuge.casework.charter_plan import (
    MAX_EVERY_DAYS,
    MAX_FLIGHTS,
    MAX_SEATS,
    CharterPlan,
    CharterRequest,
    CharterRequestInvalid,
    plan_charter,
)
from refuge.casework.lifecycle import RETURN
from refuge.casework.return_board import ReturnCard, return_board, return_cards
from refuge.policy.country import NoPackForCountry, load_country_pack
from refuge.policy.locate import pack_dir
from refuge.web import i18n
from refuge.web.labels import N_
from refuge.web.pages import ViewerDep
from refuge.web.templating import gettext, render

router = APIRouter()

RETURN_STATES = {
    "opened": N_("Opened"),
    "voluntary_departure": N_("Voluntary departure"),
    "facilitated_departure": N_("Facilitated departure"),
    "forced_departure": N_("Forced departure"),
    "departed": N_("Departed"),
    "closed": N_("Closed"),
}
assert list(RETURN_STATES) == RETURN.states  # one column per state, in the lifecycle's order
ROUTES = {
    "no_track": N_("no track chosen yet"),
    "voluntary": N_("voluntary, without support"),
    "supported": N_("voluntary, with support"),
    "charter": N_("charter flight"),
    "forced": N_("forced"),
    "not_verified": N_("departure not verified"),
}
NO_DEPARTURE = N_("no departure recorded")
# why a case waits: a title and what it means, for the plan's reasons and the pack's
REASONS = {
    "no_seat": (
        N_("No seat left"),
        N_("Every planned flight to this destination is full."),
    ),
    "no_track_chosen": (
        N_("No departure track chosen"),
        N_(
            "Move the case to voluntary, facilitated or (where the policy allows it) forced "
            "departure first."
        ),
    ),
    "forced_track": (
        N_("On the forced track"),
        N_("A voluntary charter carries only people who chose to leave."),
    ),
    "voluntary_track": (
        N_("Chose to leave voluntarily"),
        N_("A forced charter never carries a person who chose voluntary or facilitated departure."),
    ),
    "application_pending": (
        N_("An application is still open"),
        N_("An application of this person is still open: decide it, or it is withdrawn, first."),
    ),
    "permit_in_force": (
        N_("Residence permit in force"),
        N_(
            "Not obliged to leave while the permit is in force; the permit is handed in before "
            "a supported departure."
        ),
    ),
    "article_3": (
        N_("Real risk on return (Article 3 ECHR)"),
        N_(
            "A real risk of ill-treatment on return is established: Article 3 ECHR bars forced "
            "return while it lasts, even for a person excluded from protection and even once a "
            "return agreement exists."
        ),
    ),
    "risk_not_assessed": (
        N_("Risk on return not assessed"),
        N_(
            "The account is partly credible on a protection ground: forced return cannot be "
            "considered until the risk on return is assessed."
        ),
    ),
    "no_return_agreement": (
        N_("No return agreement"),
        N_(
            "Forced return needs a return-cooperation agreement with the country's "
            "authorities; none is in force."
        ),
    ),
    "departure_moratorium": (
        N_("Departure moratorium"),
        N_("A departure moratorium is in force: no forced return."),
    ),
    "not_obliged": (
        N_("Not obliged to leave"),
        N_("This person is not obliged to leave: forced return does not arise."),
    ),
    "cannot_assess": (
        N_("Cannot be assessed"),
        N_("The policy cannot be applied to this case on the flight's date; check the case."),
    ),
}
KIND_LABELS = {"voluntary": N_("Voluntary"), "forced": N_("Forced")}
BY_LABELS = {"region": N_("One flight per region of return"), "country": N_("One per country")}
FIELD_KEYS = {  # the service's field -> the form's (and the API's) query key
    "country": "country",
    "first_flight": "firstFlight",
    "seats": "seats",
    "flights": "flights",
    "every_days": "everyDays",
    "kind": "kind",
    "by": "by",
}
Param = Annotated[str | None, Query()]
LONGEST = 40  # no value of the form is longer; a longer one is cut, and so refused


def today() -> date:
    return datetime.now(UTC).date()


def country_name(request: Request, code: str) -> str:
    name = Locale.parse(i18n.language_of(request)).territories.get(code)
    return f"{name} ({code})" if name else code


def region_names(countries: set[str]) -> dict[str, str]:
    """'Damascus (SY-DI)' for every region code of the packs of `countries`."""
    names: dict[str, str] = {}
    for country in countries:
        try:
            pack = load_country_pack(country)
        except NoPackForCountry:
            continue
        names.update({code: pack.region_name(code) for code in pack.regions})
    return names


@router.get("/returns")
def board(request: Request, viewer: ViewerDep, db: SessionDep) -> Response:
    day = today()
    columns = return_board(db, viewer.actor, day)
    countries = {card.nationality for column in columns for card in column.cards}
    return render(
        request,
        "returns.html",
        {
            "columns": columns,
            "total": sum(column.count for column in columns),
            "states": RETURN_STATES,
            "routes": ROUTES,
            "no_departure": NO_DEPARTURE,
            "regions": region_names(countries),
            "today": day,
        },
    )


class Refused(Exception):
    """A value of the charter form that cannot be planned: the field (its query key) and the
    message the page shows."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(message)
        self.key = key
        self.message = message


@dataclass(frozen=True)
class CharterForm:
    country: str
    first_flight: str
    seats: str
    kind: str
    flights: str
    every_days: str
    by: str


def _whole(request: Request, key: str, value: str, label: str, top: int) -> int:
    try:
        number = int(value.strip())
    except ValueError:
        number = 0
    if not 1 <= number <= top:
        raise Refused(
            key,
            gettext(
                request,
                "%(field)s: give a whole number from 1 to %(top)s.",
                field=gettext(request, label),
                top=format_decimal(top, locale=i18n.language_of(request)),
            ),
        )
    return number


def charter_request(request: Request, form: CharterForm) -> CharterRequest:
    """The plan asked for, or Refused naming the first field that cannot be read."""
    country = form.country.strip().upper()
    try:
        first_flight = date.fromisoformat(form.first_flight.strip())
    except ValueError:
        raise Refused(
            "firstFlight",
            gettext(request, "First flight: give a date (day, month and year)."),
        ) from None
    if form.kind not in KINDS:
        raise Refused("kind", gettext(request, "Kind of charter: choose voluntary or forced."))
    if form.by not in BY_LABELS:
        raise Refused(
            "by", gettext(request, "Destinations: choose one flight per region or per country.")
        )
    return CharterRequest(
        country=country,
        first_flight=first_flight,
        seats=_whole(request, "seats", form.seats, N_("Seats per flight"), MAX_SEATS),
        kind="forced" if form.kind == "forced" else "voluntary",
        flights=_whole(
            request, "flights", form.flights, N_("Flights per destination"), MAX_FLIGHTS
        ),
        every_days=_whole(
            request, "everyDays", form.every_days, N_("Days between flights"), MAX_EVERY_DAYS
        ),
        by="country" if form.by == "country" else "region",
    )


def refused_by_service(request: Request, error: CharterRequestInvalid) -> Refused:
    """The service's check of the request (a country without a pack, a date too early), in
    the page's language."""
    key = FIELD_KEYS.get(error.field, error.field)
    if error.field == "country":
        return Refused(key, gettext(request, "Destination: choose a country with a policy pack."))
    if error.field == "first_flight" and "planning day" in error.message:
        return Refused(key, gettext(request, "First flight: the date is before today."))
    if error.field == "first_flight":
        return Refused(
            key, gettext(request, "First flight: the date is before the country's policy begins.")
        )
    return Refused(key, f"{error.message} ({error.code})")


def assumptions(request: Request, asked: CharterRequest) -> list[str]:
    """The plan's assumptions (`casework.charter_plan.assumptions`) in the page's language."""
    language = i18n.language_of(request)

    def day(value: date) -> str:
        return format_date(value, format="long", locale=language)

    destination = (
        gettext(
            request,
            "Each flight serves one region of return: the person's region of origin (return "
            "to the home region; where an internal protection alternative points elsewhere, "
            "that region is not recorded).",
        )
        if asked.by == "region"
        else gettext(
            request, "Each flight serves the whole country; the region of return is not used."
        )
    )
    return [
        gettext(
            request,
            "Seats per flight: %(seats)s, as given; no source gives a charter's capacity (the "
            "one published charter, on %(day)s, carried %(people)s people).",
            seats=str(asked.seats),
            day=day(date(2025, 9, 16)),
            people="84",
        ),
        gettext(
            request,
            "Flight dates: the first on %(first)s, then every %(every)s days, at most "
            "%(flights)s per destination, as given; no source says how charter dates are "
            "chosen.",
            first=day(asked.first_flight),
            every=str(asked.every_days),
            flights=str(asked.flights),
        ),
        destination,
        gettext(request, "The destination country is the person's nationality."),
        gettext(request, "Seats go to the case waiting longest (its return case opened first)."),
        gettext(
            request,
            "An open application or a residence permit in force keeps a person off a charter "
            "(return support asks that the application is withdrawn or the permit handed in).",
        ),
    ]


def countries_with_a_pack() -> list[str]:
    return sorted(
        path.stem
        for path in pack_dir().glob("*.yaml")
        if len(path.stem) == 2 and path.stem.isalpha() and path.stem.isupper()
    )


def _order(reason: str) -> int:
    """The known reasons in the order of REASONS, then any other the pack gives."""
    return list(REASONS).index(reason) if reason in REASONS else len(REASONS)


def _plan_view(plan: CharterPlan, cards: dict[uuid.UUID, ReturnCard]) -> dict[str, Any]:
    """The plan as the page shows it: the flights by destination, then date; who waits, by
    reason."""
    destinations: dict[str, list[Any]] = {}
    for flight in sorted(plan.flights, key=lambda f: (f.region or f.country, f.date)):
        destinations.setdefault(flight.region or flight.country, []).append(
            (flight, [cards[i] for i in flight.return_case_ids if i in cards])
        )
    waiting: dict[str, list[Any]] = {}
    for w in plan.waiting:
        if w.return_case_id in cards:
            waiting.setdefault(w.reason, []).append((w, cards[w.return_case_id]))
    return {
        "destinations": destinations,
        "waiting": sorted(waiting.items(), key=lambda kv: (_order(kv[0]), kv[0])),
        "seated": sum(f.booked for f in plan.flights),
        "waiting_count": len(plan.waiting),
    }


@router.get("/returns/charters")
def charters(
    request: Request,
    viewer: ViewerDep,
    db: SessionDep,
    country: Param = None,
    first_flight: Annotated[str | None, Query(alias="firstFlight")] = None,
    seats: Param = None,
    kind: Param = None,
    flights: Param = None,
    every_days: Annotated[str | None, Query(alias="everyDays")] = None,
    by: Param = None,
) -> Response:
    """The form; with any of its values given, the plan, or the page with a message naming the
    field that cannot be planned (200: a refused form is a page, not an error)."""
    day = today()
    asked = any(
        v is not None for v in (country, first_flight, seats, kind, flights, every_days, by)
    )
    form = CharterForm(
        country=(country or "SY")[:LONGEST],
        first_flight=(first_flight or "")[:LONGEST],
        seats=(seats or "")[:LONGEST],
        kind=(kind or "voluntary")[:LONGEST],
        flights=(flights or "1")[:LONGEST],
        every_days=(every_days or "7")[:LONGEST],
        by=(by or "region")[:LONGEST],
    )
    context: dict[str, Any] = {
        "form": form,
        "countries": [(c, country_name(request, c)) for c in countries_with_a_pack()],
        "kinds": KIND_LABELS,
        "bys": BY_LABELS,
        "limits": {"seats": MAX_SEATS, "flights": MAX_FLIGHTS, "everyDays": MAX_EVERY_DAYS},
        "today": day,
        "plan": None,
        "error": None,
        "error_at": None,
    }
    if not asked:
        return render(request, "returns_charters.html", context)
    try:
        wanted = charter_request(request, form)
        try:
            plan = plan_charter(db, viewer.actor, wanted, day)
        except CharterRequestInvalid as error:
            raise refused_by_service(request, error) from None
    except Refused as refused:
        db.rollback()
        context.update(error=refused.message, error_at=refused.key)
        return render(request, "returns_charters.html", context)
    ids = [i for f in plan.flights for i in f.return_case_ids] + [
        w.return_case_id for w in plan.waiting
    ]
    cards = return_cards(db, viewer.actor, ids, day)
    db.commit()  # the audit trail's records of the reading
    context.update(
        plan=plan,
        view=_plan_view(plan, cards),
        assumptions=assumptions(request, wanted),
        country_label=country_name(request, plan.country),
        regions=region_names({plan.country}),
        reasons=REASONS,
    )
    return render(request, "returns_charters.html", context)
