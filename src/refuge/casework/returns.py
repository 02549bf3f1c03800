"""Return cases: opened for a person obliged to leave, then voluntary, facilitated or (where
the policy allows it) forced departure, until departed or closed."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from refuge.casework import lifecycle
from refuge.casework.access import load_application, load_through_application, require_case_role
from refuge.casework.actor import Actor
from refuge.casework.auditing import audit
from refuge.casework.case_facts import READS, case_of
from refuge.casework.deciding import assess_case
from refuge.casework.decisions import standing_decision
from refuge.casework.errors import CaseworkError, ReturnCaseOpen, ReturnNotDue
from refuge.casework.models import Application, Permit, Person, ReturnCase
from refuge.casework.models.decisions import IN_EFFECT
from refuge.casework.models.returns import FINAL_STATES
from refuge.casework.schemas import ReturnCaseOut

TRACK = {
    "voluntary_departure": "voluntary",
    "facilitated_departure": "facilitated",
    "forced_departure": "forced",
}


def open_return_case(
    session: Session, actor: Actor, application_id: uuid.UUID, today: date
) -> ReturnCaseOut:
    """A return case for the applicant of an application in the actor's scope, once the
    application's rejection is in effect or its permit has ended (ReturnNotDue otherwise), and
    only while the person has no other open return case (ReturnCaseOpen; the database's partial
    unique index holds this also for two requests at the same moment)."""
    require_case_role(actor, "open a return case")
    app = load_application(session, actor, application_id)
    check_return_due(session, app, today)
    if has_open_return_case(session, app.person_id):
        raise ReturnCaseOpen()
    case = ReturnCase(
        person_id=app.person_id, application_id=app.id, status="opened", opened_on=today
    )
    session.add(case)
    try:
        session.flush()
    except IntegrityError:
        # another request opened one for this person after the check above; what this
        # transaction wrote is void, as for any refused request
        session.rollback()
        raise ReturnCaseOpen() from None
    fields = ["person_id", "application_id", "status", "opened_on"]
    audit(session, actor, "create", "return_case", case.id, "open return case", fields)
    return ReturnCaseOut.model_validate(case)


class CharterOnlyOnDeparture(CaseworkError):
    """A charter is how a person departed: it goes with the move to `departed` alone."""

    code = "charter-only-on-departure"
    status = 400

    def __init__(self, to_state: str) -> None:
        super().__init__(
            f"a charter is recorded with the move to 'departed', not to {to_state!r}; "
            "move the case to departed on the day of the flight"
        )


REJECTIONS = frozenset({"reject", "reject_excluded"})
assert frozenset(FINAL_STATES) == lifecycle.RETURN.final  # the partial unique index's states


def _permit_ended(session: Session, app: Application, today: date) -> bool | None:
    """Whether the application's permit has ended (revoked, or past its end date); None when
    the application has no permit."""
    permits = session.scalars(select(Permit).where(Permit.application_id == app.id)).all()
    if not permits:
        return None
    return not any(p.status == "active" and p.valid_until >= today for p in permits)


def check_return_due(session: Session, app: Application, today: date) -> None:
    """ReturnNotDue unless the application's rejection is in effect or its permit has ended."""
    decision = standing_decision(session, app.id)
    if decision is not None and decision.status == IN_EFFECT and decision.outcome in REJECTIONS:
        return
    ended = _permit_ended(session, app, today)
    if ended:
        return
    if decision is None:
        state = lifecycle.application_state(app.status, app.paused)
        raise ReturnNotDue(
            f"this application is in state {state!r} with no decision in effect; record the "
            "decision first"
        )
    if decision.status != IN_EFFECT:
        raise ReturnNotDue(
            f"the decision on this application ({decision.outcome!r}) awaits a supervisor's "
            "approval"
        )
    held = "its permit is in force" if ended is False else "the person may stay"
    raise ReturnNotDue(f"the decision in effect is a grant ({decision.outcome!r}): {held}")


def has_open_return_case(session: Session, person_id: uuid.UUID) -> bool:
    """Whether the person has a return case not yet departed or closed, in any team."""
    stmt = select(ReturnCase.id).where(
        ReturnCase.person_id == person_id, ReturnCase.status.not_in(FINAL_STATES)
    )
    return session.scalar(stmt.limit(1)) is not None


def route_of(track: str, support_amount_eur: int, charter: bool = False) -> str:
    """How a departed person left, from the case's track: forced, charter (a voluntary or
    facilitated departure on a planned charter flight), supported (facilitated, or voluntary
    with support) or voluntary without support; a departure nobody verified is `not_verified`.
    A forced departure stays `forced` on a charter too, so that no forced return is counted
    among the voluntary ones."""
    if track == "forced":
        return "forced"
    if charter:
        return "charter"
    if track == "facilitated" or support_amount_eur > 0:
        return "supported"
    return "voluntary"


def _load(session: Session, actor: Actor, return_case_id: uuid.UUID) -> ReturnCase:
    return load_through_application(session, actor, ReturnCase, return_case_id, "return case")


def transition_return_case(
    session: Session,
    actor: Actor,
    return_case_id: uuid.UUID,
    to_state: str,
    today: date,
    *,
    charter: bool = False,
) -> ReturnCaseOut:
    """Move a return case. Forced departure is checked against the policy in force today
    (the pack's `forced_return_possible` for this person's facts). `charter`: the person
    departed on a charter flight (only with `departed`; route_of says how it is counted)."""
    case = _load(session, actor, return_case_id)
    if charter and to_state != "departed":
        raise CharterOnlyOnDeparture(to_state)
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
            + f" [{outlook.forced_return_reason}]: {outlook.forced_return_explanation.rstrip('.')}"
        )
    lifecycle.check_return(case.status, to_state, forced_possible, why)
    before = case.status
    case.status = to_state
    case.track = TRACK.get(to_state, case.track)
    fields = ["status", "track"]
    if to_state == "departed":
        case.departed_on = today
        case.route = route_of(case.track, case.support_amount_eur, charter)
        fields += ["departed_on", "route"]
    session.flush()
    purpose = f"{before} -> {to_state}"
    audit(session, actor, "transition", "return_case", case.id, purpose, fields)
    return ReturnCaseOut.model_validate(case)
