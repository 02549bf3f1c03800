"""The decision on an application as callers see it: the one in effect or awaiting a
supervisor's approval (at most one; those not approved stay as history), without its reasons."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session, defer

from refuge.casework.models import Assessment, Decision
from refuge.casework.models.decisions import NOT_APPROVED
from refuge.casework.schemas import DecisionOut

# encrypted: never loaded to show a decision
_UNREAD = tuple(defer(c, raiseload=True) for c in (Decision.reasons, Decision.review_note))


def standing_decision(session: Session, application_id: uuid.UUID) -> Decision | None:
    return session.scalar(
        select(Decision)
        .where(Decision.application_id == application_id, Decision.status != NOT_APPROVED)
        .options(*_UNREAD)
    )


def decision_out(session: Session, decision: Decision) -> DecisionOut:
    recommendation = session.scalar(
        select(Assessment.recommendation).where(Assessment.id == decision.assessment_id)
    )
    return DecisionOut(
        id=decision.id,
        application_id=decision.application_id,
        outcome=decision.outcome,
        recommendation=recommendation or "",
        deviates_from_recommendation=decision.deviates_from_recommendation,
        assessment_id=decision.assessment_id,
        decided_by=decision.decided_by,
        decided_at=decision.decided_at,
        status=decision.status,
        reviewed_by=decision.reviewed_by,
        reviewed_at=decision.reviewed_at,
    )
