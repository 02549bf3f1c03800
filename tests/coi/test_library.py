"""Adding to the library: the same file is recognised and stored once with the same anchors; a
changed file under the same reference is the next revision; bad files and bad metadata are
refused with a message naming the file or field, and nothing is stored."""

from __future__ import annotations

import io
import zipfile

import pytest
from coi_helpers import REPORT_MD, People, docx_bytes, pdf_bytes, scanned_pdf_bytes
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from refuge.audit.models import AuditEvent
from refuge.casework.errors import NotAllowed
from refuge.coi import service
from refuge.coi.errors import (
    AlreadyInLibrary,
    InvalidMetadata,
    NoTextLayer,
    UnreadableFile,
    UnsupportedFile,
)
from refuge.coi.models import CoiDocument, CoiPassage
from refuge.coi.schemas import DocumentMeta

META = DocumentMeta(kind="general", country="SY", title="Algemeen ambtsbericht Syrië")


def _counts(session: Session) -> tuple[int, int]:
    documents = session.scalar(select(func.count()).select_from(CoiDocument))
    passages = session.scalar(select(func.count()).select_from(CoiPassage))
    return documents or 0, passages or 0


def test_the_same_file_again_is_the_same_document_with_the_same_anchors(
    session: Session, people: People
) -> None:
    data = REPORT_MD.encode()
    first = service.add_document(session, people.publisher, "syrie.md", data, META)
    session.commit()
    before = service.list_passages(session, people.publisher, first.document.id)
    stored = _counts(session)
    again = service.add_document(session, people.publisher, "syrie.md", data, META)
    session.commit()
    assert not again.created
    assert again.document.id == first.document.id
    assert _counts(session) == stored
    after = service.list_passages(session, people.publisher, again.document.id)
    assert [(p.anchor, p.start, p.end) for p in after] == [
        (p.anchor, p.start, p.end) for p in before
    ]


def test_the_same_file_with_other_metadata_is_refused(session: Session, people: People) -> None:
    data = REPORT_MD.encode()
    service.add_document(session, people.publisher, "syrie.md", data, META)
    session.commit()
    other = META.model_copy(update={"country": "IQ"})
    with pytest.raises(AlreadyInLibrary, match=r"syrie .revision 1. with other country"):
        service.add_document(session, people.publisher, "syrie.md", data, other)


def test_a_changed_file_under_the_same_reference_is_the_next_revision(
    session: Session, people: People
) -> None:
    first = service.add_document(session, people.publisher, "syrie.md", REPORT_MD.encode(), META)
    changed = REPORT_MD.replace("relatief rustiger", "rustiger dan elders")
    second = service.add_document(
        session, people.publisher, "syrie.md", changed.encode(), DocumentMeta()
    )
    session.commit()
    assert second.created
    assert second.document.reference == first.document.reference == "syrie"
    assert second.document.revision == 2
    assert second.document.supersedes_id == first.document.id
    assert second.document.revisions == [1, 2]
    assert second.document.title == "Algemeen ambtsbericht Syrië"  # from revision 1
    assert second.document.country == "SY"
    listed, total = service.list_documents(session, people.analyst)
    assert total == 1
    assert [(d.reference, d.revision) for d in listed] == [("syrie", 2)]


def test_metadata_is_stored_and_shown(session: Session, people: People) -> None:
    from datetime import date

    meta = DocumentMeta(
        kind="general",
        country="SY",
        title="Algemeen ambtsbericht Syrië",
        reference="ab-syrie-2025",
        document_date=date(2025, 5, 29),
        period_start=date(2024, 11, 1),
        period_end=date(2025, 4, 30),
        terms_of_reference="De veiligheidssituatie per regio; terugkeer.",
        status="published",
        disclosure_decision="Woo-besluit 2025-0606",
        published_on=date(2025, 6, 6),
    )
    added = service.add_document(session, people.publisher, "x.md", REPORT_MD.encode(), meta)
    session.commit()
    shown = service.get_document(session, people.alice, added.document.id)
    assert shown.reference == "ab-syrie-2025"
    assert (shown.period_start, shown.period_end) == (date(2024, 11, 1), date(2025, 4, 30))
    assert shown.disclosure_decision == "Woo-besluit 2025-0606"
    assert shown.terms_of_reference == "De veiligheidssituatie per regio; terugkeer."
    assert shown.language == "nl"
    assert shown.sha256 and shown.passage_count == 9


@pytest.mark.parametrize(
    ("name", "data", "error", "message"),
    [
        ("report.rtf", b"{\\rtf1 hello}", UnsupportedFile, r"report.rtf: files of type .rtf"),
        ("report", b"text", UnsupportedFile, r"\(no extension\)"),
        ("leeg.txt", b"", UnreadableFile, "leeg.txt: the file is empty"),
        ("wit.txt", b"  \n\n ", UnreadableFile, "wit.txt: the file holds no text"),
        ("latin.txt", "Syrië".encode("latin-1"), UnreadableFile, "not UTF-8 .byte 0xeb"),
        ("kapot.docx", b"PK\x03\x04 not really", UnreadableFile, "kapot.docx: this is not"),
        ("nep.docx", b"plain text", UnreadableFile, "nep.docx: this is not a Word"),
        ("nep.pdf", b"plain text", UnreadableFile, "nep.pdf: this is not a PDF"),
        ("kapot.pdf", b"%PDF-1.7\n garbage", UnreadableFile, "kapot.pdf: this PDF cannot be"),
        ("scan.pdf", scanned_pdf_bytes(), NoTextLayer, "scan.pdf: this PDF has no text layer"),
    ],
)
def test_bad_files_are_refused_and_nothing_is_stored(
    session: Session,
    people: People,
    name: str,
    data: bytes,
    error: type[Exception],
    message: str,
) -> None:
    with pytest.raises(error, match=message):
        service.add_document(session, people.publisher, name, data, META)
    session.rollback()
    assert _counts(session) == (0, 0)


def test_a_docx_that_is_a_zip_but_no_document_is_refused(session: Session, people: People) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("hello.txt", "hi")
    with pytest.raises(UnreadableFile, match=r"x.docx: this .docx cannot be read"):
        service.add_document(session, people.publisher, "x.docx", out.getvalue(), META)


def test_a_truncated_pdf_is_refused(session: Session, people: People) -> None:
    data = pdf_bytes([[("paragraph", "Tekst.")]])
    with pytest.raises((UnreadableFile, NoTextLayer), match=r"half\.pdf: "):
        service.add_document(session, people.publisher, "half.pdf", data[: len(data) // 3], META)
    session.rollback()
    assert _counts(session) == (0, 0)


@pytest.mark.parametrize(
    ("meta", "field"),
    [
        (DocumentMeta(kind="individual"), "application_id"),
        (DocumentMeta(status="internal", disclosure_decision="Woo 1"), "disclosure_decision"),
        (
            DocumentMeta(period_start="2025-05-01", period_end="2025-01-01"),  # type: ignore[arg-type]
            "period_end",
        ),
    ],
)
def test_bad_metadata_names_the_field_and_stores_nothing(
    session: Session, people: People, meta: DocumentMeta, field: str
) -> None:
    with pytest.raises(InvalidMetadata, match=f"^{field}: ") as caught:
        service.add_document(session, people.publisher, "r.docx", docx_bytes(), meta)
    assert caught.value.field == field
    session.rollback()
    assert _counts(session) == (0, 0)


def test_only_a_publisher_adds_to_the_library(session: Session, people: People) -> None:
    for actor in (people.alice, people.analyst, people.auditor):
        with pytest.raises(NotAllowed, match="ask a publisher"):
            service.add_document(session, actor, "r.md", REPORT_MD.encode(), META)
    session.rollback()
    assert _counts(session) == (0, 0)


def test_adding_is_audited(session: Session, people: People) -> None:
    added = service.add_document(session, people.publisher, "r.md", REPORT_MD.encode(), META)
    session.commit()
    event = session.scalar(select(AuditEvent).where(AuditEvent.entity_id == str(added.document.id)))
    assert event is not None
    assert (event.actor, event.action, event.entity) == ("pia", "create", "coi_document")
