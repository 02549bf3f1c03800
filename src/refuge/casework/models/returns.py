"""A return case for a person obliged to leave."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import Date, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from refuge.store.base import Base, Entity


class ReturnCase(Entity, Base):
    __tablename__ = "return_cases"

    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("people.id"), index=True)
    application_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("applications.id"))
    status: Mapped[str] = mapped_column(String(30), default="opened")
    track: Mapped[str] = mapped_column(
        String(20), default="voluntary"
    )  # voluntary|facilitated|forced
    opened_on: Mapped[date] = mapped_column(Date)
    support_amount_eur: Mapped[int] = mapped_column(Integer, default=0)
