"""Redactions as versions: the current state of each (its newest row) and the next step
written as a new row, never an update."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from refuge.coi.redaction_errors import OverlappingRedaction, RedactionDecided
from refuge.coi.redaction_models import ACTIVE, CoiRedaction


def current(session: Session, document_id: uuid.UUID) -> list[CoiRedaction]:
    """The newest version of every redaction of the document, by position."""
    rows = session.scalars(
        select(CoiRedaction)
        .where(CoiRedaction.document_id == document_id)
        .order_by(CoiRedaction.redaction_id, CoiRedaction.number)
    )
    newest: dict[uuid.UUID, CoiRedaction] = {}
    for row in rows:
        newest[row.redaction_id] = row
    return sorted(newest.values(), key=lambda r: (r.start_offset, r.end_offset))


def versions(session: Session, redaction_id: uuid.UUID) -> list[CoiRedaction]:
    return list(
        session.scalars(
            select(CoiRedaction)
            .where(CoiRedaction.redaction_id == redaction_id)
            .order_by(CoiRedaction.number)
        )
    )


def overlapping(rows: Iterable[CoiRedaction], start: int, end: int) -> CoiRedaction | None:
    """The first active (marked or approved) redaction sharing a character with start-end."""
    return next(
        (r for r in rows if r.status in ACTIVE and r.start_offset < end and start < r.end_offset),
        None,
    )


def refuse_overlap(rows: Iterable[CoiRedaction], start: int, end: int) -> None:
    other = overlapping(rows, start, end)
    if other is not None:
        raise OverlappingRedaction(
            start, end, other.redaction_id, other.start_offset, other.end_offset
        )


def first(
    document_id: uuid.UUID,
    start: int,
    end: int,
    anchor: str,
    text: str,
    ground: str,
    note: str,
    actor: str,
    actor_id: uuid.UUID,
    *,
    proposal_id: uuid.UUID | None = None,
    carried_from_id: uuid.UUID | None = None,
) -> CoiRedaction:
    """A newly marked redaction (version 1)."""
    row_id = uuid.uuid4()
    return CoiRedaction(
        id=row_id,
        redaction_id=row_id,
        number=1,
        document_id=document_id,
        start_offset=start,
        end_offset=end,
        anchor=anchor,
        ground=ground,
        note=note,
        text=text,
        status="marked",
        reason=None,
        actor=actor,
        marked_by=actor,
        marked_by_id=actor_id,
        proposal_id=proposal_id,
        carried_from_id=carried_from_id,
    )


def step(
    session: Session, latest: CoiRedaction, status: str, actor: str, reason: str | None
) -> CoiRedaction:
    """The next version of `latest` with a new status; RedactionDecided if someone else wrote
    a version in the meantime (the unique (redaction_id, number))."""
    row = CoiRedaction(
        redaction_id=latest.redaction_id,
        number=latest.number + 1,
        document_id=latest.document_id,
        start_offset=latest.start_offset,
        end_offset=latest.end_offset,
        anchor=latest.anchor,
        ground=latest.ground,
        note=latest.note,
        text=latest.text,
        status=status,
        reason=reason,
        actor=actor,
        marked_by=latest.marked_by,
        marked_by_id=latest.marked_by_id,
        proposal_id=latest.proposal_id,
        carried_from_id=latest.carried_from_id,
    )
    session.add(row)
    try:
        session.flush()
    except IntegrityError:  # the caller rolls the transaction back, as on every refusal
        raise RedactionDecided(latest.redaction_id, "decided by someone else just now") from None
    return row
