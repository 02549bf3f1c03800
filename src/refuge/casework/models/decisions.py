"""The engine's assessment and the people's intended decision, written view and decision."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any, Literal

from sqlalchemy import Boolean, Date, ForeignKey, Index, String, event, text
from sqlalchemy.orm import Mapped, mapped_column

from refuge.store.base import Base, Entity, utcnow
from refuge.store.crypto import Encrypted

# What an assessment may be used for. One run on its own `as_of` day is the basis on which a
# decision of that day is compared with the recommendation; one run for another day (backdated
# or in the future) is analysis only and never the basis of a decision.
AssessmentPurpose = Literal["decision_basis", "analysis"]
DECISION_BASIS: AssessmentPurpose = "decision_basis"
ANALYSIS: AssessmentPurpose = "analysis"


class Assessment(Entity, Base):
    """The engine's full output for an application on a date. Immutable once stored."""

    __tablename__ = "assessments"

    application_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("applications.id"), index=True)
    as_of: Mapped[date] = mapped_column(Date)
    recommendation: Mapped[str] = mapped_column(String(30))
    policy_version: Mapped[str] = mapped_column(String(40))
    pack_sha256: Mapped[str] = mapped_column(String(64))
    output: Mapped[Any] = mapped_column(Encrypted("assessments.output"))
    requested_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    purpose: Mapped[AssessmentPurpose] = mapped_column(
        String(20), default=ANALYSIS, server_default=ANALYSIS
    )


class IntendedDecision(Entity, Base):
    __tablename__ = "intended_decisions"

    application_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("applications.id"), index=True)
    outcome: Mapped[str] = mapped_column(String(30))
    reasons: Mapped[Any] = mapped_column(Encrypted("intended_decisions.reasons"))
    issued_on: Mapped[date] = mapped_column(Date)
    respond_by: Mapped[date] = mapped_column(Date)
    issued_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))


class WrittenView(Entity, Base):
    __tablename__ = "written_views"

    application_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("applications.id"), index=True)
    received_on: Mapped[date] = mapped_column(Date)
    summary: Mapped[Any] = mapped_column(Encrypted("written_views.summary"))


# A decision's status. A caseworker's decision that departs from the recommendation waits for a
# supervisor of the team; one that is not approved stays as history and the case is decided anew.
DecisionStatus = Literal["in_effect", "awaiting_approval", "not_approved"]
IN_EFFECT: DecisionStatus = "in_effect"
AWAITING_APPROVAL: DecisionStatus = "awaiting_approval"
NOT_APPROVED: DecisionStatus = "not_approved"
_STANDING = text(f"status != '{NOT_APPROVED}'")


class Decision(Entity, Base):
    """A person's decision. One that departs from the stored recommendation carries reasons,
    and a caseworker's such decision takes effect only once a supervisor approves it."""

    __tablename__ = "decisions"
    __table_args__ = (
        # at most one decision per application in effect or awaiting approval
        Index(
            "uq_decisions_one_standing_per_application",
            "application_id",
            unique=True,
            sqlite_where=_STANDING,
            postgresql_where=_STANDING,
        ),
    )

    application_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("applications.id"), index=True)
    outcome: Mapped[str] = mapped_column(String(30))
    reasons: Mapped[Any] = mapped_column(Encrypted("decisions.reasons"))
    assessment_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("assessments.id"))
    deviates_from_recommendation: Mapped[bool] = mapped_column(Boolean, default=False)
    decided_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime] = mapped_column(default=utcnow)
    status: Mapped[DecisionStatus] = mapped_column(
        String(20), default=IN_EFFECT, server_default=IN_EFFECT
    )
    # the supervisor who approved or did not approve a deviation, when, and why (the note may
    # name special-category facts, so it is encrypted like the reasons)
    reviewed_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    reviewed_at: Mapped[datetime | None]
    review_note: Mapped[Any] = mapped_column(Encrypted("decisions.review_note"), nullable=True)


@event.listens_for(Assessment, "before_update")
@event.listens_for(Assessment, "before_delete")
def _assessment_is_immutable(_mapper: object, _connection: object, target: Assessment) -> None:
    from refuge.casework.errors import ImmutableRecord

    raise ImmutableRecord("assessment")
