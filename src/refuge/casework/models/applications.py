"""An asylum application and what is gathered for it: hearings, findings, report requests."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from refuge.store.base import Base, Entity
from refuge.store.crypto import Encrypted


class Application(Entity, Base):
    __tablename__ = "applications"

    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("people.id"), index=True)
    team_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("teams.id"), index=True)
    caseworker_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20), default="first")  # first | subsequent
    application_date: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(30), index=True, default="registered")
    paused: Mapped[bool] = mapped_column(Boolean, default=False)  # waiting for a COI report
    # facts established so far; special-category ones encrypted at rest
    grounds: Mapped[list[Any]] = mapped_column(Encrypted("applications.grounds"))
    risk_profiles: Mapped[list[Any]] = mapped_column(Encrypted("applications.risk_profiles"))
    exclusion_grounds: Mapped[list[Any]] = mapped_column(
        Encrypted("applications.exclusion_grounds")
    )
    credibility: Mapped[str] = mapped_column(String(20), default="not_assessed")
    individual_risk_indicators: Mapped[int] = mapped_column(Integer, default=0)
    legal_residence: Mapped[bool] = mapped_column(Boolean, default=False)
    minor: Mapped[bool] = mapped_column(Boolean, default=False)
    import_key: Mapped[str | None] = mapped_column(String(64), unique=True)  # bulk import


class Hearing(Entity, Base):
    __tablename__ = "hearings"

    application_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("applications.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # first | detailed
    held_on: Mapped[date] = mapped_column(Date)
    interpreter_language: Mapped[str | None] = mapped_column(String(40))
    summary: Mapped[Any] = mapped_column(Encrypted("hearings.summary"))


class Finding(Entity, Base):
    """The caseworker's credibility finding on one claimed element."""

    __tablename__ = "findings"

    application_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("applications.id"), index=True)
    element: Mapped[Any] = mapped_column(Encrypted("findings.element"))
    credible: Mapped[str] = mapped_column(String(20))  # credible | not_credible | undetermined
    notes: Mapped[Any] = mapped_column(Encrypted("findings.notes"))


class CoiRequest(Entity, Base):
    """An individual country-of-origin report requested for this application."""

    __tablename__ = "coi_requests"

    application_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("applications.id"), index=True)
    requested_on: Mapped[date] = mapped_column(Date)
    received_on: Mapped[date | None] = mapped_column(Date)
    question: Mapped[Any] = mapped_column(Encrypted("coi_requests.question"))
