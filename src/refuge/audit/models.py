"""One audit event: who did what to which record, when and why. References only — never a
copy of a special-category value."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from refuge.store.base import Base, as_utc, utcnow


class AuditEvent(Base):
    __tablename__ = "audit_events"

    seq: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=False
    )
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor: Mapped[str] = mapped_column(String(64))  # username, or 'system' / 'cli:<user>'
    action: Mapped[str] = mapped_column(String(40))  # create, read, update, transition, login, ...
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str] = mapped_column(String(64))
    fields: Mapped[list[Any]] = mapped_column(JSON, default=list)  # names, never values
    purpose: Mapped[str] = mapped_column(String(200))
    outcome: Mapped[str] = mapped_column(String(20), default="ok")
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)

    def as_dict(self) -> dict[str, Any]:
        """The event as plain values: `at` in UTC to the microsecond. Without `hash` it is the
        body the chain's HMAC covers (`refuge.audit.trail.event_hash`); `refuge audit list
        --format json` prints it whole."""
        return {
            "seq": self.seq,
            "at": as_utc(self.at).astimezone(UTC).isoformat(timespec="microseconds"),
            "actor": self.actor,
            "action": self.action,
            "entity": self.entity,
            "entity_id": self.entity_id,
            "fields": list(self.fields),
            "purpose": self.purpose,
            "outcome": self.outcome,
            "prev_hash": self.prev_hash,
            "hash": self.hash,
        }
