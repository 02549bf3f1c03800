"""The redaction editor's forms (publishers): mark a text to withhold on a Woo ground, scan a
document for texts to propose, accept or dismiss a proposal. A refusal is the reader again
with its message (a 200); nothing is withheld until a second publisher approves it.

A text is marked by the selection's offsets in the document's text, which static/redaction.js
fills in when the publisher selects text in the reader, checked against the selected text
itself; without JavaScript (or when the text was edited after selecting) by the passage and the
exact text, which must occur once in it."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Form, Request
from pydantic import ValidationError
from sqlalchemy.orm import Session
from starlette.responses import Response

from refuge.api.deps import SessionDep
from refuge.casework.errors import CaseworkError, NotFound
from refuge.coi import proposals, redactions
from refuge.coi.models import CoiDocument
from refuge.coi.redaction_access import text_of
from refuge.coi.redaction_models import CoiRedactionProposal
from refuge.coi.redaction_schemas import MarkSpan
from refuge.coi.scan import scan
from refuge.web.pages import ViewerDep
from refuge.web.routes.library_messages import library_refusal
from refuge.web.routes.library_reader import back_to, library_document, reader_page
from refuge.web.templating import gettext
from refuge.web.viewer import Viewer

router = APIRouter()
Field = Annotated[str, Form(max_length=100_000)]
Short = Annotated[str, Form(max_length=200)]


@router.post("/library/documents/{document_id}/redactions")
def mark(
    document_id: uuid.UUID,
    request: Request,
    viewer: ViewerDep,
    db: SessionDep,
    anchor: Short = "",
    text: Field = "",
    start: Short = "",
    end: Short = "",
    ground: Short = "",
    note: Field = "",
) -> Response:
    key = str(document_id)
    library_document(db, viewer, key)
    form = {"anchor": anchor, "text": text, "ground": ground, "note": note}

    def refused(message: str) -> Response:
        db.rollback()
        return reader_page(request, db, viewer, key, error=message, error_at="mark", form=form)

    if not ground or len(ground) > 10:
        return refused(gettext(request, "Choose the Woo ground on which the text is withheld."))
    if not note.strip():
        return refused(gettext(request, "Say why the text is withheld (an internal note)."))
    try:
        span = _span(db, document_id, anchor, text, start, end, ground, note.strip())
    except _Unselected:
        return refused(
            gettext(
                request,
                "Select the text to withhold in the document, or choose its passage and type "
                "the text exactly as it stands there.",
            )
        )
    except ValidationError:
        return refused(
            gettext(
                request,
                "A text typed in is at most 5,000 characters and the note at most 2,000: "
                "select a long text in the document instead.",
            )
        )
    try:
        redactions.mark(db, viewer.actor, document_id, span)
    except CaseworkError as error:
        return refused(library_refusal(request, error, anchor))
    db.commit()
    return back_to(document_id, "marked", "redactions")


class _Unselected(Exception):
    pass


def _span(
    db: Session,
    document_id: uuid.UUID,
    anchor: str,
    text: str,
    start: str,
    end: str,
    ground: str,
    note: str,
) -> MarkSpan:
    """The span to mark: by the selection's offsets when they hold the text sent with them
    (white space aside, trimmed), else by the passage and the exact text."""
    document = db.get(CoiDocument, document_id)
    if document is not None and start.isdigit() and end.isdigit():
        full = text_of(db, document).text
        first, last = int(start), int(end)
        if 0 <= first < last <= len(full):
            chosen = full[first:last]
            first += len(chosen) - len(chosen.lstrip())
            last -= len(chosen) - len(chosen.rstrip())
            if first < last and _same(full[first:last], text):
                return MarkSpan(start=first, end=last, ground=ground, note=note)
    if not anchor.strip() or not text.strip():
        raise _Unselected()
    return MarkSpan(anchor=anchor.strip(), text=text.strip(), ground=ground, note=note)


def _same(a: str, b: str) -> bool:
    return a.split() == b.split()


@router.post("/library/documents/{document_id}/scans")
def scan_document(
    document_id: uuid.UUID, request: Request, viewer: ViewerDep, db: SessionDep
) -> Response:
    key = str(document_id)
    library_document(db, viewer, key)
    try:
        result = scan(db, viewer.actor, document_id)
    except CaseworkError as error:
        db.rollback()
        message = library_refusal(request, error)
        return reader_page(request, db, viewer, key, error=message, error_at="scan")
    db.commit()
    return back_to(document_id, "scanned", "proposals", found=len(result.new))


def _proposal_document(db: Session, viewer: Viewer, proposal_id: uuid.UUID) -> uuid.UUID:
    proposal = db.get(CoiRedactionProposal, proposal_id)
    if proposal is None:
        raise NotFound("proposal", proposal_id)
    return library_document(db, viewer, str(proposal.document_id)).id


@router.post("/library/proposals/{proposal_id}/acceptance")
def accept(
    proposal_id: uuid.UUID,
    request: Request,
    viewer: ViewerDep,
    db: SessionDep,
    ground: Short = "",
    note: Field = "",
) -> Response:
    document_id = _proposal_document(db, viewer, proposal_id)
    try:
        proposals.accept(db, viewer.actor, proposal_id, ground or None, note.strip() or None)
    except (CaseworkError, ValidationError) as error:
        db.rollback()
        message = (
            library_refusal(request, error)
            if isinstance(error, CaseworkError)
            else gettext(request, "The note may have at most 2,000 characters.")
        )
        return reader_page(
            request, db, viewer, str(document_id), error=message, error_at=str(proposal_id)
        )
    db.commit()
    return back_to(document_id, "accepted", "proposals")


@router.post("/library/proposals/{proposal_id}/dismissal")
def dismiss(
    proposal_id: uuid.UUID, request: Request, viewer: ViewerDep, db: SessionDep
) -> Response:
    document_id = _proposal_document(db, viewer, proposal_id)
    try:
        proposals.dismiss(db, viewer.actor, proposal_id)
    except CaseworkError as error:
        db.rollback()
        message = library_refusal(request, error)
        return reader_page(
            request, db, viewer, str(document_id), error=message, error_at=str(proposal_id)
        )
    db.commit()
    return back_to(document_id, "dismissed", "proposals")
