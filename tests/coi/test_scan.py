"""The scan proposes spans to redact and never redacts anything itself: a person accepts a
proposal (a marked span, still to be approved by a second publisher) or dismisses it. Text
redacted in one place and left elsewhere in the same document is flagged; names redacted in
another document are found."""

from __future__ import annotations

import pytest
from coi_helpers import People
from redaction_helpers import REPORT, add_report, second_publisher
from sqlalchemy import select
from sqlalchemy.orm import Session

from refuge.audit.models import AuditEvent
from refuge.coi.proposals import accept, dismiss, list_proposals
from refuge.coi.redaction_errors import OwnRedaction, ProposalDecided
from refuge.coi.redaction_schemas import MarkSpan
from refuge.coi.redactions import approve, approved_spans, mark, pending_redactions
from refuge.coi.scan import scan


def test_the_scan_proposes_personal_data_and_applies_none_of_it(
    session: Session, people: People
) -> None:
    doc = add_report(session, people.publisher)
    result = scan(session, people.publisher, doc)
    session.commit()
    found = {(p.recogniser, p.text) for p in result.new}
    assert found == {
        ("titled_name", "Karim Haddad"),
        ("titled_name", "Layla Nasser"),
        ("v_number", "9123456789"),
        ("bsn", "111222333"),
        ("email", "l.nasser@example.org"),
        ("phone", "+31 6 12345678"),
        ("iban", "NL91ABNA0417164300"),
        ("date_of_birth", "12 april 1990"),
    } | {("titled_name", "Karim Haddad")}
    assert len(result.new) == 9  # the name twice, each place
    assert approved_spans(session, people.publisher, doc) == []
    assert pending_redactions(session, people.publisher, doc) == 9
    assert next(p.ground for p in result.new if p.recogniser == "bsn") == "5.1.1e"


def test_scanning_again_proposes_nothing_new(session: Session, people: People) -> None:
    doc = add_report(session, people.publisher)
    first = scan(session, people.publisher, doc)
    dismiss(session, people.publisher, first.new[0].id)
    session.commit()
    again = scan(session, people.publisher, doc)
    assert again.new == []
    assert again.open == len(first.new) - 1  # the dismissed one stays dismissed


def test_an_accepted_proposal_is_marked_and_still_needs_a_second_publisher(
    session: Session, people: People
) -> None:
    quinn = second_publisher(session)
    doc = add_report(session, people.publisher)
    bsn = next(p for p in scan(session, people.publisher, doc).new if p.recogniser == "bsn")
    marked = accept(session, people.publisher, bsn.id)
    session.commit()
    assert (marked.status, marked.ground, marked.proposal_id) == ("marked", "5.1.1e", bsn.id)
    assert "BSN" in marked.note
    with pytest.raises(ProposalDecided):
        accept(session, quinn, bsn.id)
    session.rollback()
    with pytest.raises(OwnRedaction):
        approve(session, people.publisher, marked.id)
    session.rollback()
    approve(session, quinn, marked.id)
    session.commit()
    assert [s.ground for s in approved_spans(session, quinn, doc)] == ["5.1.1e"]
    actions = session.scalars(
        select(AuditEvent.action).where(AuditEvent.entity == "coi_redaction_proposal")
    ).all()
    assert actions == ["accept"]


def test_text_redacted_in_one_place_and_left_elsewhere_is_flagged(
    session: Session, people: People
) -> None:
    doc = add_report(session, people.publisher, REPORT.replace("De heer ", "Bron "))
    marked = mark(
        session,
        people.publisher,
        doc,
        MarkSpan(anchor="1-p1", text="Karim Haddad", ground="5.1.2e", note="bron"),
    )
    session.commit()
    found = scan(session, people.publisher, doc).new
    repeated = [p for p in found if p.recogniser == "repetition"]
    assert [(p.text, p.anchor, p.ground) for p in repeated] == [("Karim Haddad", "1-p2", "5.1.2e")]
    assert all(p.start >= marked.end or p.end <= marked.start for p in found)


def test_a_name_redacted_in_another_document_is_proposed(session: Session, people: People) -> None:
    quinn = second_publisher(session)
    first = add_report(session, people.publisher)
    name = mark(
        session,
        people.publisher,
        first,
        MarkSpan(anchor="1-p1", text="Karim Haddad", ground="5.1.2e", note="bron"),
    )
    approve(session, quinn, name.id)
    session.commit()
    other = add_report(
        session,
        people.publisher,
        "# Notitie\n\nKarim Haddad werd later opnieuw gesproken.\n",
        "notitie.md",
    )
    found = scan(session, quinn, other).new
    assert [(p.recogniser, p.text) for p in found] == [("redacted_elsewhere", "Karim Haddad")]


def test_proposals_are_listed_until_decided(session: Session, people: People) -> None:
    doc = add_report(session, people.publisher)
    proposals = scan(session, people.publisher, doc).new
    dismiss(session, people.publisher, proposals[0].id)
    session.commit()
    listed = list_proposals(session, people.publisher, doc)
    assert proposals[0].id not in {p.id for p in listed}
    assert len(listed) == len(proposals) - 1
    everything = list_proposals(session, people.publisher, doc, status=None)
    assert {p.status for p in everything} == {"open", "dismissed"}
