"""Append to the hash-chained audit trail, and verify it.

Each event's hash is an HMAC-SHA256, under the audit key (`refuge.store.audit_key`), of its own
fields and the previous event's hash, so altering, inserting or deleting a row breaks the chain at
that row, and without the key nobody can write an event (or rewrite one) that passes
verification.
Events hold references (entity, id, field names, purpose), never the values of special-category
fields.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import insert, select, text
from sqlalchemy.orm import Session

from refuge.audit.models import AuditEvent
from refuge.store.audit_key import ENV, key_file, load_audit_key
from refuge.store.base import utcnow

GENESIS = "0" * 64


def canonical(e: AuditEvent) -> bytes:
    """The bytes the hash covers: every field but `hash`, as sorted, compact JSON."""
    body = e.as_dict()
    del body["hash"]
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def event_hash(e: AuditEvent, key: bytes) -> str:
    """HMAC-SHA256 of the event under the audit key, in hex."""
    return hmac.new(key, canonical(e), hashlib.sha256).hexdigest()


_HEAD = select(AuditEvent.seq, AuditEvent.hash).order_by(AuditEvent.seq.desc()).limit(1)
# PostgreSQL: one appender at a time, until its transaction ends — an advisory lock on 7263541
# taken, and then the head read, by one call (migration 0018): one round trip, not two
_PG_HEAD = text("SELECT seq, hash FROM refuge_audit_head()")
# Python's sqlite3 only opens a transaction at the first write: without this no-op write, two
# read-only requests could read the same head and collide on `seq`. It takes SQLite's write
# lock (waiting up to the busy timeout) before the head is read.
_SQLITE_LOCK = text("DELETE FROM audit_events WHERE 0")
_INSERT = insert(AuditEvent)


@dataclass(frozen=True, slots=True)
class Entry:
    """One event to append: who did what to which record, the fields touched and why."""

    actor: str
    action: str
    entity: str
    entity_id: str
    purpose: str
    fields: Sequence[str] = ()
    outcome: str = "ok"


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
    entry = Entry(actor, action, entity, entity_id, purpose, fields, outcome)
    return append(session, [entry])[0]


def append(session: Session, entries: Sequence[Entry]) -> list[AuditEvent]:
    """Append events in order, chained, in the caller's transaction, with one INSERT (this runs
    on every audited request). The events returned are not attached to the session; the rows
    are read back from the table."""
    if not entries:
        return []
    last = _last_in_transaction(session)
    if last is None:
        dialect = session.get_bind().dialect.name
        if dialect == "postgresql":
            row = session.execute(_PG_HEAD).first()
        else:
            if dialect == "sqlite":
                session.execute(_SQLITE_LOCK)
            row = session.execute(_HEAD).first()
        last = (row.seq, row.hash) if row else (0, GENESIS)
    # a key file is made for the first event only: a lost key is an error, not a fresh key
    key = load_audit_key(create=last[0] == 0)
    at = utcnow()
    events: list[AuditEvent] = []
    for entry in entries:
        event = AuditEvent(
            seq=last[0] + 1,
            at=at,
            actor=entry.actor,
            action=entry.action,
            entity=entry.entity,
            entity_id=entry.entity_id,
            fields=sorted(entry.fields),
            purpose=entry.purpose,
            outcome=entry.outcome,
            prev_hash=last[1],
        )
        event.hash = event_hash(event, key)
        events.append(event)
        last = (event.seq, event.hash)
    session.execute(_INSERT, [_row(e) for e in events])
    session.info[_LAST] = (
        session.get_transaction(),
        session.get_nested_transaction(),
        last[0],
        last[1],
    )
    return events


def _row(e: AuditEvent) -> dict[str, object]:
    return {
        "seq": e.seq,
        "at": e.at,
        "actor": e.actor,
        "action": e.action,
        "entity": e.entity,
        "entity_id": e.entity_id,
        "fields": e.fields,
        "purpose": e.purpose,
        "outcome": e.outcome,
        "prev_hash": e.prev_hash,
        "hash": e.hash,
    }


_LAST = "refuge.audit.last_event"


def _last_in_transaction(session: Session) -> tuple[int, str] | None:
    """The event this transaction appended last, if it still stands. Once a transaction has
    appended, no other can until it ends (PostgreSQL: the advisory lock; SQLite: the write
    lock), so it need not read the newest event again: that saves two statements per event in
    bulk work. An event appended inside a savepoint is forgotten once that savepoint ends
    (rolled back, the event is gone; released, the head is simply read again)."""
    cached = session.info.get(_LAST)
    if cached is None:
        return None
    transaction, savepoint, seq, hash_ = cached
    if transaction is None or transaction is not session.get_transaction():
        return None
    if savepoint is not None and not savepoint.is_active:
        return None
    return seq, hash_


@dataclass(frozen=True, slots=True)
class ChainBreak:
    seq: int
    kind: str  # altered | inserted | deleted | wrong-key
    detail: str


def verify(session: Session, key: bytes | None = None) -> ChainBreak | None:
    """The first place the chain is broken, or None if every event is intact and in place.
    Hashes are recomputed under `key` (default: the audit key, needed once there is an event;
    `refuge.audit.key.AuditKeyError` if there is none)."""
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
        key = key or load_audit_key()
        if not hmac.compare_digest(event_hash(e, key), e.hash):
            if e.seq == 1 and not _second_event_matches(session, key):
                return ChainBreak(
                    1,
                    "wrong-key",
                    "neither event 1 nor event 2 matches its hash under this audit key: the "
                    f"audit key ({ENV} or the file {key_file()}) is not the one the trail was "
                    "written with, or the trail was rewritten from the start without it",
                )
            return ChainBreak(
                e.seq,
                "altered",
                f"event {e.seq} was changed after it was written, or written without the audit key",
            )
        prev_hash, expected_seq = e.hash, e.seq + 1
    return None


def _second_event_matches(session: Session, key: bytes) -> bool:
    second = session.scalar(select(AuditEvent).where(AuditEvent.seq == 2))
    return second is not None and hmac.compare_digest(event_hash(second, key), second.hash)


@dataclass(frozen=True, slots=True)
class Head:
    """The newest event: its number (the count of events, as they are numbered from 1) and hash.
    An auditor keeps it after each verification; a later trail must still contain it."""

    count: int
    hash: str


def head(session: Session) -> Head:
    """The newest event's number and hash; `Head(0, GENESIS)` for an empty trail."""
    last = session.execute(_HEAD).first()
    return Head(last.seq, last.hash) if last else Head(0, GENESIS)


def check_head(
    session: Session, *, expect_hash: str | None = None, expect_count: int | None = None
) -> ChainBreak | None:
    """Whether the trail still holds a head kept from an earlier verification. A chain alone
    cannot show that events were cut off its end, nor that it was rewritten from some point
    with fresh hashes; a kept head shows both. Run after `verify` found the chain intact."""
    now = head(session)
    if expect_count is not None and now.count < expect_count:
        return ChainBreak(
            now.count + 1,
            "deleted",
            f"events {now.count + 1}..{expect_count} are missing from the end of the trail",
        )
    if expect_hash is None or (expect_hash == GENESIS and not expect_count):
        return None
    if expect_count is not None:
        at = (
            session.scalar(select(AuditEvent.hash).where(AuditEvent.seq == expect_count))
            if expect_count
            else GENESIS
        )
        if at != expect_hash:
            return ChainBreak(
                expect_count,
                "altered",
                f"event {expect_count} no longer has the kept head hash {expect_hash[:12]}...",
            )
        return None
    if session.scalar(select(AuditEvent.seq).where(AuditEvent.hash == expect_hash)) is None:
        return ChainBreak(
            now.count + 1,
            "deleted",
            f"no event has the kept head hash {expect_hash[:12]}...: "
            "events were cut off the end of the trail or the trail was rewritten",
        )
    return None
