"""The reader: one document of the library with its passages and their anchors. A publisher
sees its redactions in the text and works on them here: the redaction editor (select a text,
choose a Woo ground), the scan's proposals, what is marked, and publishing.

Individual reports (about one person, belonging to a case) are never shown here, to anyone:
they are a 404 like a document that does not exist."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from sqlalchemy.orm import Session
from starlette.responses import RedirectResponse, Response

from refuge.api.deps import SessionDep
from refuge.casework.errors import NotFound
from refuge.coi import proposals, publication_store, redactions, service
from refuge.coi.models import CoiDocument
from refuge.coi.schemas import DocumentDetail
from refuge.coi.woo_grounds import grounds
from refuge.web import i18n
from refuge.web.pages import ViewerDep
from refuge.web.routes.library_view import (
    FOUND_AS,
    KIND_LABELS,
    LANGUAGE_LABELS,
    REDACTION_STATES,
    STATUS_LABELS,
    heading_level,
    passage_pieces,
)
from refuge.web.templating import render
from refuge.web.viewer import Viewer

router = APIRouter()
SAVED = ("marked", "scanned", "accepted", "dismissed", "published")


def library_document(db: Session, viewer: Viewer, key: str) -> DocumentDetail:
    """The library document `key` (its id, or REF or REF@REVISION) the viewer may read;
    NotFound for an individual report, whoever asks."""
    try:
        document_id = uuid.UUID(key)
    except ValueError:
        document_id = service.find_document(db, viewer.actor, key).id
    row = db.get(CoiDocument, document_id)
    if row is None or row.individual or row.application_id is not None:
        raise NotFound("document", key)
    return service.get_document(db, viewer.actor, document_id)


def back_to(document_id: uuid.UUID, saved: str, fragment: str = "", **query: object) -> Response:
    extra = "".join(f"&{name}={value}" for name, value in query.items())
    hash_part = f"#{fragment}" if fragment else ""
    return RedirectResponse(
        f"/library/documents/{document_id}?saved={saved}{extra}{hash_part}", status_code=303
    )


def reader_page(request: Request, db: Session, viewer: Viewer, key: str, **extra: Any) -> Response:
    """The reader of the document, with `extra` (a refusal: `error`, `error_at`, `form`)."""
    document = library_document(db, viewer, key)
    passages = service.list_passages(db, viewer.actor, document.id)
    publisher = viewer.role == "publisher"
    shown: list[Any] = []
    context: dict[str, Any] = {
        "redactions": [],
        "proposals": [],
        "pending": 0,
        "publications": [],
        "grounds": [],
    }
    if publisher:
        items = redactions.list_redactions(db, viewer.actor, document.id)
        context.update(
            redactions=items,
            proposals=proposals.list_proposals(db, viewer.actor, document.id),
            pending=redactions.pending_redactions(db, viewer.actor, document.id),
            publications=publication_store.of_document(document.id),
            grounds=_grounds(i18n.language_of(request)),
        )
        shown = [r for r in items if r.status in ("marked", "approved")]
        listed = {str(p.id) for p in context["proposals"]} | {"mark", "scan", "publication"}
        if extra.get("error_at") and extra["error_at"] not in listed:
            extra["error_at"] = "proposals"  # decided meanwhile: the message tops the list
    db.commit()  # redactions of the previous revision carried over
    newest = None
    if document.revision < max(document.revisions):
        newest = service.find_document(db, viewer.actor, document.reference)
    context.update(
        {
            "document": document,
            "passages": [
                (p, passage_pieces(p.text, p.start, shown), heading_level(p.section))
                for p in passages
            ],
            "newest": newest,
            "publisher": publisher,
            "kind_labels": KIND_LABELS,
            "status_labels": STATUS_LABELS,
            "language_labels": LANGUAGE_LABELS,
            "redaction_states": REDACTION_STATES,
            "found_as": FOUND_AS,
            "saved": "",
            "found": None,
            "error": None,
            "error_at": None,
            "form": {},
            **extra,
        }
    )
    return render(request, "library_document.html", context)


def _grounds(language: str) -> list[tuple[str, str]]:
    return [(g.code, f"{g.code} — {g.label(language)}") for g in grounds().values()]


@router.get("/library/documents/{document_id}")
def document_page(
    document_id: Annotated[str, Path(max_length=120)],
    request: Request,
    viewer: ViewerDep,
    db: SessionDep,
    saved: Annotated[str, Query(max_length=20)] = "",
    found: Annotated[int | None, Query(ge=0, le=1_000_000)] = None,
) -> Response:
    return reader_page(
        request,
        db,
        viewer,
        document_id,
        saved=saved if saved in SAVED else "",
        found=found,
    )
