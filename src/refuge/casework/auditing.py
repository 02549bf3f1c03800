"""Casework's entries in the audit trail: one per record written, one per read of
special-category facts. Field names only, never values."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence

from sqlalchemy.orm import Session

from refuge.audit.trail import Entry, append
from refuge.casework.actor import Actor


def entry(
    actor: Actor,
    action: str,
    entity: str,
    entity_id: uuid.UUID,
    purpose: str,
    fields: Iterable[str] = (),
) -> Entry:
    """One event for `audit_all`."""
    return Entry(actor.username, action, entity, str(entity_id), purpose[:200], list(fields))


def audit(
    session: Session,
    actor: Actor,
    action: str,
    entity: str,
    entity_id: uuid.UUID,
    purpose: str,
    fields: Iterable[str] = (),
) -> None:
    append(session, [entry(actor, action, entity, entity_id, purpose, fields)])


def audit_all(session: Session, entries: Sequence[Entry]) -> None:
    """Several events of one request, appended in order with one statement."""
    append(session, entries)
