"""The approval queue (publishers): every text marked for redaction that awaits a second
publisher, with the words around it, its Woo ground and the note; approve it, or reject it
with the reason. Four eyes: one's own marks are shown, but only another publisher decides them
(the platform refuses it too)."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from sqlalchemy.orm import Session
from starlette.responses import RedirectResponse, Response

from refuge.api.deps import SessionDep
from refuge.casework.errors import CaseworkError, NotFound
from refuge.coi import approval_queue, redactions
from refuge.coi.woo_grounds import grounds
from refuge.web import i18n
from refuge.web.pages import ViewerDep
from refuge.web.routes.library_messages import library_refusal
from refuge.web.templating import gettext, render
from refuge.web.viewer import Viewer

router = APIRouter()
SAVED = ("approved", "rejected")


def _queue(request: Request, db: Session, viewer: Viewer, **extra: Any) -> Response:
    waiting = approval_queue.awaiting_approval(db, viewer.actor)
    db.commit()  # redactions carried over to a new revision
    language = i18n.language_of(request)
    labels = {code: g.label(language) for code, g in grounds().items()}
    shown = {str(item.redaction.id) for d in waiting for item in d.items}
    if extra.get("error_at") not in shown:
        extra["error_at"] = None  # decided meanwhile: the message goes on top
    context = {
        "waiting": waiting,
        "count": sum(len(d.items) for d in waiting),
        "ground_labels": labels,
        "saved": "",
        "error": None,
        "error_at": None,
        "form": {},
        **extra,
    }
    return render(request, "library_approvals.html", context)


@router.get("/library/approvals")
def approvals(
    request: Request,
    viewer: ViewerDep,
    db: SessionDep,
    saved: Annotated[str, Query(max_length=20)] = "",
) -> Response:
    return _queue(request, db, viewer, saved=saved if saved in SAVED else "")


def _done(saved: str) -> Response:
    return RedirectResponse(f"/library/approvals?saved={saved}", status_code=303)


@router.post("/library/redactions/{redaction_id}/approval")
def approve(
    redaction_id: uuid.UUID, request: Request, viewer: ViewerDep, db: SessionDep
) -> Response:
    try:
        redactions.approve(db, viewer.actor, redaction_id)
    except NotFound:
        raise
    except CaseworkError as error:
        db.rollback()
        message = library_refusal(request, error)
        return _queue(request, db, viewer, error=message, error_at=str(redaction_id))
    db.commit()
    return _done("approved")


@router.post("/library/redactions/{redaction_id}/rejection")
def reject(
    redaction_id: uuid.UUID,
    request: Request,
    viewer: ViewerDep,
    db: SessionDep,
    reason: Annotated[str, Form(max_length=100_000)] = "",
) -> Response:
    form = {"reason": reason}
    if len(reason) > 2000:
        message = gettext(request, "The reason may have at most 2,000 characters.")
        return _queue(request, db, viewer, error=message, error_at=str(redaction_id), form=form)
    try:
        redactions.reject(db, viewer.actor, redaction_id, reason)
    except NotFound:
        raise
    except CaseworkError as error:
        db.rollback()
        message = library_refusal(request, error)
        return _queue(request, db, viewer, error=message, error_at=str(redaction_id), form=form)
    db.commit()
    return _done("rejected")
