"""A supervisor's approval of a decision that departs from the recommendation.

A caseworker's such decision is stored `awaiting_approval` and the application stays where it
is. A supervisor of the team (not the one who recorded it) either approves it, and only then is
the application decided, or does not, with a note for the caseworker: the decision stays as
history (`not_approved`) and the application may be decided anew.

The approval makes the decision take effect on the day of the approval, so it is compared, like
a decision, with the recommendation of an assessment run on that day for that day
(`decision_basis.decision_basis`); the decision is re-based on it before it takes effect."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from refuge.casework.access import load_application, require_case_role
from refuge.casework.actor import Actor
from refuge.casework.applications import move
from refuge.casework.auditing import audit
from refuge.casework.deciding import check_may_decide
from refuge.casework.decision_basis import decision_basis
from refuge.casework.decisions import decision_out, standing_decision
from refuge.casework.errors import (
    ApproverIsDecider,
    ApproverNotSupervisor,
    NotAwaitingApproval,
    ReasonsRequired,
    VersionConflict,
)
from refuge.casework.models import Application, Decision
from refuge.casework.models.decisions import (
    AWAITING_APPROVAL,
    IN_EFFECT,
    NOT_APPROVED,
    DecisionStatus,
)
from refuge.casework.schemas import DecisionOut
from refuge.store.base import utcnow

REVIEW_FIELDS = ("status", "reviewed_by", "reviewed_at", "review_note")
BASIS_FIELDS = ("assessment_id", "deviates_from_recommendation")


def _awaiting(
    session: Session, actor: Actor, application_id: uuid.UUID, action: str
) -> tuple[Application, Decision, uuid.UUID]:
    """The application, its decision awaiting approval, and the reviewing supervisor's id."""
    require_case_role(actor, action)
    reviewer = actor.named_user(action)
    app = load_application(session, actor, application_id)  # another team's: not found
    if actor.role != "supervisor":
        raise ApproverNotSupervisor(actor.role, action)
    decision = standing_decision(session, app.id)
    if decision is None or decision.status != AWAITING_APPROVAL:
        raise NotAwaitingApproval()
    if decision.decided_by == reviewer:
        raise ApproverIsDecider()
    return app, decision, reviewer


def _review(
    session: Session, decision: Decision, reviewer: uuid.UUID, status: DecisionStatus, note: str
) -> None:
    expected = decision.version
    decision.status = status
    decision.reviewed_by = reviewer
    decision.reviewed_at = utcnow()
    decision.review_note = note
    try:
        session.flush()
    except StaleDataError:  # another supervisor reviewed it at the same moment
        raise VersionConflict("decision", expected, None) from None


def approve_deviation(
    session: Session, actor: Actor, application_id: uuid.UUID, today: date, note: str = ""
) -> DecisionOut:
    """The decision awaiting approval takes effect: the application is decided. The checks of
    deciding apply again on `today` (a moratorium since, a pause, a withdrawal), and so does the
    comparison: the decision is compared with the recommendation of an assessment run on
    `today` for `today` (none: 409, assess first) and records that assessment as its basis."""
    app, decision, reviewer = _awaiting(
        session, actor, application_id, "approve a decision departing from the recommendation"
    )
    check_may_decide(session, app, decision.outcome, today)
    basis = decision_basis(session, app.id, today)
    fields: tuple[str, ...] = REVIEW_FIELDS
    if basis.id != decision.assessment_id:
        decision.assessment_id = basis.id
        decision.deviates_from_recommendation = decision.outcome != basis.recommendation
        fields = REVIEW_FIELDS + BASIS_FIELDS
    _review(session, decision, reviewer, IN_EFFECT, note)
    audit(session, actor, "update", "decision", decision.id, "approve deviation", fields)
    move(session, actor, app, "decided", f"decided: {decision.outcome} (deviation approved)")
    return decision_out(session, decision)


def reject_deviation(
    session: Session, actor: Actor, application_id: uuid.UUID, note: str
) -> DecisionOut:
    """The decision awaiting approval does not take effect; `note` tells the caseworker why.
    The application stays where it is and may be decided anew."""
    _app, decision, reviewer = _awaiting(
        session, actor, application_id, "reject a decision departing from the recommendation"
    )
    if not note.strip():
        raise ReasonsRequired("not approving a decision")
    _review(session, decision, reviewer, NOT_APPROVED, note)
    purpose = "deviation not approved: decide anew"
    audit(session, actor, "update", "decision", decision.id, purpose, REVIEW_FIELDS)
    return decision_out(session, decision)
