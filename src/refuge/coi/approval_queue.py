"""The publishers' approval queue: every redaction of the library's documents that awaits a
second publisher (marked, neither approved nor rejected yet), by document, each with the words
around it so that the second publisher can judge it without opening the report.

A newest revision whose previous revision has approved redactions gets them carried over
first (`refuge.coi.carry_over`, as when its redactions are listed), so they are in the queue
before anyone opens the report. Publishers only; individual reports are never redacted, so
never in it. Reads, and writes only what is carried over: the caller commits."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import exists, or_, select
from sqlalchemy.orm import Session, aliased

from refuge.casework.actor import Actor
from refuge.coi import redactions
from refuge.coi.models import CoiDocument
from refuge.coi.redaction_access import may_redact, text_of
from refuge.coi.redaction_models import MARKED, CoiRedaction
from refuge.coi.redaction_schemas import RedactionOut
from refuge.coi.vocabulary import LIBRARY

AROUND = 80  # characters of context on either side of a span


@dataclass(frozen=True, slots=True)
class Awaiting:
    """One marked span and the text around it."""

    redaction: RedactionOut
    before: str
    after: str


@dataclass(frozen=True, slots=True)
class AwaitingDocument:
    document_id: uuid.UUID
    reference: str
    revision: int
    title: str
    items: list[Awaiting]


def awaiting_approval(session: Session, actor: Actor) -> list[AwaitingDocument]:
    """The documents with spans awaiting approval, by reference, each span by position."""
    may_redact(actor)
    redacted = select(CoiRedaction.document_id).distinct()
    newer = aliased(CoiDocument)
    newest = ~exists().where(
        newer.scope == CoiDocument.scope,
        newer.reference == CoiDocument.reference,
        newer.revision > CoiDocument.revision,
    )
    documents = session.scalars(
        select(CoiDocument)
        .where(
            CoiDocument.scope == LIBRARY,
            CoiDocument.kind != "individual",
            or_(
                CoiDocument.id.in_(redacted),
                CoiDocument.supersedes_id.in_(redacted) & newest,
            ),
        )
        .order_by(CoiDocument.reference, CoiDocument.revision)
    ).all()
    found = []
    for document in documents:
        marked = redactions.list_redactions(session, actor, document.id, MARKED)
        if not marked:
            continue
        text = text_of(session, document).text
        items = [
            Awaiting(
                redaction=r,
                before=_words_before(text, r.start),
                after=_words_after(text, r.end),
            )
            for r in marked
        ]
        found.append(
            AwaitingDocument(
                document.id, document.reference, document.revision, str(document.title), items
            )
        )
    return found


def _words_before(text: str, at: int) -> str:
    start = max(0, at - AROUND)
    shown = text[start:at]
    if start > 0 and " " in shown:
        shown = "…" + shown[shown.index(" ") :]
    return shown.replace("\n\n", " ¶ ")


def _words_after(text: str, at: int) -> str:
    end = min(len(text), at + AROUND)
    shown = text[at:end]
    if end < len(text) and " " in shown:
        shown = shown[: shown.rindex(" ")] + "…"
    return shown.replace("\n\n", " ¶ ")
