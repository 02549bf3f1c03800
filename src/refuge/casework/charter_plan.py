"""Charter planning: which of the team's open return cases are ready for a charter to a
country, on which planned flight, and which are left waiting and why (the decision record:
docs/decisions/0010-charter-flights-seats-and-bars.md).

A voluntary charter carries only people on the voluntary or facilitated track (they chose to
leave); a forced charter only people on the forced track for whom the country's pack, on the
flight's date and for their facts, says forced return is possible — never one with an
established real risk on return (Article 3 ECHR), and never without a return agreement. An open
application or a residence permit in force keeps anyone off a charter. Reading the facts for
the forced-return check is audited per application, and the plan itself once.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from refuge.case.schema import Case
from refuge.casework import lifecycle
from refuge.casework.access import in_scope, load_application, require_case_role
from refuge.casework.actor import Actor
from refuge.casework.auditing import audit
from refuge.casework.case_facts import READS, case_of
from refuge.casework.charter import (
    TRACKS,
    Bar,
    By,
    Candidate,
    Flight,
    Kind,
    Waiting,
    assign_seats,
    flight_dates,
)
from refuge.casework.deciding import assess_case
from refuge.casework.errors import CaseworkError
from refuge.casework.models import Application, Permit, Person, ReturnCase
from refuge.casework.models.returns import FINAL_STATES
from refuge.policy.country import NoPackForCountry, load_country_pack

MAX_SEATS = 1000  # a guard against a typing slip, not a fact about aircraft
MAX_FLIGHTS = 52
MAX_EVERY_DAYS = 366
PLANNED_FIELDS = ["status", "track", "opened_on", "person.nationality", "person.region_of_origin"]


class CharterRequestInvalid(CaseworkError):
    """A charter request with a value that cannot be planned; `field` names it."""

    code = "invalid-charter-request"
    status = 400

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class CharterRequest:
    country: str  # ISO 3166-1 alpha-2, a country with a policy pack
    first_flight: date
    seats: int
    kind: Kind = "voluntary"
    flights: int = 1  # per destination
    every_days: int = 7
    by: By = "region"


class CharterPlan(BaseModel):
    plan_id: uuid.UUID = Field(description="the audit trail's record of this reading")
    planned_on: date
    country: str
    kind: Kind
    by: By
    seats: int
    dates: list[date]
    flights: list[Flight]
    waiting: list[Waiting]
    assumptions: list[str]


def check_request(request: CharterRequest, today: date) -> None:
    """CharterRequestInvalid naming the first value that cannot be planned."""
    if not re.fullmatch(r"[A-Z]{2}", request.country):
        raise CharterRequestInvalid("country", "a country is two capital letters (ISO 3166-1)")
    try:
        pack = load_country_pack(request.country)
    except NoPackForCountry:
        raise CharterRequestInvalid(
            "country",
            f"there is no policy pack for {request.country}; charters go to a country "
            "the service has a pack for",
        ) from None
    if request.first_flight < today:
        raise CharterRequestInvalid(
            "first_flight", f"the first flight is before the planning day {today.isoformat()}"
        )
    if request.first_flight < pack.versions[0].valid_from:
        raise CharterRequestInvalid(
            "first_flight", "the first flight is before the pack's first day"
        )
    for field, value, top in (
        ("seats", request.seats, MAX_SEATS),
        ("flights", request.flights, MAX_FLIGHTS),
        ("every_days", request.every_days, MAX_EVERY_DAYS),
    ):
        if not 1 <= value <= top:
            raise CharterRequestInvalid(field, f"{field} is a whole number from 1 to {top}")


def plan_charter(
    session: Session, actor: Actor, request: CharterRequest, today: date
) -> CharterPlan:
    """The plan for the actor's team: flights by destination and date, and who waits and why.
    Writes nothing but the audit trail's records of what it read."""
    require_case_role(actor, "plan a charter")
    check_request(request, today)
    dates = flight_dates(request.first_flight, request.every_days, request.flights)
    rows = session.execute(
        in_scope(
            select(ReturnCase, Person)
            .join(Application, Application.id == ReturnCase.application_id)
            .join(Person, Person.id == ReturnCase.person_id),
            actor,
        ).where(ReturnCase.status.not_in(FINAL_STATES), Person.nationality == request.country)
    ).all()
    region = {case.id: person.region_of_origin for case, person in rows}
    open_apps, permits = _held(session, {person.id for _, person in rows})
    waiting: dict[uuid.UUID, Bar] = {}
    candidates: list[Candidate] = []
    for case, person in rows:
        bar = _track_bar(case.status, request.kind) or _person_bar(person.id, open_apps)
        if bar is not None:
            waiting[case.id] = bar
            continue
        destination = person.region_of_origin if request.by == "region" else request.country
        candidates.append(Candidate(case.id, destination, case.opened_on))
    by_id = {case.id: (case, person) for case, person in rows}
    facts_read: set[uuid.UUID] = set()
    forced = _forced_check(session, actor, by_id, facts_read) if request.kind == "forced" else None

    def barred_on(candidate: Candidate, day: date) -> Bar | None:
        person_id = by_id[candidate.return_case_id][1].id
        until = permits.get(person_id)
        if until is not None and until >= day:
            return Bar(
                "permit_in_force",
                f"holds a residence permit in force until {until.isoformat()}: not obliged to "
                "leave; the permit is handed in before a supported departure",
            )
        return forced(candidate.return_case_id, day) if forced is not None else None

    booked, unseated = assign_seats(candidates, dates, request.seats, barred_on)
    waiting.update(unseated)
    plan_id = uuid.uuid4()
    plan = CharterPlan(
        plan_id=plan_id,
        planned_on=today,
        country=request.country,
        kind=request.kind,
        by=request.by,
        seats=request.seats,
        dates=dates,
        flights=[
            Flight(
                date=day,
                country=request.country,
                region=destination if request.by == "region" else None,
                seats=request.seats,
                booked=len(ids),
                return_case_ids=ids,
            )
            for (destination, day), ids in sorted(
                booked.items(), key=lambda kv: (kv[0][1], kv[0][0])
            )
        ],
        waiting=sorted(
            (
                Waiting(return_case_id=i, region=region[i], reason=b.reason, detail=b.detail)
                for i, b in waiting.items()
            ),
            key=lambda w: (w.region, w.reason, str(w.return_case_id)),
        ),
        assumptions=assumptions(request),
    )
    # audited last: the first audit append holds the chain's lock until the caller commits
    for application_id in sorted(facts_read, key=str):
        audit(
            session,
            actor,
            "read",
            "application",
            application_id,
            "charter: forced return check",
            READS,
        )
    purpose = (
        f"charter plan {request.kind} {request.country} from {request.first_flight.isoformat()}"
    )
    audit(session, actor, "read", "charter_plan", plan_id, purpose, PLANNED_FIELDS)
    return plan


def _track_bar(status: str, kind: Kind) -> Bar | None:
    if status in TRACKS[kind]:
        return None
    if status == lifecycle.RETURN.initial:
        return Bar(
            "no_track_chosen",
            "no departure track yet: move the case to voluntary_departure, "
            "facilitated_departure or (where the policy allows it) forced_departure first",
        )
    if kind == "voluntary":
        return Bar(
            "forced_track",
            "on the forced track: a voluntary charter carries only people who chose to leave",
        )
    return Bar(
        "voluntary_track",
        "chose voluntary or facilitated departure: a forced charter never carries them",
    )


def _person_bar(person_id: uuid.UUID, open_apps: set[uuid.UUID]) -> Bar | None:
    if person_id in open_apps:
        return Bar(
            "application_pending",
            "an application of this person is still open: decide it, or it is withdrawn, first",
        )
    return None


def _held(session: Session, people: set[uuid.UUID]) -> tuple[set[uuid.UUID], dict[uuid.UUID, date]]:
    """Of `people`, who has an open application (in any team), and the last day of each one's
    active permits."""
    if not people:
        return set(), {}
    open_apps = set(
        session.scalars(
            select(Application.person_id).where(
                Application.person_id.in_(people),
                Application.status.in_(lifecycle.OPEN_STATES),
            )
        )
    )
    permits: dict[uuid.UUID, date] = {}
    for person_id, until in session.execute(
        select(Permit.person_id, Permit.valid_until).where(
            Permit.person_id.in_(people), Permit.status == "active"
        )
    ):
        permits[person_id] = max(until, permits.get(person_id, until))
    return open_apps, permits


def _forced_check(
    session: Session,
    actor: Actor,
    by_id: dict[uuid.UUID, tuple[ReturnCase, Person]],
    facts_read: set[uuid.UUID],
) -> Callable[[uuid.UUID, date], Bar | None]:
    """Whether the pack allows forced return of a case's person on a day, for their facts;
    each application's facts are read once and the read recorded in `facts_read`."""
    cases: dict[uuid.UUID, Case] = {}

    def check(return_case_id: uuid.UUID, day: date) -> Bar | None:
        case, person = by_id[return_case_id]
        assert case.application_id is not None
        if return_case_id not in cases:
            app = load_application(session, actor, case.application_id, with_facts=True)
            facts_read.add(app.id)
            cases[return_case_id] = case_of(session, app, person)
        try:
            outlook = assess_case(cases[return_case_id], day).return_
        except CaseworkError as exc:
            return Bar("cannot_assess", str(exc))
        if outlook.forced_return_possible:
            return None
        return Bar(
            outlook.forced_return_reason,
            f"on {day.isoformat()}: {outlook.forced_return_explanation}",
        )

    return check


def assumptions(request: CharterRequest) -> list[str]:
    """What the plan rests on that no source settles; shown with every plan."""
    destination = (
        "each flight serves one region of return: the person's region of origin (return to the "
        "home region; where an internal protection alternative points elsewhere, that region "
        "is not recorded)"
        if request.by == "region"
        else "each flight serves the whole country; the region of return is not used"
    )
    return [
        f"seats per flight: {request.seats}, as given; no source gives a charter's capacity "
        "(the one published charter, 16 Sep 2025, carried 84 people)",
        f"flight dates: the first on {request.first_flight.isoformat()}, then every "
        f"{request.every_days} days, at most {request.flights} per destination, as given; no "
        "source says how charter dates are chosen",
        destination,
        "the destination country is the person's nationality",
        "seats go to the case waiting longest (its return case opened first)",
        "an open application or a residence permit in force keeps a person off a charter "
        "(return support asks that the application is withdrawn or the permit handed in)",
    ]
