"""The decision period of an application and each extension, with its reason (encrypted: a
caseworker may write case details there)."""

from __future__ import annotations

import uuid

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from refuge.store.base import Base, Entity
from refuge.store.crypto import Encrypted


class Deadline(Entity, Base):
    """One entry in an application's decision period: the base period (6 months: art. 42(1)
    Vw, or art. 35(4) APR for applications lodged from 12 June 2026) or an extension (months,
    legal basis, reason)."""

    __tablename__ = "deadlines"

    application_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("applications.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # decision_period | extension
    months: Mapped[int] = mapped_column(Integer)
    legal_basis: Mapped[str] = mapped_column(String(40))  # e.g. "art. 42(4) Vw"
    # free text (at most 500 characters, ExtensionIn), so special-category like hearing summaries
    reason: Mapped[str] = mapped_column(Encrypted("deadlines.reason"))
    granted_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
