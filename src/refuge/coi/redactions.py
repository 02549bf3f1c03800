"""The redaction workflow: a publisher marks a span of a document with a Woo ground and a
note; a second publisher approves or rejects it (four eyes: never the one who marked it).
Every step is a new version of the redaction (`refuge.coi.redaction_versions`) and is audited.

Spans never overlap: a mark over text already marked or approved is refused (reject the other
first), so what the publication receives (`approved_spans`) is sorted and disjoint without
merging spans of different grounds. Functions take `(session, actor, ...)`, never commit (the
caller does) and change nothing when they refuse."""

from __future__ import annotations

import uuid
from itertools import pairwise

from sqlalchemy.orm import Session

from refuge.casework.actor import Actor
from refuge.casework.auditing import audit
from refuge.casework.errors import NotFound
from refuge.coi.carry_over import carry_over
from refuge.coi.models import CoiDocument
from refuge.coi.redaction_access import DocumentText, load_redactable, may_redact, text_of
from refuge.coi.redaction_errors import (
    InvalidSpan,
    OverlappingApprovedSpans,
    OwnRedaction,
    RedactionDecided,
)
from refuge.coi.redaction_models import (
    APPROVED,
    MARKED,
    OPEN,
    REJECTED,
    CoiRedaction,
    CoiRedactionProposal,
)
from refuge.coi.redaction_schemas import MarkSpan, RedactionOut, RedactionStep
from refuge.coi.redaction_versions import current, first, refuse_overlap, step, versions
from refuge.coi.spans import RedactionSpan
from refuge.coi.woo_grounds import ground, grounds
from refuge.store.base import as_utc


def opened(
    session: Session, actor: Actor, document_id: uuid.UUID
) -> tuple[CoiDocument, DocumentText]:
    """The document to redact and its text, with the previous revision's redactions carried
    over (`refuge.coi.carry_over`)."""
    document = load_redactable(session, actor, document_id)
    text = text_of(session, document)
    carry_over(session, actor, document, text)
    return document, text


def mark(
    session: Session,
    actor: Actor,
    document_id: uuid.UUID,
    span: MarkSpan,
    proposal_id: uuid.UUID | None = None,
) -> RedactionOut:
    """Mark a span: by its offsets, or by an anchor and the exact text within that passage."""
    document, text = opened(session, actor, document_id)
    code = ground(span.ground).code
    start, end = _locate(text, span)
    withheld = text.text[start:end]
    if not withheld.strip():
        raise InvalidSpan("start", f"characters {start}-{end} are only white space")
    refuse_overlap(current(session, document.id), start, end)
    row = first(
        document.id,
        start,
        end,
        text.anchor_at(start),
        withheld,
        code,
        span.note,
        actor.username,
        actor.named_user("mark a span for redaction"),
        proposal_id=proposal_id,
    )
    session.add(row)
    session.flush()
    audit(session, actor, "create", "coi_redaction", row.redaction_id, f"mark {code}")
    return _out(session, row)


def approve(session: Session, actor: Actor, redaction_id: uuid.UUID) -> RedactionOut:
    latest = _decidable(session, actor, redaction_id, "approve")
    row = step(session, latest, APPROVED, actor.username, None)
    audit(session, actor, "approve", "coi_redaction", redaction_id, f"approve {row.ground}")
    return _out(session, row)


def reject(session: Session, actor: Actor, redaction_id: uuid.UUID, reason: str) -> RedactionOut:
    if not reason.strip():
        raise InvalidSpan("reason", "say why the span is not withheld")
    latest = _decidable(session, actor, redaction_id, "reject")
    row = step(session, latest, REJECTED, actor.username, reason.strip())
    audit(session, actor, "reject", "coi_redaction", redaction_id, "reject", ["reason"])
    return _out(session, row)


def list_redactions(
    session: Session, actor: Actor, document_id: uuid.UUID, status: str | None = None
) -> list[RedactionOut]:
    """Every redaction of the document in its current state, by position, with its history."""
    document, _ = opened(session, actor, document_id)
    rows = current(session, document.id)
    return [_out(session, r) for r in rows if status is None or r.status == status]


def get_redaction(session: Session, actor: Actor, redaction_id: uuid.UUID) -> RedactionOut:
    return _out(session, _latest(session, actor, redaction_id))


def approved_spans(session: Session, actor: Actor, document_id: uuid.UUID) -> list[RedactionSpan]:
    """What the publication withholds: the approved redactions, sorted, never overlapping
    (OverlappingApprovedSpans if two marked at the same moment were both approved)."""
    document, _ = opened(session, actor, document_id)
    rows = [r for r in current(session, document.id) if r.status == APPROVED]
    for before, after in pairwise(rows):
        if after.start_offset < before.end_offset:
            raise OverlappingApprovedSpans(before.redaction_id, after.redaction_id)
    return [RedactionSpan(r.start_offset, r.end_offset, r.ground, r.note) for r in rows]


def pending_redactions(session: Session, actor: Actor, document_id: uuid.UUID) -> int:
    """How many spans await a decision: marked but not yet approved or rejected, and the
    scan's proposals not yet accepted or dismissed (the previous revision's approved
    redactions carried over count among the marked ones)."""
    document, _ = opened(session, actor, document_id)
    marked = sum(1 for r in current(session, document.id) if r.status == MARKED)
    proposals = session.query(CoiRedactionProposal).filter_by(document_id=document.id, status=OPEN)
    return marked + proposals.count()


def _locate(text: DocumentText, span: MarkSpan) -> tuple[int, int]:
    size = len(text.text)
    if span.start is not None and span.end is not None:
        if span.end <= span.start:
            raise InvalidSpan("end", f"must be after start ({span.start}), got {span.end}")
        if span.end > size:
            raise InvalidSpan("end", f"the document's text has {size} characters, got {span.end}")
        return span.start, span.end
    anchor, wanted = str(span.anchor), str(span.text)
    where = text.passage(anchor)
    if where is None:
        raise InvalidSpan("anchor", f"the document has no passage {anchor!r}")
    passage = text.text[where[0] : where[1]]
    count = passage.count(wanted)
    if count != 1:
        found = "is not in" if count == 0 else f"occurs {count} times in"
        raise InvalidSpan(
            "text",
            f"the text {found} passage {anchor}; give text found exactly once there, or "
            "give start and end",
        )
    start = where[0] + passage.index(wanted)
    return start, start + len(wanted)


def _latest(session: Session, actor: Actor, redaction_id: uuid.UUID) -> CoiRedaction:
    may_redact(actor)
    rows = versions(session, redaction_id)
    if not rows:
        raise NotFound("redaction", redaction_id)
    load_redactable(session, actor, rows[-1].document_id)
    return rows[-1]


def _decidable(
    session: Session, actor: Actor, redaction_id: uuid.UUID, action: str
) -> CoiRedaction:
    latest = _latest(session, actor, redaction_id)
    if latest.status != MARKED:
        raise RedactionDecided(redaction_id, latest.status)
    if latest.marked_by_id == actor.named_user(f"{action} a redaction"):
        raise OwnRedaction(action)
    return latest


def _out(session: Session, row: CoiRedaction) -> RedactionOut:
    known = grounds().get(row.ground)
    return RedactionOut(
        id=row.redaction_id,
        document_id=row.document_id,
        start=row.start_offset,
        end=row.end_offset,
        anchor=row.anchor,
        text=row.text,
        ground=row.ground,
        ground_label=known.en if known else "(no longer in the list of grounds)",
        note=row.note,
        status=row.status,
        marked_by=row.marked_by,
        version=row.number,
        carried_from=_redaction_of(session, row.carried_from_id),
        proposal_id=row.proposal_id,
        history=[
            RedactionStep(
                number=v.number,
                status=v.status,
                actor=v.actor,
                at=as_utc(v.created_at),
                reason=v.reason,
            )
            for v in versions(session, row.redaction_id)
        ],
    )


def _redaction_of(session: Session, version_id: uuid.UUID | None) -> uuid.UUID | None:
    if version_id is None:
        return None
    found = session.get(CoiRedaction, version_id)
    return found.redaction_id if found else None
