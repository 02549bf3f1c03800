"""Return cases: opened for a person obliged to leave, then voluntary, facilitated or (where
the policy allows it) forced departure, until departed or closed."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy.orm import Session

from refuge.casework import lifecycle
from refuge.casework.access import load_application, require_case_role
from refuge.casework.actor import Actor
from refuge.casework.auditing import audit
from refuge.casework.case_facts import READS, case_of
from refuge.casework.deciding import assess_case
from refuge.casework.errors import NotFound
from refuge.casework.models import Person, ReturnCase
from refuge.casework.schemas import ReturnCaseOut

TRACK = {
    "voluntary_departure": "voluntary",
    "facilitated_departure": "facilitated",
    "forced_departure": "forced",
}


def open_return_case(
    session: Session, actor: Actor, application_id: uuid.UUID, today: date
) -> ReturnCaseOut:
    """A return case for the applicant of an application in the actor's scope."""
    require_case_role(actor, "open a return case")
    app = load_application(session, actor, application_id)
    case = ReturnCase(
        person_id=app.person_id, application_id=app.id, status="opened", opened_on=today
    )
    session.add(case)
    session.flush()
    fields = ["person_id", "application_id", "status", "opened_on"]
    audit(session, actor, "create", "return_case", case.id, "open return case", fields)
    return ReturnCaseOut.model_validate(case)


def _load(session: Session, actor: Actor, return_case_id: uuid.UUID) -> ReturnCase:
    case = session.get(ReturnCase, return_case_id)
    if case is None or case.application_id is None:
        raise NotFound("return case", return_case_id)
    try:
        load_application(session, actor, case.application_id)
    except NotFound:
        raise NotFound("return case", return_case_id) from None
    return case


def transition_return_case(
    session: Session, actor: Actor, return_case_id: uuid.UUID, to_state: str, today: date
) -> ReturnCaseOut:
    """Move a return case. Forced departure is checked against the policy in force today
    (the pack's `forced_return_possible` for this person's facts)."""
    case = _load(session, actor, return_case_id)
    forced_possible, why = True, ""
    if to_state == lifecycle.FORCED:
        lifecycle.RETURN.check(case.status, to_state)
        assert case.application_id is not None
        app = load_application(session, actor, case.application_id, with_facts=True)
        person = session.get_one(Person, app.person_id)
        audit(session, actor, "read", "application", app.id, "check forced return", READS)
        outlook = assess_case(case_of(session, app, person), today).return_
        forced_possible = outlook.forced_return_possible
        why = (
            f"the {person.nationality} policy in force on {today.isoformat()} does not allow "
            "forced return for this person"
            + ("" if outlook.obliged_to_leave else " (they are not obliged to leave)")
        )
    lifecycle.check_return(case.status, to_state, forced_possible, why)
    before = case.status
    case.status = to_state
    case.track = TRACK.get(to_state, case.track)
    session.flush()
    purpose = f"{before} -> {to_state}"
    audit(session, actor, "transition", "return_case", case.id, purpose, ["status", "track"])
    return ReturnCaseOut.model_validate(case)
