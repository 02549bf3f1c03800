"""Temporary asylum permits and their re-assessment."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import Date, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from refuge.store.base import Base, Entity
from refuge.store.crypto import Encrypted


class Permit(Entity, Base):
    __tablename__ = "permits"

    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("people.id"), index=True)
    application_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("applications.id"))
    kind: Mapped[str] = mapped_column(String(30), default="temporary_asylum")
    ground: Mapped[str] = mapped_column(String(30))
    granted: Mapped[date] = mapped_column(Date)
    valid_until: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="active")


class Reassessment(Entity, Base):
    __tablename__ = "reassessments"

    permit_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("permits.id"), index=True)
    status: Mapped[str] = mapped_column(String(30), default="opened")
    opened_on: Mapped[date] = mapped_column(Date)
    outcome: Mapped[str | None] = mapped_column(String(30))
    reasons: Mapped[Any] = mapped_column(Encrypted("reassessments.reasons"), nullable=True)
