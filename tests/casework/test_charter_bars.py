"""What keeps a person off a charter besides the policy (casework service, SQLite and
PostgreSQL): an application still open, and a residence permit in force on the flight's date —
the person flies on the first flight after the permit has ended."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy.orm import Session

from charter_cases import TODAY, actor, return_case
from refuge.casework import service
from refuge.casework.charter_plan import CharterRequest, plan_charter
from refuge.casework.models import Permit, ReturnCase
from refuge.casework.schemas import ApplicationCreate

FIRST = TODAY + timedelta(days=10)


def test_an_open_application_or_a_permit_in_force_keeps_a_person_waiting(
    session: Session,
) -> None:
    nora = actor(session, "nora", "caseworker", "north")
    pending = return_case(session, nora, "1000000001")
    later = ApplicationCreate.model_validate(
        {
            "v_number": "1000000001",
            "nationality": "SY",
            "region_of_origin": "SY-DI",
            "application_date": TODAY,
            "grounds": ["economic"],
            "risk_profiles": [],
        }
    )
    service.register_application(session, nora, later, TODAY)  # a subsequent application
    holder = return_case(session, nora, "1000000002")
    person = session.get_one(ReturnCase, holder).person_id
    until = FIRST + timedelta(days=3)
    session.add(
        Permit(person_id=person, ground="refugee", granted=date(2021, 1, 1), valid_until=until)
    )
    session.commit()

    request = CharterRequest(country="SY", first_flight=FIRST, seats=10, flights=2)
    plan = plan_charter(session, nora, request, TODAY)
    waits = {w.return_case_id: w for w in plan.waiting}
    assert waits[pending].reason == "application_pending"
    # the permit ends between the two flights: on the second, not the first
    assert [(f.date, f.return_case_ids) for f in plan.flights] == [
        (FIRST + timedelta(days=7), [holder])
    ]

    one_flight = CharterRequest(country="SY", first_flight=FIRST, seats=10)
    waits = {w.return_case_id: w for w in plan_charter(session, nora, one_flight, TODAY).waiting}
    assert waits[holder].reason == "permit_in_force"
    assert until.isoformat() in waits[holder].detail
