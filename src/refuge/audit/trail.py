"""Append to the hash-chained audit trail, and verify it.

Each event's hash covers its own fields and the previous event's hash, so altering, inserting
or deleting a row breaks the chain at that row. Events hold references (entity, id, field
names, purpose), never the values of special-category fields.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from refuge.audit.models import AuditEvent
from refuge.store.base import utcnow

GENESIS = "0" * 64


def _instant(at: datetime) -> str:
    aware = at if at.tzinfo else at.replace(tzinfo=UTC)
    return aware.astimezone(UTC).isoformat(timespec="microseconds")


def event_hash(e: AuditEvent) -> str:
    body = {
        "seq": e.seq,
        "at": _instant(e.at),
        "actor": e.actor,
        "action": e.action,
        "entity": e.entity,
        "entity_id": e.entity_id,
        "fields": list(e.fields),
        "purpose": e.purpose,
        "outcome": e.outcome,
        "prev_hash": e.prev_hash,
    }
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def record(
    session: Session,
    *,
    actor: str,
    action: str,
    entity: str,
    entity_id: str,
    purpose: str,
    fields: Sequence[str] = (),
    outcome: str = "ok",
) -> AuditEvent:
    """Append one event in the caller's transaction (it commits or rolls back with the work)."""
    if session.get_bind().dialect.name == "postgresql":
        # one appender at a time, until this transaction ends
        session.execute(text("SELECT pg_advisory_xact_lock(7263541)"))
    last = session.execute(
        select(AuditEvent.seq, AuditEvent.hash).order_by(AuditEvent.seq.desc()).limit(1)
    ).first()
    event = AuditEvent(
        seq=(last.seq + 1) if last else 1,
        at=utcnow(),
        actor=actor,
        action=action,
        entity=entity,
        entity_id=entity_id,
        fields=sorted(fields),
        purpose=purpose,
        outcome=outcome,
        prev_hash=last.hash if last else GENESIS,
    )
    event.hash = event_hash(event)
    session.add(event)
    session.flush()
    return event


@dataclass(frozen=True, slots=True)
class ChainBreak:
    seq: int
    kind: str  # altered | inserted | deleted
    detail: str


def verify(session: Session) -> ChainBreak | None:
    """The first place the chain is broken, or None if every event is intact and in place."""
    prev_hash, expected_seq = GENESIS, 1
    for e in session.scalars(select(AuditEvent).order_by(AuditEvent.seq)).yield_per(1000):
        if e.seq != expected_seq:
            if e.seq > expected_seq:
                return ChainBreak(
                    expected_seq, "deleted", f"events {expected_seq}..{e.seq - 1} are missing"
                )
            return ChainBreak(e.seq, "inserted", f"event {e.seq} appears twice")
        if e.prev_hash != prev_hash:
            return ChainBreak(e.seq, "inserted", f"event {e.seq} does not follow event {e.seq - 1}")
        if event_hash(e) != e.hash:
            return ChainBreak(e.seq, "altered", f"event {e.seq} was changed after it was written")
        prev_hash, expected_seq = e.hash, e.seq + 1
    return None
