"""Charter plans (read-only): which of the team's return cases are ready for a charter to a
country, on which flight, and who waits and why; or the same in aggregate, through disclosure
control. Nothing is stored but the audit trail's records of the reading."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query

from refuge.api.auth import ActorDep
from refuge.api.deps import NowDep, SessionDep
from refuge.api.problems import invalid_input
from refuge.casework.charter import By, Kind
from refuge.casework.charter_plan import (
    MAX_EVERY_DAYS,
    MAX_FLIGHTS,
    MAX_SEATS,
    CharterPlan,
    CharterRequest,
    CharterRequestInvalid,
    plan_charter,
)
from refuge.casework.charter_summary import CharterSummary, summarise
from refuge.strict import Day

router = APIRouter(prefix="/charter-plans", tags=["returns and re-assessments"])

# the service's field -> the query key that carries it
QUERY_KEYS = {
    "country": "country",
    "first_flight": "firstFlight",
    "seats": "seats",
    "flights": "flights",
    "every_days": "everyDays",
}


@router.get("", response_model=CharterPlan | CharterSummary)
def charter_plan(
    db: SessionDep,
    actor: ActorDep,
    now: NowDep,
    country: Annotated[str, Query(description="destination, ISO 3166-1 alpha-2, e.g. SY")],
    first_flight: Annotated[Day, Query(alias="firstFlight", description="the first flight's date")],
    seats: Annotated[
        int, Query(ge=1, le=MAX_SEATS, description="seats per flight (an assumption you set)")
    ],
    kind: Annotated[Kind, Query(description="voluntary or forced")] = "voluntary",
    flights: Annotated[int, Query(ge=1, le=MAX_FLIGHTS, description="per destination")] = 1,
    every_days: Annotated[
        int, Query(alias="everyDays", ge=1, le=MAX_EVERY_DAYS, description="days between flights")
    ] = 7,
    by: Annotated[By, Query(description="one flight per region of return, or per country")] = (
        "region"
    ),
    view: Annotated[
        Literal["cases", "summary"],
        Query(description="cases: return case ids; summary: counts through disclosure control"),
    ] = "cases",
) -> CharterPlan | CharterSummary:
    """Plan charter flights for your team's open return cases to `country`: a voluntary charter
    carries people on the voluntary or facilitated track, a forced charter only people the
    country's pack allows to be returned by force on the flight's date — never with an
    established real risk on return. Each plan lists the assumptions it rests on."""
    request = CharterRequest(
        country=country,
        first_flight=first_flight,
        seats=seats,
        kind=kind,
        flights=flights,
        every_days=every_days,
        by=by,
    )
    try:
        plan = plan_charter(db, actor, request, now.date())
    except CharterRequestInvalid as exc:
        db.rollback()
        error = {"loc": ("query", QUERY_KEYS[exc.field]), "msg": exc.message, "type": exc.code}
        raise invalid_input([error]) from None
    db.commit()  # the audit trail's records of the reading
    return summarise(plan) if view == "summary" else plan
