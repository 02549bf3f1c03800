"""keyed audit chain: each audit event's hash becomes an HMAC-SHA256 under the audit key
(issue 7, defect 11: with plain SHA-256, anyone with write access to the database could append
or rewrite events that pass `refuge audit verify`)

The upgrade first verifies the stored, unkeyed chain (SHA-256, as before) and stops, changing
nothing, at the first broken event: a broken trail is an incident to report, not something to
launder under a new key. It then re-keys every event in order with the audit key
(REFUGE_AUDIT_KEY, or the key file: `refuge.store.audit_key.load_audit_key`, made if missing),
and appends an `audit_trail` `rekey` event whose purpose names the unkeyed head (count and hash)
so an auditor's kept head before the upgrade can be tied to the keyed trail after it. Run it
with the key the service will use. The downgrade verifies the keyed chain the same way and
hashes every event with plain SHA-256 again. Canonical form and hashes are frozen here, as at
this revision.

Revision ID: 0010_keyed_audit_chain
Revises: 0009_assessment_purpose
Create Date: 2026-12-01
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

import sqlalchemy as sa
from alembic import op

from refuge.store.audit_key import load_audit_key

revision: str = "0010_keyed_audit_chain"
down_revision: str | None = "0009_assessment_purpose"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

GENESIS = "0" * 64
BATCH = 1000

EVENTS = sa.table(
    "audit_events",
    sa.column("seq", sa.BigInteger()),
    sa.column("at", sa.DateTime(timezone=True)),
    sa.column("actor", sa.String()),
    sa.column("action", sa.String()),
    sa.column("entity", sa.String()),
    sa.column("entity_id", sa.String()),
    sa.column("fields", sa.JSON()),
    sa.column("purpose", sa.String()),
    sa.column("outcome", sa.String()),
    sa.column("prev_hash", sa.String()),
    sa.column("hash", sa.String()),
)

Hasher = Callable[[bytes], str]


class BrokenTrail(Exception):
    pass


def _canonical(row: Any, prev_hash: str) -> bytes:
    at: datetime = row.at if row.at.tzinfo else row.at.replace(tzinfo=UTC)
    body = {
        "seq": row.seq,
        "at": at.astimezone(UTC).isoformat(timespec="microseconds"),
        "actor": row.actor,
        "action": row.action,
        "entity": row.entity,
        "entity_id": row.entity_id,
        "fields": list(row.fields),
        "purpose": row.purpose,
        "outcome": row.outcome,
        "prev_hash": prev_hash,
    }
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _hmac(key: bytes) -> Hasher:
    return lambda data: hmac.new(key, data, hashlib.sha256).hexdigest()


def _rows() -> Any:
    """Every event in order, in batches (keyset on `seq`)."""
    bind = op.get_bind()
    after = 0
    while rows := bind.execute(
        sa.select(EVENTS).where(EVENTS.c.seq > after).order_by(EVENTS.c.seq).limit(BATCH)
    ).all():
        yield from rows
        after = rows[-1].seq


def _verify(old: Hasher, rule: str) -> tuple[int, str]:
    """Check the stored chain under `old`; its head (count, hash), or `BrokenTrail`."""
    prev, expected = GENESIS, 1
    for row in _rows():
        if row.seq != expected or row.prev_hash != prev or old(_canonical(row, prev)) != row.hash:
            raise BrokenTrail(
                f"the audit trail is broken at event {row.seq} ({rule}); nothing was changed. "
                "Keep a copy of the database as it is and report it (docs/guide/auditor.md)"
            )
        prev, expected = row.hash, row.seq + 1
    return expected - 1, prev


def _rehash(new: Hasher) -> str:
    """Write every event's hash (and so the next one's prev_hash) under `new`; the new head."""
    bind = op.get_bind()
    write = (
        sa.update(EVENTS)
        .where(EVENTS.c.seq == sa.bindparam("s"))
        .values(prev_hash=sa.bindparam("p"), hash=sa.bindparam("h"))
    )
    prev, pending = GENESIS, []
    for row in _rows():
        digest = new(_canonical(row, prev))
        pending.append({"s": row.seq, "p": prev, "h": digest})
        prev = digest
        if len(pending) >= BATCH:
            bind.execute(write, pending)
            pending = []
    if pending:
        bind.execute(write, pending)
    return prev


def upgrade() -> None:
    count, unkeyed_head = _verify(_sha256, "unkeyed SHA-256 chain")
    if count == 0:
        return  # nothing to re-key; the first event will make the key file
    keyed = _hmac(load_audit_key(create=True))
    head = _rehash(keyed)
    row = {
        "seq": count + 1,
        "at": datetime.now(UTC),
        "actor": "system",
        "action": "rekey",
        "entity": "audit_trail",
        "entity_id": "all",
        "fields": [],
        "purpose": f"migration 0010: chain keyed; unkeyed head was {count} {unkeyed_head}",
        "outcome": "ok",
    }
    digest = keyed(_canonical(SimpleNamespace(**row), head))
    op.get_bind().execute(sa.insert(EVENTS).values(**row, prev_hash=head, hash=digest))


def downgrade() -> None:
    if op.get_bind().scalar(sa.select(sa.func.count()).select_from(EVENTS)) == 0:
        return
    keyed = _hmac(load_audit_key())
    _verify(keyed, "keyed HMAC chain, or another audit key")
    _rehash(_sha256)
