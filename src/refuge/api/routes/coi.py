"""The report library: add a report (multipart upload of the file with its metadata), list
the library, read a document and its passages. Thin: each route calls `refuge.coi.service`.
Individual reports follow their application's team (others get 404) and are read with a
`Purpose` header, audited."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, File, Form, Header, Query, Request, Response, UploadFile
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ValidationError

from refuge.api.auth import ActorDep
from refuge.api.deps import SessionDep
from refuge.api.pagination import PageDep, PageOut, page_out
from refuge.api.problems import invalid_input
from refuge.coi import service
from refuge.coi.schemas import Added, DocumentDetail, DocumentMeta, DocumentOut, PassageOut
from refuge.coi.vocabulary import Kind, Status
from refuge.strict import Name

router = APIRouter(prefix="/coi/documents", tags=["report library"])

Purpose = Annotated[
    Name | None,
    Header(
        alias="Purpose",
        max_length=200,
        description="why you read an individual report (audited), e.g. 'prepare hearing'",
    ),
]
FormText = Annotated[str | None, Form()]


class PassageList(BaseModel):
    document_id: uuid.UUID
    items: list[PassageOut]


@router.post(
    "",
    status_code=201,
    response_model=Added,
    responses={200: {"model": Added, "description": "this very file was in the library"}},
)
def add_document(
    db: SessionDep,
    actor: ActorDep,
    file: Annotated[UploadFile, File(description=".txt, .md, .docx or .pdf (text layer)")],
    kind: FormText = None,
    country: FormText = None,
    title: FormText = None,
    reference: FormText = None,
    document_date: FormText = None,
    period_start: FormText = None,
    period_end: FormText = None,
    terms_of_reference: FormText = None,
    status: FormText = None,
    disclosure_decision: FormText = None,
    published_on: FormText = None,
    application_id: FormText = None,
    language: FormText = None,
) -> JSONResponse:
    """Add a report: the file and its metadata as form fields (multipart/form-data). Split
    into passages with stable anchors. The same file again stores nothing and answers 200 with
    the stored document; a changed file under the same reference is its next revision (201).
    Publishers add to the library; a case's caseworker or supervisor adds its individual
    reports (kind `individual` with `application_id`)."""
    given = {
        "kind": kind,
        "country": country,
        "title": title,
        "reference": reference,
        "document_date": document_date,
        "period_start": period_start,
        "period_end": period_end,
        "terms_of_reference": terms_of_reference,
        "status": status,
        "disclosure_decision": disclosure_decision,
        "published_on": published_on,
        "application_id": application_id,
        "language": language,
    }
    try:
        meta = DocumentMeta.model_validate({k: v for k, v in given.items() if v not in (None, "")})
    except ValidationError as exc:
        raise invalid_input([{**e, "loc": ("body", *e["loc"])} for e in exc.errors()]) from None
    data = file.file.read()
    added = service.add_document(db, actor, file.filename or "upload", data, meta)
    db.commit()
    location = {"Location": f"/api/v1/coi/documents/{added.document.id}"}
    return JSONResponse(
        added.model_dump(mode="json"), status_code=201 if added.created else 200, headers=location
    )


@router.get("", response_model=PageOut[DocumentOut])
def list_documents(
    page: PageDep,
    request: Request,
    response: Response,
    db: SessionDep,
    actor: ActorDep,
    purpose: Purpose = None,
    country: Annotated[str | None, Query(pattern=r"^[A-Z]{2}$", description="ISO 3166-1")] = None,
    kind: Annotated[Kind | None, Query()] = None,
    status: Annotated[Status | None, Query()] = None,
    application_id: Annotated[
        uuid.UUID | None,
        Query(alias="applicationId", description="this application's individual reports"),
    ] = None,
) -> PageOut[DocumentOut]:
    """The newest revision of every document in the library, by reference; or, with
    `applicationId` and a `Purpose` header, that application's individual reports."""
    documents, total = service.list_documents(
        db,
        actor,
        country=country,
        kind=kind,
        status=status,
        application_id=application_id,
        purpose=purpose or "",
        offset=page.offset,
        limit=page.page_size,
    )
    db.commit()  # the audit trail's records of the reading
    return page_out(documents, total, page, request, response)


@router.get("/{document_id}", response_model=DocumentDetail)
def get_document(
    document_id: uuid.UUID, db: SessionDep, actor: ActorDep, purpose: Purpose = None
) -> DocumentDetail:
    """A document's metadata, with every revision stored under its reference."""
    detail = service.get_document(db, actor, document_id, purpose or "")
    db.commit()
    return detail


@router.get("/{document_id}/passages", response_model=PassageList)
def list_passages(
    document_id: uuid.UUID, db: SessionDep, actor: ActorDep, purpose: Purpose = None
) -> PassageList:
    """Every passage in reading order: its anchor, heading path, text, page (PDF) and its
    character offsets in the document's text (the passages joined by a blank line)."""
    items = service.list_passages(db, actor, document_id, purpose or "")
    db.commit()
    return PassageList(document_id=document_id, items=items)
