"""The audit trail, read-only, for auditors: events page by page, and a verification."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel
from sqlalchemy import func, select

from refuge.accounts.schemas import Instant
from refuge.api.auth import PrincipalDep
from refuge.api.deps import SessionDep
from refuge.api.pagination import PageDep, PageOut, page_out
from refuge.api.problems import Problem
from refuge.audit.models import AuditEvent
from refuge.audit.trail import head, record, verify
from refuge.store.audit_key import AuditKeyError

router = APIRouter(prefix="/audit-events", tags=["audit"])


class AuditEventOut(BaseModel):
    seq: int
    at: Instant
    actor: str
    action: str
    entity: str
    entity_id: str
    fields: list[str]
    purpose: str
    outcome: str
    prev_hash: str
    hash: str


class ChainBreakOut(BaseModel):
    seq: int
    kind: str
    detail: str


class VerificationOut(BaseModel):
    intact: bool
    events: int
    head_hash: str
    first_break: ChainBreakOut | None
    verified_at: Instant


@router.get("", response_model=PageOut[AuditEventOut])
def list_events(
    page: PageDep,
    request: Request,
    response: Response,
    db: SessionDep,
    entity: Annotated[str | None, Query(max_length=40, description="e.g. application")] = None,
    entity_id: Annotated[str | None, Query(alias="entityId", max_length=64)] = None,
) -> PageOut[AuditEventOut]:
    """Events in order (oldest first). Events name records and fields, never their values."""
    query = select(AuditEvent)
    if entity is not None:
        query = query.where(AuditEvent.entity == entity)
    if entity_id is not None:
        query = query.where(AuditEvent.entity_id == entity_id)
    total = db.scalar(select(func.count()).select_from(query.subquery())) or 0
    events = db.scalars(query.order_by(AuditEvent.seq).offset(page.offset).limit(page.page_size))
    items = [AuditEventOut.model_validate(e, from_attributes=True) for e in events]
    return page_out(items, total, page, request, response)


@router.get("/verification", response_model=VerificationOut)
def verification(principal: PrincipalDep, db: SessionDep) -> VerificationOut:
    """Walk the hash chain, recomputing each event's HMAC under the server's audit key; report
    the first altered, inserted or deleted event (or a wrong key). The run itself is recorded in
    the trail (after the check)."""
    try:
        broken = verify(db)
    except AuditKeyError:
        raise Problem(
            503,
            "audit-key-unavailable",
            "the server has no usable audit key, so the trail cannot be verified; "
            "an operator can see why with `refuge audit verify` on the server",
        ) from None
    last = head(db)
    record(
        db,
        actor=principal.username,
        action="verify",
        entity="audit_trail",
        entity_id="all",
        purpose="audit",
        outcome="ok" if broken is None else "broken",
    )
    db.commit()
    return VerificationOut(
        intact=broken is None,
        events=last.count,
        head_hash=last.hash,
        first_break=ChainBreakOut(seq=broken.seq, kind=broken.kind, detail=broken.detail)
        if broken
        else None,
        verified_at=datetime.now().astimezone(),
    )
