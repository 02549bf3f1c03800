"""The auditor's page: the audit trail with filters, newest first, and the verification of its
hash chain (itself recorded in the trail)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from starlette.responses import Response

from refuge.api.deps import SessionDep
from refuge.audit.models import AuditEvent
from refuge.audit.trail import head, record, verify
from refuge.store.audit_key import AuditKeyError
from refuge.web.pages import ViewerDep
from refuge.web.templating import render

router = APIRouter()
PAGE_SIZE = 50
Filter = Annotated[str, Query(max_length=64)]


def _events(db: Session, filters: dict[str, str], page: int) -> tuple[list[AuditEvent], int]:
    query = select(AuditEvent)
    for name in ("actor", "action", "entity", "outcome"):
        if filters[name]:
            query = query.where(getattr(AuditEvent, name) == filters[name])
    if filters["entity_id"]:
        query = query.where(AuditEvent.entity_id == filters["entity_id"])
    total = db.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = db.scalars(
        query.order_by(AuditEvent.seq.desc()).offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE)
    )
    return list(rows), total


def _page(
    request: Request, db: Session, filters: dict[str, str], page: int, **extra: Any
) -> Response:
    events, total = _events(db, filters, page)
    pages = max(1, -(-total // PAGE_SIZE))
    return render(
        request,
        "audit.html",
        {
            "events": events,
            "total": total,
            "filters": filters,
            "page": min(page, pages),
            "pages": pages,
            "verification": None,
            **extra,
        },
    )


@router.get("/audit")
def trail(
    request: Request,
    viewer: ViewerDep,
    db: SessionDep,
    actor: Filter = "",
    action: Filter = "",
    entity: Filter = "",
    entity_id: Filter = "",
    outcome: Filter = "",
    page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
) -> Response:
    filters = {
        "actor": actor.strip(),
        "action": action.strip(),
        "entity": entity.strip(),
        "entity_id": entity_id.strip(),
        "outcome": outcome.strip(),
    }
    return _page(request, db, filters, page)


@router.post("/audit/verification")
def verification(request: Request, viewer: ViewerDep, db: SessionDep) -> Response:
    try:
        broken = verify(db)
        key_missing = False
    except AuditKeyError:
        broken, key_missing = None, True
    last = head(db)
    record(
        db,
        actor=viewer.username,
        action="verify",
        entity="audit_trail",
        entity_id="all",
        purpose="audit",
        outcome="key-unavailable" if key_missing else ("ok" if broken is None else "broken"),
    )
    db.commit()
    result = {
        "intact": broken is None and not key_missing,
        "key_missing": key_missing,
        "events": last.count,
        "head_hash": last.hash,
        "broken": broken,
        "at": datetime.now(UTC),
    }
    empty = dict.fromkeys(("actor", "action", "entity", "entity_id", "outcome"), "")
    return _page(request, db, empty, 1, verification=result)
