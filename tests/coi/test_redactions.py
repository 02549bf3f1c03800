"""Redaction under four eyes: a publisher marks a span with a Woo ground and a note, another
publisher approves or rejects it; every step is a version and is audited; spans never overlap;
refusals name what is wrong and change nothing."""

from __future__ import annotations

import pytest
from coi_helpers import People, application_of
from redaction_helpers import REPORT, add_report, second_publisher
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from refuge.audit.models import AuditEvent
from refuge.casework.actor import Actor
from refuge.casework.errors import NotAllowed, NotFound
from refuge.coi import service
from refuge.coi.redaction_errors import (
    IndividualReportNotRedacted,
    InvalidSpan,
    OverlappingRedaction,
    OwnRedaction,
    RedactionDecided,
    UnknownGround,
)
from refuge.coi.redaction_models import CoiRedaction
from refuge.coi.redaction_schemas import MarkSpan
from refuge.coi.redactions import (
    approve,
    approved_spans,
    list_redactions,
    mark,
    pending_redactions,
    reject,
)
from refuge.coi.schemas import DocumentMeta
from refuge.coi.spans import RedactionSpan

NAME = "Karim Haddad"


def _by_text(anchor: str, text: str, ground: str = "5.1.2e") -> MarkSpan:
    return MarkSpan(anchor=anchor, text=text, ground=ground, note="naam van een bron")


def _versions(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(CoiRedaction)) or 0


def test_a_span_marked_by_one_publisher_and_approved_by_another_is_withheld(
    session: Session, people: People
) -> None:
    quinn = second_publisher(session)
    doc = add_report(session, people.publisher)
    marked = mark(session, people.publisher, doc, _by_text("1-p1", NAME))
    session.commit()
    assert marked.status == "marked" and marked.text == NAME
    assert pending_redactions(session, quinn, doc) == 1
    assert approved_spans(session, quinn, doc) == []
    approve(session, quinn, marked.id)
    session.commit()
    spans = approved_spans(session, quinn, doc)
    text = "\n\n".join(p.text for p in service.list_passages(session, quinn, doc))
    assert spans == [RedactionSpan(marked.start, marked.end, "5.1.2e", "naam van een bron")]
    assert text[spans[0].start : spans[0].end] == NAME
    assert pending_redactions(session, quinn, doc) == 0


def test_the_marker_can_never_approve_or_reject_their_own_span(
    session: Session, people: People
) -> None:
    doc = add_report(session, people.publisher)
    marked = mark(session, people.publisher, doc, _by_text("1-p1", NAME))
    session.commit()
    before = _versions(session)
    with pytest.raises(OwnRedaction, match="four eyes"):
        approve(session, people.publisher, marked.id)
    session.rollback()
    with pytest.raises(OwnRedaction):
        reject(session, people.publisher, marked.id, "geen reden")
    session.rollback()
    assert _versions(session) == before


def test_every_step_is_a_new_version_with_who_and_when_and_is_audited(
    session: Session, people: People
) -> None:
    quinn = second_publisher(session)
    doc = add_report(session, people.publisher)
    marked = mark(session, people.publisher, doc, _by_text("1-p2", "Layla Nasser"))
    rejected = reject(session, quinn, marked.id, "zij is een publieke figuur")
    session.commit()
    assert [(s.number, s.status, s.actor) for s in rejected.history] == [
        (1, "marked", "pia"),
        (2, "rejected", "quinn"),
    ]
    assert rejected.history[1].reason == "zij is een publieke figuur"
    assert _versions(session) == 2  # both rows kept
    actions = session.scalars(
        select(AuditEvent.action).where(AuditEvent.entity == "coi_redaction")
    ).all()
    assert actions == ["create", "reject"]
    with pytest.raises(RedactionDecided):
        approve(session, quinn, marked.id)


def test_a_rejected_span_is_not_withheld_and_may_be_marked_again(
    session: Session, people: People
) -> None:
    quinn = second_publisher(session)
    doc = add_report(session, people.publisher)
    marked = mark(session, people.publisher, doc, _by_text("1-p1", NAME))
    reject(session, quinn, marked.id, "bekend uit de pers")
    session.commit()
    assert approved_spans(session, quinn, doc) == []
    again = mark(session, quinn, doc, _by_text("1-p1", NAME))
    approve(session, people.publisher, again.id)
    session.commit()
    assert len(approved_spans(session, quinn, doc)) == 1


def test_a_span_overlapping_a_marked_or_approved_one_is_refused(
    session: Session, people: People
) -> None:
    doc = add_report(session, people.publisher)
    marked = mark(session, people.publisher, doc, _by_text("1-p1", NAME))
    session.commit()
    with pytest.raises(OverlappingRedaction, match=str(marked.id)):
        mark(
            session,
            people.publisher,
            doc,
            MarkSpan(start=marked.start + 2, end=marked.end + 5, ground="5.1.2e", note="x"),
        )
    session.rollback()
    # touching is not overlapping
    mark(
        session,
        people.publisher,
        doc,
        MarkSpan(start=marked.end, end=marked.end + 1, ground="5.1.2e", note="komma"),
    )
    session.commit()
    assert len(list_redactions(session, people.publisher, doc)) == 2


@pytest.mark.parametrize(
    ("span", "error", "words"),
    [
        (MarkSpan(start=10, end=10**6, ground="5.1.2e", note="n"), InvalidSpan, "characters"),
        (MarkSpan(start=10, end=5, ground="5.1.2e", note="n"), InvalidSpan, "after start"),
        (MarkSpan(anchor="9.9", text="x", ground="5.1.2e", note="n"), InvalidSpan, "no passage"),
        (MarkSpan(anchor="1-p1", text="Assad", ground="5.1.2e", note="n"), InvalidSpan, "not in"),
        (MarkSpan(anchor="1-p1", text="de", ground="5.1.2e", note="n"), InvalidSpan, "once"),
        (MarkSpan(anchor="1-p1", text=NAME, ground="5.1.3", note="n"), UnknownGround, "5.1.2e"),
    ],
)
def test_a_bad_span_or_ground_is_refused_naming_it_and_marks_nothing(
    session: Session, people: People, span: MarkSpan, error: type[Exception], words: str
) -> None:
    doc = add_report(session, people.publisher)
    with pytest.raises(error, match=words):
        mark(session, people.publisher, doc, span)
    session.rollback()
    assert _versions(session) == 0


def test_only_publishers_redact(session: Session, people: People) -> None:
    doc = add_report(session, people.publisher)
    for actor in (people.analyst, people.alice):
        with pytest.raises(NotAllowed, match="publisher"):
            mark(session, actor, doc, _by_text("1-p1", NAME))
        session.rollback()
    with pytest.raises(NotAllowed):
        approved_spans(session, people.analyst, doc)


def test_an_individual_report_is_never_redacted(session: Session, people: People) -> None:
    app = application_of(session, people.alice)
    meta = DocumentMeta(kind="individual", application_id=app, title="Individueel ambtsbericht")
    added = service.add_document(session, people.alice, "ind.md", REPORT.encode(), meta)
    session.commit()
    with pytest.raises(IndividualReportNotRedacted, match="never published"):
        mark(session, people.alice, added.document.id, _by_text("1-p1", NAME))
    session.rollback()
    with pytest.raises(NotFound):  # a publisher does not see it at all
        pending_redactions(session, people.publisher, added.document.id)


def test_reingesting_the_unchanged_file_keeps_the_redactions(
    session: Session, people: People
) -> None:
    quinn = second_publisher(session)
    doc = add_report(session, people.publisher)
    marked = mark(session, people.publisher, doc, _by_text("1-p1", NAME))
    approve(session, quinn, marked.id)
    session.commit()
    assert add_report(session, people.publisher) == doc
    assert [s.start for s in approved_spans(session, quinn, doc)] == [marked.start]


def test_a_new_revision_carries_approved_spans_over_for_approval_again(
    session: Session, people: People
) -> None:
    quinn = second_publisher(session)
    doc = add_report(session, people.publisher)
    kept = mark(session, people.publisher, doc, _by_text("1-p1", NAME))
    moved = mark(session, people.publisher, doc, _by_text("2-p1", "9123456789"))
    gone = mark(session, people.publisher, doc, _by_text("2-p2", "l.nasser@example.org"))
    for r in (kept, moved, gone):
        approve(session, quinn, r.id)
    session.commit()
    revised = (
        REPORT.replace("De heer Karim", "Volgens de heer Karim")  # same anchor, other place
        .replace("V-nummer 9123456789 en ", "")
        .replace("Homs.", "Homs (V-nummer 9123456789).")  # moved to another passage
        .replace("l.nasser@example.org of ", "")  # gone
    )
    new = add_report(session, people.publisher, revised)
    assert new != doc
    # the name, marked again for approval, and the V-number, proposed where it is now
    assert pending_redactions(session, quinn, new) == 2
    session.commit()
    rows = list_redactions(session, quinn, new)
    assert [(r.text, r.status, r.carried_from) for r in rows] == [(NAME, "marked", kept.id)]
    assert approved_spans(session, quinn, new) == []  # nothing withheld unseen
    with pytest.raises(OwnRedaction):  # quinn's opening the revision carried it over
        approve(session, quinn, rows[0].id)
    session.rollback()
    approve(session, people.publisher, rows[0].id)
    session.commit()
    assert [s.ground for s in approved_spans(session, quinn, new)] == ["5.1.2e"]


def test_the_marker_signed_in_another_way_is_still_the_marker(
    session: Session, people: People
) -> None:
    doc = add_report(session, people.publisher)
    marked = mark(session, people.publisher, doc, _by_text("1-p1", NAME))
    session.commit()
    on_the_command_line = Actor(people.publisher.user_id, "cli:pia", "publisher", None)
    with pytest.raises(OwnRedaction):
        approve(session, on_the_command_line, marked.id)
