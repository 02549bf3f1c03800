"""Publishing a document from the reader (publishers), as `refuge coi publish` does: the HTML
page, the PDF and the inventory of redactions, written on the server
(`refuge.coi.publication_store`), and the document recorded as published under the Woo
decision. Refused, with nothing written or recorded, while redactions await a decision and the
rest (`refuge.coi.publishing`). The published files are downloaded by their names."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Form, Path, Request
from starlette.responses import Response

from refuge.api.deps import SessionDep
from refuge.casework.errors import CaseworkError, NotFound
from refuge.coi import publication_store
from refuge.coi.publishing import publish_document
from refuge.logging import get_logger
from refuge.web.pages import ViewerDep
from refuge.web.routes.library_messages import library_refusal
from refuge.web.routes.library_reader import back_to, library_document, reader_page
from refuge.web.routes.library_view import today
from refuge.web.templating import gettext

router = APIRouter()
log = get_logger(__name__)
Field = Annotated[str, Form(max_length=10_000)]
MEDIA_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".pdf": "application/pdf",
    ".csv": "text/csv; charset=utf-8",
    ".json": "application/json",
}


@router.post("/library/documents/{document_id}/publication")
def publish(
    document_id: uuid.UUID,
    request: Request,
    viewer: ViewerDep,
    db: SessionDep,
    woo_decision: Field = "",
    title: Field = "",
    author: Field = "",
) -> Response:
    key = str(document_id)
    document = library_document(db, viewer, key)
    form = {"woo_decision": woo_decision, "title": title, "author": author}

    def refused(message: str) -> Response:
        db.rollback()
        return reader_page(
            request, db, viewer, key, error=message, error_at="publication", form=form
        )

    given_title = " ".join(title.split())
    try:
        published = publish_document(
            db,
            viewer.actor,
            document_id,
            today=today(),
            woo_decision=woo_decision.strip() or None,
            title=given_title if given_title and given_title != document.title else None,
            author=author.strip() or None,
        )
    except CaseworkError as error:
        return refused(library_refusal(request, error))
    try:
        publication_store.keep(published, viewer.username, datetime.now(UTC))
    except OSError as error:
        log.error("web.publication_not_written", error_type=type(error).__name__)
        return refused(
            gettext(
                request,
                "The server could not write the published files, so nothing was published. "
                "Tell the administrator.",
            )
        )
    db.commit()
    return back_to(document_id, "published", "publications")


@router.get("/library/publications/{publication_id}/{filename}")
def download(
    publication_id: uuid.UUID,
    filename: Annotated[str, Path(max_length=200)],
    viewer: ViewerDep,
    db: SessionDep,
) -> Response:
    """One file of a publication, by its name in the publication (never a path)."""
    stored = publication_store.find(publication_id)
    if stored is None:
        raise NotFound("publication", publication_id)
    library_document(db, viewer, str(stored.document_id))
    data = publication_store.read(stored, filename)
    if data is None:
        raise NotFound("file", filename)
    media_type = next(t for ending, t in MEDIA_TYPES.items() if filename.endswith(ending))
    headers = {
        "Content-Disposition": f'attachment; filename="{filename}"',
        "X-Content-Type-Options": "nosniff",
    }
    return Response(data, media_type=media_type, headers=headers)
