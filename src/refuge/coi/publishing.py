"""Publishing a document of the library: its publication version as HTML and PDF, with the
inventory of redactions as CSV and JSON, and the document recorded as published (status,
the Woo decision, the day), audited.

Refused, changing nothing: an individual report (never published); a document with
redactions still waiting for a decision (marked but not approved, or a scan's proposal not
yet accepted or dismissed); a withheld text standing unredacted elsewhere in the document
(the scan's repetition check) that nobody dismissed; a document without a Woo decision when
none is given. The function returns the files' bytes and leaves writing them, and committing,
to the caller, so that a file that cannot be written leaves the document unpublished.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from refuge.casework.actor import Actor
from refuge.casework.auditing import audit
from refuge.casework.errors import NotAllowed
from refuge.coi import access, inventory, publication_html, publication_pdf
from refuge.coi.errors import InvalidMetadata
from refuge.coi.models import CoiDocument, CoiPassage
from refuge.coi.passages import Passage
from refuge.coi.publication import PublicationMeta, build, unredacted_repetitions
from refuge.coi.publication_errors import (
    IndividualReport,
    NoWooDecision,
    RedactionsPending,
    RepetitionsUnresolved,
)
from refuge.coi.redaction_models import DISMISSED, CoiRedactionProposal
from refuge.coi.redactions import approved_spans, pending_redactions

MAX_DECISION = 200  # the stored column's length
PUBLISHERS = frozenset({"publisher"})
RECORDED = ["status", "disclosure_decision", "published_on"]


@dataclass(frozen=True, slots=True)
class PublishedFiles:
    """The files of one publication by name, and what was recorded."""

    files: dict[str, bytes]
    document_id: uuid.UUID
    reference: str
    revision: int
    woo_decision: str
    published_on: date
    redactions: int


def publish_document(
    session: Session,
    actor: Actor,
    document_id: uuid.UUID,
    *,
    today: date,
    woo_decision: str | None = None,
    published_on: date | None = None,
    title: str | None = None,
    author: str | None = None,
) -> PublishedFiles:
    """The publication of the document. The day it carries (and the PDF's creation date) is
    `published_on`, else the day it was published before, else `today`: publishing the same
    document with the same redactions again gives the same bytes."""
    document = access.load_document(session, actor, document_id)
    if document.individual:
        raise IndividualReport()
    if actor.role not in PUBLISHERS:
        raise NotAllowed(actor.role, "publish documents", "publisher")
    decision = _decision(woo_decision, document)
    pending = pending_redactions(session, actor, document.id)
    if pending:
        raise RedactionsPending(pending)
    spans = approved_spans(session, actor, document.id)
    passages = _passages(session, document)
    repeated = unredacted_repetitions(passages, spans, _dismissed(session, document.id))
    if repeated:
        raise RepetitionsUnresolved(repeated)
    day = published_on or document.published_on or today
    meta = PublicationMeta(
        reference=document.reference,
        revision=document.revision,
        title=_text("title", title) if title is not None else str(document.title),
        language=document.language,
        kind=document.kind,
        country=document.country,
        document_date=document.document_date,
        woo_decision=decision,
        published_on=day,
        author=_text("author", author) if author else "",
    )
    publication = build(meta, passages, spans)
    pdf = publication_pdf.render(publication)
    stem = f"{document.reference}-r{document.revision}"
    files = {
        f"{stem}.html": publication_html.render(publication, pdf.rows),
        f"{stem}.pdf": pdf.data,
        f"{stem}.inventory.csv": inventory.to_csv(pdf.rows),
        f"{stem}.inventory.json": inventory.to_json(publication, pdf.rows),
    }
    document.status = "published"
    document.disclosure_decision = decision
    document.published_on = day
    purpose = f"publish under Woo decision {decision}, {len(spans)} redaction(s)"
    audit(session, actor, "update", "coi_document", document.id, purpose, RECORDED)
    session.flush()
    return PublishedFiles(
        files, document.id, document.reference, document.revision, decision, day, len(spans)
    )


def _decision(given: str | None, document: CoiDocument) -> str:
    if given is not None:
        return _text("woo_decision", given, MAX_DECISION)
    if not document.disclosure_decision:
        raise NoWooDecision()
    return document.disclosure_decision


def _text(field: str, value: str, longest: int = 500) -> str:
    shown = " ".join(value.split())
    if not shown:
        raise InvalidMetadata(field, "is empty")
    if len(shown) > longest:
        raise InvalidMetadata(field, f"is longer than {longest} characters")
    return shown


def _passages(session: Session, document: CoiDocument) -> list[Passage]:
    rows = session.scalars(
        select(CoiPassage).where(CoiPassage.document_id == document.id).order_by(CoiPassage.ordinal)
    )
    return [
        Passage(
            ordinal=p.ordinal,
            anchor=p.anchor,
            kind="heading" if p.kind == "heading" else "paragraph",
            section=p.section,
            heading_path=[],
            text=p.content,
            page=p.page,
            page_end=p.page_end,
            start=p.start_offset,
            end=p.end_offset,
        )
        for p in rows
    ]


def _dismissed(session: Session, document_id: uuid.UUID) -> frozenset[tuple[int, int]]:
    rows = session.execute(
        select(CoiRedactionProposal.start_offset, CoiRedactionProposal.end_offset).where(
            CoiRedactionProposal.document_id == document_id,
            CoiRedactionProposal.status == DISMISSED,
        )
    )
    return frozenset((start, end) for start, end in rows)
