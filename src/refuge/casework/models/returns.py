"""A return case for a person obliged to leave."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import Date, ForeignKey, Index, Integer, String, text
from sqlalchemy.orm import Mapped, mapped_column

from refuge.store.base import Base, Entity

# a return case is open until it reaches a final state of its lifecycle (casework.lifecycle)
FINAL_STATES = ("departed", "closed")
ROUTES = ("voluntary", "supported", "charter", "forced", "not_verified")
OPEN = text("status NOT IN ('departed', 'closed')")


class ReturnCase(Entity, Base):
    __tablename__ = "return_cases"
    __table_args__ = (
        # at most one open return case per person, whoever opened it
        Index(
            "uq_return_cases_one_open_per_person",
            "person_id",
            unique=True,
            sqlite_where=OPEN,
            postgresql_where=OPEN,
        ),
    )

    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("people.id"), index=True)
    application_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("applications.id"))
    status: Mapped[str] = mapped_column(String(30), default="opened")
    track: Mapped[str] = mapped_column(
        String(20), default="voluntary"
    )  # voluntary|facilitated|forced
    opened_on: Mapped[date] = mapped_column(Date)
    support_amount_eur: Mapped[int] = mapped_column(Integer, default=0)
    # set when the case reaches `departed`: the day and how (ROUTES)
    departed_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    route: Mapped[str | None] = mapped_column(String(20), nullable=True)
