"""Re-assessment of a temporary asylum permit (revocation, arts. 32 and 41 Vw): opened,
intended revocation, written view, then revoke or keep; closed afterwards or when dropped."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy.orm import Session

from refuge.casework import lifecycle
from refuge.casework.access import load_through_application, require_case_role
from refuge.casework.actor import Actor
from refuge.casework.auditing import audit
from refuge.casework.errors import NotFound, ReasonsRequired
from refuge.casework.models import Permit, Reassessment
from refuge.casework.schemas import ReassessmentOut

DECIDED = frozenset({"decided_revoke", "decided_keep"})


def _permit(session: Session, actor: Actor, permit_id: uuid.UUID) -> Permit:
    return load_through_application(session, actor, Permit, permit_id, "permit")


def open_reassessment(
    session: Session, actor: Actor, permit_id: uuid.UUID, today: date
) -> ReassessmentOut:
    require_case_role(actor, "open a re-assessment")
    permit = _permit(session, actor, permit_id)
    item = Reassessment(permit_id=permit.id, status="opened", opened_on=today)
    session.add(item)
    session.flush()
    audit(session, actor, "create", "reassessment", item.id, "open re-assessment", ["status"])
    return ReassessmentOut.model_validate(item)


def transition_reassessment(
    session: Session,
    actor: Actor,
    reassessment_id: uuid.UUID,
    to_state: str,
    reasons: str = "",
) -> ReassessmentOut:
    """Move a re-assessment; revoking marks the permit revoked. A decision needs reasons."""
    item = session.get(Reassessment, reassessment_id)
    if item is None:
        raise NotFound("reassessment", reassessment_id)
    try:
        permit = _permit(session, actor, item.permit_id)
    except NotFound:
        raise NotFound("reassessment", reassessment_id) from None
    lifecycle.REASSESSMENT.check(item.status, to_state)
    before = item.status
    fields = ["status"]
    if to_state in DECIDED:
        if not reasons.strip():
            raise ReasonsRequired(to_state)
        item.outcome = to_state.removeprefix("decided_")
        item.reasons = reasons
        fields += ["outcome", "reasons"]
        if to_state == "decided_revoke":
            permit.status = "revoked"
    item.status = to_state
    session.flush()
    audit(session, actor, "transition", "reassessment", item.id, f"{before} -> {to_state}", fields)
    if to_state == "decided_revoke":
        audit(session, actor, "update", "permit", permit.id, "revoked on re-assessment", ["status"])
    return ReassessmentOut.model_validate(item)
