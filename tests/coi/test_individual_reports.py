"""An individual report is about one person: it belongs to an application, is added and read
by that case's team only (to anyone else it does not exist), every read is audited with its
purpose, its text is encrypted at rest, and it is never published."""

from __future__ import annotations

import uuid

import pytest
from coi_helpers import People, application_of, docx_bytes
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from refuge.audit.models import AuditEvent
from refuge.casework.errors import NotAllowed, NotFound, PurposeRequired
from refuge.coi import service
from refuge.coi.errors import InvalidMetadata
from refuge.coi.schemas import DocumentMeta

SECRET = "Betrokkene verklaarde lid te zijn van de familie Haddad."
REPORT = f"1 Bevindingen\n\n{SECRET}\n".encode()


def _individual(session: Session, people: People) -> tuple[uuid.UUID, uuid.UUID]:
    application = application_of(session, people.alice)
    meta = DocumentMeta(kind="individual", application_id=application, title="Individueel")
    added = service.add_document(session, people.alice, "haddad.txt", REPORT, meta)
    session.commit()
    return application, added.document.id


def test_the_case_team_adds_and_reads_it(session: Session, people: People) -> None:
    application, document = _individual(session, people)
    shown = service.get_document(session, people.sam, document, purpose="prepare hearing")
    assert shown.kind == "individual"
    assert shown.application_id == application
    assert shown.reference.startswith("individual-")  # never the file's name
    passages = service.list_passages(session, people.sam, document, purpose="prepare hearing")
    assert [p.text for p in passages] == ["1 Bevindingen", SECRET]
    listed, total = service.list_documents(
        session, people.alice, application_id=application, purpose="check reports"
    )
    assert total == 1 and listed[0].id == document


def test_another_team_and_other_roles_do_not_see_it(session: Session, people: People) -> None:
    application, document = _individual(session, people)
    for actor in (people.carol, people.publisher, people.analyst):
        with pytest.raises(NotFound):
            service.get_document(session, actor, document, purpose="curious")
        with pytest.raises(NotFound):
            service.list_passages(session, actor, document, purpose="curious")
        with pytest.raises(NotFound):
            service.list_documents(session, actor, application_id=application, purpose="x")
    library, total = service.list_documents(session, people.publisher)
    assert total == 0 and library == []  # not in the library's list


def test_another_team_cannot_add_one_to_the_case(session: Session, people: People) -> None:
    application = application_of(session, people.alice)
    meta = DocumentMeta(kind="individual", application_id=application)
    with pytest.raises(NotFound, match="application"):
        service.add_document(session, people.carol, "r.docx", docx_bytes(), meta)
    with pytest.raises(NotAllowed, match="caseworker or supervisor of the case's team"):
        service.add_document(session, people.publisher, "r.docx", docx_bytes(), meta)


def test_reading_needs_a_purpose_and_is_audited(session: Session, people: People) -> None:
    _, document = _individual(session, people)
    with pytest.raises(PurposeRequired):
        service.list_passages(session, people.alice, document)
    service.list_passages(session, people.alice, document, purpose="prepare decision")
    session.commit()
    reads = session.scalars(
        select(AuditEvent).where(AuditEvent.entity_id == str(document), AuditEvent.action == "read")
    ).all()
    assert [(e.actor, e.purpose) for e in reads] == [("alice", "prepare decision")]
    assert SECRET not in str([e.fields for e in reads])


def test_its_text_and_title_are_encrypted_at_rest(session: Session, people: People) -> None:
    _individual(session, people)
    rows = session.execute(text("SELECT text, sealed_text, heading_path FROM coi_passages"))
    for clear, sealed, path in rows:
        assert clear is None
        assert SECRET.encode() not in bytes(sealed) and b"Bevindingen" not in bytes(path)
    title, name = session.execute(text("SELECT title, file_name FROM coi_documents")).one()
    assert b"Individueel" not in bytes(title) and b"haddad" not in bytes(name)


def test_it_is_never_published(session: Session, people: People) -> None:
    application = application_of(session, people.alice)
    meta = DocumentMeta(kind="individual", application_id=application, status="published")
    with pytest.raises(InvalidMetadata, match=r"status: an individual report .* never published"):
        service.add_document(session, people.alice, "r.docx", docx_bytes(), meta)


def test_a_general_report_cannot_belong_to_an_application(session: Session, people: People) -> None:
    application = application_of(session, people.alice)
    meta = DocumentMeta(kind="general", application_id=application)
    with pytest.raises(InvalidMetadata, match="application_id: only an individual report"):
        service.add_document(session, people.publisher, "r.docx", docx_bytes(), meta)
