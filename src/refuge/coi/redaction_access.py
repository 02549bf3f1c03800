"""Which documents may be redacted, by whom, and their text to redact in.

Publishers redact the library's documents. An individual report (about one person) is never
published, so it is not redacted: its team, who can see it, are told so; to anyone else it
does not exist (404, as everywhere)."""

from __future__ import annotations

import bisect
import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from refuge.casework.actor import Actor
from refuge.casework.errors import NotAllowed
from refuge.coi import access
from refuge.coi.models import CoiDocument, CoiPassage
from refuge.coi.passages import document_text
from refuge.coi.redaction_errors import IndividualReportNotRedacted

REDACTORS = frozenset({"publisher"})


def load_redactable(session: Session, actor: Actor, document_id: uuid.UUID) -> CoiDocument:
    document = access.load_document(session, actor, document_id)
    if document.individual:
        raise IndividualReportNotRedacted()
    may_redact(actor)
    return document


def may_redact(actor: Actor) -> None:
    if actor.role not in REDACTORS:
        raise NotAllowed(actor.role, "redact documents", "publisher")


@dataclass(frozen=True)
class DocumentText:
    """A document's normalized text and its passages' anchors and offsets."""

    text: str
    anchors: list[str]
    starts: list[int]
    ends: list[int]

    def anchor_at(self, offset: int) -> str:
        """The anchor of the passage holding `offset` (the one before, on a separator)."""
        at = bisect.bisect_right(self.starts, offset) - 1
        return self.anchors[max(at, 0)] if self.anchors else ""

    def passage(self, anchor: str) -> tuple[int, int] | None:
        """The start and end offsets of the passage with this anchor."""
        try:
            at = self.anchors.index(anchor)
        except ValueError:
            return None
        return self.starts[at], self.ends[at]


def text_of(session: Session, document: CoiDocument) -> DocumentText:
    rows = list(
        session.scalars(
            select(CoiPassage)
            .where(CoiPassage.document_id == document.id)
            .order_by(CoiPassage.ordinal)
        )
    )
    return DocumentText(
        text=document_text([p.content for p in rows]),
        anchors=[p.anchor for p in rows],
        starts=[p.start_offset for p in rows],
        ends=[p.end_offset for p in rows],
    )
