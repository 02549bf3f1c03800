"""The report library's service: add a file as a document, list documents, show one and its
passages. Functions take `(session, actor, ...)`, never commit (the caller does), and audit in
the caller's transaction: every document added, and every read of an individual report."""

from __future__ import annotations

import hashlib
import re
import unicodedata
import uuid
from pathlib import PurePath

from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session, aliased

from refuge.casework.actor import Actor
from refuge.casework.auditing import audit
from refuge.casework.errors import NotFound, PurposeRequired
from refuge.coi import access
from refuge.coi.errors import AlreadyInLibrary, UnreadableFile
from refuge.coi.language import detect
from refuge.coi.metadata import Resolved, compare, is_individual, resolve
from refuge.coi.models import CoiDocument, CoiPassage
from refuge.coi.passages import Passage, document_text, split
from refuge.coi.readers import read_file
from refuge.coi.schemas import Added, DocumentDetail, DocumentMeta, DocumentOut, PassageOut
from refuge.coi.search_sqlite import index_document
from refuge.coi.vocabulary import LIBRARY, application_scope
from refuge.store.base import as_utc

MAX_FILE_BYTES = 50 * 1024 * 1024
SEALED_DOCUMENT = ("title", "terms_of_reference", "file_name")
SEALED_PASSAGES = ("coi_passages.heading_path", "coi_passages.sealed_text")


def add_document(
    session: Session, actor: Actor, file_name: str, data: bytes, meta: DocumentMeta
) -> Added:
    """Add the file as a document. The same file again (its SHA-256, in the same scope) is
    recognised: nothing is stored and the stored document is returned (`created` false). A
    changed file under a reference already stored is that reference's next revision."""
    name = PurePath(file_name).name or "the file"
    if len(data) > MAX_FILE_BYTES:
        raise UnreadableFile(name, f"the file is larger than {MAX_FILE_BYTES} bytes")
    individual = is_individual(meta)
    if individual and meta.application_id is not None:
        access.may_add(session, actor, True, meta.application_id)
        scope = application_scope(meta.application_id)
    else:
        access.may_add(session, actor, False, uuid.UUID(int=0))
        scope = LIBRARY
    sha256 = hashlib.sha256(data).hexdigest()
    stored = session.scalar(
        select(CoiDocument).where(CoiDocument.scope == scope, CoiDocument.sha256 == sha256)
    )
    if stored is not None:
        differ = compare(stored, meta)
        if differ:
            raise AlreadyInLibrary(stored.reference, stored.revision, differ)
        if stored.individual:
            audit(session, actor, "read", "coi_document", stored.id, "add: same file", ["title"])
        return Added(created=False, document=_detail(session, stored))
    extracted = read_file(name, data)
    passages = split(extracted.blocks)
    reference = meta.reference or _reference(name, individual, sha256)
    latest = session.scalar(
        select(CoiDocument)
        .where(CoiDocument.scope == scope, CoiDocument.reference == reference)
        .order_by(CoiDocument.revision.desc())
        .limit(1)
    )
    resolved = resolve(meta, latest, _first_heading(passages) or PurePath(name).stem)
    language = resolved.language or detect(document_text([p.text for p in passages]))
    document = _document(actor, scope, reference, latest, resolved, language, sha256)
    document.file_name = name
    document.media_type = extracted.media_type
    document.byte_size = len(data)
    document.page_count = extracted.page_count
    document.passage_count = len(passages)
    session.add(document)
    session.flush()
    session.add_all(_passage(document, p) for p in passages)
    session.flush()
    index_document(session, document.id)  # search (SQLite: its FTS5 table; PostgreSQL: nothing)
    fields = ["coi_documents", "coi_passages"]
    audit(session, actor, "create", "coi_document", document.id, f"add {reference}", fields)
    session.flush()
    return Added(created=True, document=_detail(session, document))


def list_documents(
    session: Session,
    actor: Actor,
    *,
    country: str | None = None,
    kind: str | None = None,
    status: str | None = None,
    application_id: uuid.UUID | None = None,
    purpose: str = "",
    offset: int = 0,
    limit: int = 100,
) -> tuple[list[DocumentOut], int]:
    """The newest revision of each document of the library, or of the individual reports of
    one application (its team only; audited, with `purpose`), by reference."""
    if application_id is None:
        access.may_read_library(actor)
        scope = LIBRARY
    else:
        access.may_read_application(session, actor, application_id)
        _require(purpose)
        scope = application_scope(application_id)
    newer = aliased(CoiDocument)
    stmt = select(CoiDocument).where(
        CoiDocument.scope == scope,
        ~exists().where(
            newer.scope == CoiDocument.scope,
            newer.reference == CoiDocument.reference,
            newer.revision > CoiDocument.revision,
        ),
    )
    for column, value in (
        (CoiDocument.country, country),
        (CoiDocument.kind, kind),
        (CoiDocument.status, status),
    ):
        if value is not None:
            stmt = stmt.where(column == value)
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rows = session.scalars(stmt.order_by(CoiDocument.reference).offset(offset).limit(limit))
    documents = [_out(d) for d in rows]
    if application_id is not None:
        audit(session, actor, "read", "application", application_id, purpose, ["coi_documents"])
    return documents, total


def get_document(
    session: Session, actor: Actor, document_id: uuid.UUID, purpose: str = ""
) -> DocumentDetail:
    document = access.load_document(session, actor, document_id)
    if document.individual:
        _require(purpose)
        audit(session, actor, "read", "coi_document", document.id, purpose, SEALED_DOCUMENT)
    return _detail(session, document)


def list_passages(
    session: Session, actor: Actor, document_id: uuid.UUID, purpose: str = ""
) -> list[PassageOut]:
    """Every passage of the document in reading order."""
    document = access.load_document(session, actor, document_id)
    if document.individual:
        _require(purpose)
        audit(session, actor, "read", "coi_document", document.id, purpose, SEALED_PASSAGES)
    rows = session.scalars(
        select(CoiPassage).where(CoiPassage.document_id == document.id).order_by(CoiPassage.ordinal)
    )
    return [
        PassageOut(
            ordinal=p.ordinal,
            anchor=p.anchor,
            kind=p.kind,
            section=p.section,
            heading_path=list(p.heading_path),
            text=p.content,
            page=p.page,
            page_end=p.page_end,
            start=p.start_offset,
            end=p.end_offset,
        )
        for p in rows
    ]


def _require(purpose: str) -> None:
    if not purpose.strip():
        raise PurposeRequired()


def _reference(file_name: str, individual: bool, sha256: str) -> str:
    """From the file's name; for an individual report from its content instead (a file name
    may name the person, and the reference is kept in clear)."""
    if individual:
        return f"individual-{sha256[:12]}"
    folded = unicodedata.normalize("NFKD", PurePath(file_name).stem.lower())
    ascii_only = "".join(c for c in folded if not unicodedata.combining(c))
    slug = re.sub(r"[^a-z0-9._-]+", "-", ascii_only).strip("-._")
    return slug[:100] or "document"


def _first_heading(passages: list[Passage]) -> str | None:
    return next((p.text[:500] for p in passages if p.kind == "heading"), None)


def _document(
    actor: Actor,
    scope: str,
    reference: str,
    latest: CoiDocument | None,
    resolved: Resolved,
    language: str,
    sha256: str,
) -> CoiDocument:
    return CoiDocument(
        scope=scope,
        reference=reference,
        revision=latest.revision + 1 if latest else 1,
        supersedes_id=latest.id if latest else None,
        kind=resolved.kind,
        country=resolved.country,
        language=language,
        title=resolved.title,
        document_date=resolved.document_date,
        period_start=resolved.period_start,
        period_end=resolved.period_end,
        terms_of_reference=resolved.terms_of_reference,
        status=resolved.status,
        disclosure_decision=resolved.disclosure_decision,
        published_on=resolved.published_on,
        application_id=resolved.application_id,
        sha256=sha256,
        added_by=actor.username,
    )


def _passage(document: CoiDocument, p: Passage) -> CoiPassage:
    sealed = document.individual
    return CoiPassage(
        document_id=document.id,
        ordinal=p.ordinal,
        anchor=p.anchor,
        kind=p.kind,
        section=p.section,
        heading_path=p.heading_path,
        text=None if sealed else p.text,
        sealed_text=p.text if sealed else None,
        page=p.page,
        page_end=p.page_end,
        start_offset=p.start,
        end_offset=p.end,
    )


def _out(d: CoiDocument) -> DocumentOut:
    return DocumentOut.model_validate(_fields(d))


def _fields(d: CoiDocument) -> dict[str, object]:
    names = DocumentOut.model_fields.keys() - {"added_at"}
    return {**{n: getattr(d, n) for n in names}, "added_at": as_utc(d.created_at)}


def _detail(session: Session, d: CoiDocument) -> DocumentDetail:
    revisions = session.scalars(
        select(CoiDocument.revision)
        .where(CoiDocument.scope == d.scope, CoiDocument.reference == d.reference)
        .order_by(CoiDocument.revision)
    )
    return DocumentDetail.model_validate(
        {
            **_fields(d),
            "file_name": d.file_name,
            "terms_of_reference": d.terms_of_reference,
            "revisions": list(revisions),
        }
    )


def find_document(session: Session, actor: Actor, name: str) -> DocumentDetail:
    """A document of the library by its reference (`syrie-2025`: the newest revision;
    `syrie-2025@2`: that revision)."""
    access.may_read_library(actor)
    reference, _, revision = name.partition("@")
    stmt = select(CoiDocument).where(
        CoiDocument.scope == LIBRARY, CoiDocument.reference == reference
    )
    if revision.isdigit():
        stmt = stmt.where(CoiDocument.revision == int(revision))
    found = session.scalar(stmt.order_by(CoiDocument.revision.desc()).limit(1))
    if found is None:
        raise NotFound("document", name)
    return _detail(session, found)
