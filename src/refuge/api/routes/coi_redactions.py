"""Redaction of the library's documents: mark a span with a Woo ground and a note, approve or
reject it (another publisher: four eyes), scan for spans to propose, accept or dismiss a
proposal, and the Woo grounds. Publishers only. Thin: each route calls `refuge.coi`."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, Query, status
from pydantic import BaseModel

from refuge.api.auth import ActorDep
from refuge.api.deps import SessionDep
from refuge.coi import proposals, redactions
from refuge.coi.redaction_schemas import (
    Acceptance,
    MarkSpan,
    ProposalOut,
    RedactionOut,
    Rejection,
    ScanResult,
)
from refuge.coi.scan import scan
from refuge.coi.woo_grounds import grounds

router = APIRouter(prefix="/coi", tags=["redaction"])
CREATED = status.HTTP_201_CREATED
D = "/documents/{document_id}"


class RedactionList(BaseModel):
    document_id: uuid.UUID
    items: list[RedactionOut]
    pending: int  # marked but not decided, and open proposals: publish when it is 0


class ProposalList(BaseModel):
    document_id: uuid.UUID
    items: list[ProposalOut]


class GroundOut(BaseModel):
    code: str
    article: str
    nl: str
    en: str


@router.get(D + "/redactions", response_model=RedactionList)
def list_redactions(
    document_id: uuid.UUID,
    db: SessionDep,
    actor: ActorDep,
    state: Annotated[
        Literal["marked", "approved", "rejected"] | None, Query(alias="status")
    ] = None,
) -> RedactionList:
    """Every redaction of the document in its current state with its history, by position;
    an approved redaction of the previous revision is carried over first (marked again)."""
    items = redactions.list_redactions(db, actor, document_id, state)
    pending = redactions.pending_redactions(db, actor, document_id)
    db.commit()  # what was carried over
    return RedactionList(document_id=document_id, items=items, pending=pending)


@router.post(D + "/redactions", status_code=CREATED, response_model=RedactionOut)
def mark(document_id: uuid.UUID, body: MarkSpan, db: SessionDep, actor: ActorDep) -> RedactionOut:
    """Mark a span to withhold: `start`/`end` in the document's text, or `anchor` and the
    exact `text` within that passage; another publisher approves or rejects it."""
    out = redactions.mark(db, actor, document_id, body)
    db.commit()
    return out


@router.get("/redactions/{redaction_id}", response_model=RedactionOut)
def get_redaction(redaction_id: uuid.UUID, db: SessionDep, actor: ActorDep) -> RedactionOut:
    return redactions.get_redaction(db, actor, redaction_id)


@router.post("/redactions/{redaction_id}/approval", response_model=RedactionOut)
def approve(redaction_id: uuid.UUID, db: SessionDep, actor: ActorDep) -> RedactionOut:
    """Approve a span another publisher marked (403 `four-eyes-required` for one's own)."""
    out = redactions.approve(db, actor, redaction_id)
    db.commit()
    return out


@router.post("/redactions/{redaction_id}/rejection", response_model=RedactionOut)
def reject(
    redaction_id: uuid.UUID, body: Rejection, db: SessionDep, actor: ActorDep
) -> RedactionOut:
    """Reject a span another publisher marked, with the reason."""
    out = redactions.reject(db, actor, redaction_id, body.reason)
    db.commit()
    return out


@router.post(D + "/scans", status_code=CREATED, response_model=ScanResult)
def scan_document(document_id: uuid.UUID, db: SessionDep, actor: ActorDep) -> ScanResult:
    """Scan the document for spans to propose; nothing is redacted until a publisher accepts
    a proposal and another approves the marked span."""
    out = scan(db, actor, document_id)
    db.commit()
    return out


@router.get(D + "/redaction-proposals", response_model=ProposalList)
def list_proposals(
    document_id: uuid.UUID,
    db: SessionDep,
    actor: ActorDep,
    state: Annotated[
        Literal["open", "accepted", "dismissed", "all"], Query(alias="status")
    ] = "open",
) -> ProposalList:
    items = proposals.list_proposals(db, actor, document_id, None if state == "all" else state)
    db.commit()
    return ProposalList(document_id=document_id, items=items)


@router.post(
    "/redaction-proposals/{proposal_id}/acceptance",
    status_code=CREATED,
    response_model=RedactionOut,
)
def accept(
    proposal_id: uuid.UUID, db: SessionDep, actor: ActorDep, body: Acceptance | None = None
) -> RedactionOut:
    """Accept a proposal: the marked span it becomes (the ground proposed unless `ground`)."""
    given = body or Acceptance()
    out = proposals.accept(db, actor, proposal_id, given.ground, given.note)
    db.commit()
    return out


@router.post("/redaction-proposals/{proposal_id}/dismissal", response_model=ProposalOut)
def dismiss(proposal_id: uuid.UUID, db: SessionDep, actor: ActorDep) -> ProposalOut:
    out = proposals.dismiss(db, actor, proposal_id)
    db.commit()
    return out


@router.get("/woo-grounds", response_model=list[GroundOut])
def list_grounds() -> list[GroundOut]:
    """The Woo grounds a redaction may cite, with their article and labels."""
    return [GroundOut(code=g.code, article=g.article, nl=g.nl, en=g.en) for g in grounds().values()]
