"""The engine's assessment and the people's intended decision, written view and decision."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import Boolean, Date, ForeignKey, String, event
from sqlalchemy.orm import Mapped, mapped_column

from refuge.store.base import Base, Entity, utcnow
from refuge.store.crypto import Encrypted


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


class Decision(Entity, Base):
    """A person's decision. One that departs from the stored recommendation carries reasons."""

    __tablename__ = "decisions"

    application_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("applications.id"), unique=True)
    outcome: Mapped[str] = mapped_column(String(30))
    reasons: Mapped[Any] = mapped_column(Encrypted("decisions.reasons"))
    assessment_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("assessments.id"))
    deviates_from_recommendation: Mapped[bool] = mapped_column(Boolean, default=False)
    decided_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime] = mapped_column(default=utcnow)


@event.listens_for(Assessment, "before_update")
@event.listens_for(Assessment, "before_delete")
def _assessment_is_immutable(_mapper: object, _connection: object, target: Assessment) -> None:
    from refuge.casework.errors import ImmutableRecord

    raise ImmutableRecord("assessment")
