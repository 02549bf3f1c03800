"""Storing what a recogniser or the carry-over found as proposals: one per span of the
document (a span proposed once and dismissed is not proposed again), none over text that is
marked or redacted already."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from refuge.coi.recognisers.found import Found
from refuge.coi.redaction_access import DocumentText
from refuge.coi.redaction_models import CoiRedaction, CoiRedactionProposal
from refuge.coi.redaction_versions import overlapping

__all__ = ["Found", "store"]


def store(
    session: Session,
    document_id: uuid.UUID,
    text: DocumentText,
    found: Iterable[Found],
    redactions: list[CoiRedaction],
    actor: str,
) -> list[CoiRedactionProposal]:
    known = {
        (p.start_offset, p.end_offset)
        for p in session.scalars(
            select(CoiRedactionProposal).where(CoiRedactionProposal.document_id == document_id)
        )
    }
    new: list[CoiRedactionProposal] = []
    for f in sorted(set(found)):
        if (f.start, f.end) in known or overlapping(redactions, f.start, f.end) is not None:
            continue
        known.add((f.start, f.end))
        new.append(
            CoiRedactionProposal(
                document_id=document_id,
                start_offset=f.start,
                end_offset=f.end,
                anchor=text.anchor_at(f.start),
                recogniser=f.recogniser,
                ground=f.ground,
                text=text.text[f.start : f.end],
                status="open",
                proposed_by=actor,
            )
        )
    session.add_all(new)
    session.flush()
    return new
