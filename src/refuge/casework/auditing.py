"""Casework's entries in the audit trail: one per record written, one per read of
special-category facts. Field names only, never values."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from sqlalchemy.orm import Session

from refuge.audit.trail import record
from refuge.casework.actor import Actor


def audit(
    session: Session,
    actor: Actor,
    action: str,
    entity: str,
    entity_id: uuid.UUID,
    purpose: str,
    fields: Iterable[str] = (),
) -> None:
    record(
        session,
        actor=actor.username,
        action=action,
        entity=entity,
        entity_id=str(entity_id),
        purpose=purpose[:200],
        fields=list(fields),
    )
