"""Publishing a document of the library, on SQLite and PostgreSQL: the approved redactions
become boxes, the document is recorded as published under its Woo decision (audited), and
publishing is refused — changing nothing — for an individual report, while a redaction or a
scan's proposal awaits a decision, while a withheld text stands unredacted elsewhere, and
without a Woo decision."""

from __future__ import annotations

import io
import uuid
from datetime import date

import pytest
from coi_helpers import People, application_of
from pypdf import PdfReader
from redaction_helpers import add_report, second_publisher
from sqlalchemy import select
from sqlalchemy.orm import Session

from refuge.audit.models import AuditEvent
from refuge.casework.actor import Actor
from refuge.casework.errors import NotAllowed, NotFound
from refuge.coi import proposals, redactions, service
from refuge.coi.models import CoiDocument
from refuge.coi.publication_errors import (
    IndividualReport,
    NoWooDecision,
    RedactionsPending,
    RepetitionsUnresolved,
)
from refuge.coi.publishing import PublishedFiles, publish_document
from refuge.coi.redaction_schemas import MarkSpan
from refuge.coi.scan import scan
from refuge.coi.schemas import DocumentMeta

TODAY = date(2025, 10, 1)
DECISION = "Woo-besluit 2025-0412"
REPORT = """# Ambtsbericht Syrië (test)

## 1 Bronnen

Volgens Yusuf Khalil-Mahmoud is de situatie in Homs volatiel.

## 2 Terugkeer

Terugkeerders meldden zich bij de gemeente.
"""


def _redacted(session: Session, people: People, text: str, anchor: str, ground: str) -> None:
    """Marked by one publisher, approved by another."""
    other = _other(session)
    span = MarkSpan(anchor=anchor, text=text, ground=ground, note=f"withholds {text}")
    marked = redactions.mark(session, people.publisher, _doc(session), span)
    redactions.approve(session, other, marked.id)
    session.commit()


def _other(session: Session) -> Actor:
    from refuge.accounts.models import User

    user = session.scalar(select(User).where(User.username == "quinn"))
    if user is None:
        return second_publisher(session)
    return Actor(user.id, "quinn", "publisher", None)


def _doc(session: Session) -> uuid.UUID:
    document = session.scalar(select(CoiDocument).where(CoiDocument.reference == "syrie-test"))
    assert document is not None
    return document.id


def _publish(session: Session, actor: Actor, **given: object) -> PublishedFiles:
    published = publish_document(session, actor, _doc(session), today=TODAY, **given)  # type: ignore[arg-type]
    session.commit()
    return published


def _pdf_text(data: bytes) -> str:
    """The text layer, each run of white space one space (as a reader's search sees it)."""
    pages = PdfReader(io.BytesIO(data)).pages
    return " ".join(" ".join(page.extract_text() for page in pages).split())


def test_a_publisher_publishes_with_the_approved_redactions_as_boxes(
    session: Session, people: People
) -> None:
    add_report(session, people.publisher, REPORT)
    _redacted(session, people, "Yusuf Khalil-Mahmoud", "1-p1", "5.1.2e")
    published = _publish(session, people.publisher, woo_decision=DECISION)
    stem = "syrie-test-r1"
    assert sorted(published.files) == [
        f"{stem}.html",
        f"{stem}.inventory.csv",
        f"{stem}.inventory.json",
        f"{stem}.pdf",
    ]
    html = published.files[f"{stem}.html"].decode()
    assert '<span class="redacted" data-ground="5.1.2e"' in html and 'lang="nl"' in html
    pdf = _pdf_text(published.files[f"{stem}.pdf"])
    assert "Volgens [5.1.2e] is de situatie in Homs volatiel." in pdf
    for data in published.files.values():
        for secret in ("Yusuf", "Khalil", "Mahmoud", "withholds"):
            assert secret.encode() not in data
            assert secret not in pdf
    assert published.files[f"{stem}.inventory.csv"].decode().splitlines() == [
        "number,ground,location,report_pages,published_pages,length",
        "1,5.1.2e,1-p1,,1,20",
    ]
    document = service.get_document(session, people.publisher, _doc(session))
    assert (document.status, document.disclosure_decision, document.published_on) == (
        "published",
        DECISION,
        TODAY,
    )
    events = session.scalars(
        select(AuditEvent).where(AuditEvent.entity_id == str(_doc(session)))
    ).all()
    assert any(e.action == "update" and DECISION in e.purpose for e in events)


def test_publishing_again_gives_the_same_bytes(session: Session, people: People) -> None:
    add_report(session, people.publisher, REPORT)
    _redacted(session, people, "Yusuf Khalil-Mahmoud", "1-p1", "5.1.2e")
    first = _publish(session, people.publisher, woo_decision=DECISION)
    # a later day: the recorded day of publication stays, and so do the bytes
    again = publish_document(session, people.publisher, _doc(session), today=date(2026, 1, 5))
    assert again.files == first.files and again.published_on == TODAY


def test_redactions_awaiting_approval_refuse_publishing(session: Session, people: People) -> None:
    add_report(session, people.publisher, REPORT)
    span = MarkSpan(anchor="1-p1", text="Homs", ground="5.1.2a", note="location of a source")
    redactions.mark(session, people.publisher, _doc(session), span)
    session.commit()
    with pytest.raises(RedactionsPending, match="1 redaction"):
        _publish(session, people.publisher, woo_decision=DECISION)
    session.rollback()
    assert service.get_document(session, people.publisher, _doc(session)).status == "internal"


def test_a_withheld_name_repeated_unredacted_is_refused_until_it_is_redacted_too(
    session: Session, people: People
) -> None:
    repeated = REPORT + "\nLater sprak Yusuf Khalil-Mahmoud opnieuw met de ambassade.\n"
    add_report(session, people.publisher, repeated)
    _redacted(session, people, "Yusuf Khalil-Mahmoud", "1-p1", "5.1.2e")
    # before any scan: publishing finds the repetition itself
    with pytest.raises(RepetitionsUnresolved, match="2-p2"):
        _publish(session, people.publisher, woo_decision=DECISION)
    session.rollback()
    # the scan flags it: an open proposal, which is a decision still to take
    found = scan(session, people.publisher, _doc(session))
    session.commit()
    flagged = [p for p in found.new if p.recogniser == "repetition"]
    assert [p.anchor for p in flagged] == ["2-p2"]
    with pytest.raises(RedactionsPending):
        _publish(session, people.publisher, woo_decision=DECISION)
    session.rollback()
    marked = proposals.accept(session, people.publisher, flagged[0].id)
    for other in found.new:
        if other.id != flagged[0].id:
            proposals.dismiss(session, people.publisher, other.id)
    redactions.approve(session, _other(session), marked.id)
    session.commit()
    published = _publish(session, people.publisher, woo_decision=DECISION)
    text = _pdf_text(published.files["syrie-test-r1.pdf"])
    assert "Later sprak [5.1.2e] opnieuw" in text
    for data in published.files.values():
        assert b"Khalil" not in data and b"Yusuf" not in data
    assert "Khalil" not in text


def test_a_document_without_a_woo_decision_needs_one(session: Session, people: People) -> None:
    add_report(session, people.publisher, REPORT)
    with pytest.raises(NoWooDecision, match="--woo-decision"):
        _publish(session, people.publisher)
    session.rollback()
    assert _publish(session, people.publisher, woo_decision=DECISION).woo_decision == DECISION


def test_an_individual_report_is_never_published(session: Session, people: People) -> None:
    application = application_of(session, people.alice)
    meta = DocumentMeta(kind="individual", application_id=application, title="Individueel")
    added = service.add_document(session, people.alice, "r.txt", b"1 Bevindingen\n\nTekst.", meta)
    session.commit()
    with pytest.raises(IndividualReport, match="never published"):
        publish_document(session, people.sam, added.document.id, today=TODAY, woo_decision="W")
    with pytest.raises(NotFound):  # to a publisher it does not exist
        publish_document(
            session, people.publisher, added.document.id, today=TODAY, woo_decision="W"
        )


def test_only_a_publisher_publishes(session: Session, people: People) -> None:
    add_report(session, people.publisher, REPORT)
    with pytest.raises(NotAllowed, match="may not publish"):
        _publish(session, people.analyst, woo_decision=DECISION)
