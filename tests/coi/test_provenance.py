"""Provenance: the library says which rules and parameters of the packs rest on a passage,
which to review when the report gets a newer revision (with the passage in both), and which
citations dangle. The pack is a copy of SY whose sources cite a small test report."""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path

import pytest
from coi_helpers import People, application_of
from provenance_helpers import REPORT_V1, REPORT_V2, add_report, cited_pack_dir
from sqlalchemy.orm import Session

from refuge.casework.errors import NotAllowed, NotFound
from refuge.coi import provenance, service
from refuge.coi.provenance_errors import InvalidCitation
from refuge.coi.schemas import DocumentMeta

BASE = "/api/v1/coi/documents"


@pytest.fixture
def pack(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return cited_pack_dir(tmp_path, monkeypatch)


def test_the_rules_resting_on_a_passage_are_found(
    session: Session, people: People, pack: Path
) -> None:
    add_report(session, people.publisher)
    found = provenance.rules_resting_on(session, people.analyst, "test-report", "1-p1")
    [citation] = found.citations
    assert (citation.country, citation.source, citation.status) == ("SY", "seed-q7", "ok")
    assert citation.passage == f"{BASE}/test-report@1/passages/1-p1"
    resting = {(d.kind, d.id, d.row) for d in citation.dependents}
    assert ("rule", "credibility_assessed", None) in resting
    assert ("rule", "account_credible", None) in resting
    assert ("outcome_row", "recommendation", "3") in resting


def test_a_parameter_resting_on_a_passage_is_given_with_its_days_and_versions(
    session: Session, people: People, pack: Path
) -> None:
    add_report(session, people.publisher)
    [citation] = provenance.rules_resting_on(session, people.sam, "test-report@1", "2-p1").citations
    [value] = [d for d in citation.dependents if d.kind == "parameter"]
    assert (value.id, value.valid_from, value.valid_to) == (
        "decision_moratorium",
        date(2025, 6, 10),
        None,
    )
    assert value.first_version == "SY/2025-06-10"
    reading = [d for d in citation.dependents if d.via == "decision_moratorium"]
    assert [(d.id, d.valid_from) for d in reading] == [("moratorium_in_force", date(2025, 6, 10))]


def test_a_passage_nothing_cites_has_nothing_resting_on_it(
    session: Session, people: People, pack: Path
) -> None:
    add_report(session, people.publisher)
    assert provenance.rules_resting_on(session, people.analyst, "test-report", "1").citations == []
    other_revision = provenance.rules_resting_on(session, people.analyst, "test-report@2", "1-p1")
    assert other_revision.citations == []


def test_a_newer_revision_lists_the_rules_to_review_with_both_passages(
    session: Session, people: People, pack: Path
) -> None:
    add_report(session, people.publisher)
    add_report(session, people.publisher, REPORT_V2)
    review = provenance.review_after_supersession(session, people.analyst, "test-report")
    assert review.newest_revision == 2
    items = {i.citation.source: i for i in review.items}
    assert set(items) == {"seed-q2", "seed-q7", "seed-q12"}
    changed = items["seed-q7"]
    assert changed.old_passage == f"{BASE}/test-report@1/passages/1-p1"
    assert changed.new_passage == f"{BASE}/test-report@2/passages/1-p1"
    assert (changed.anchor_exists, changed.text_changed) == (True, True)
    assert changed.citation.status == "superseded"
    assert "credibility_assessed" in {d.id for d in changed.citation.dependents}


def test_a_removed_anchor_is_reported_in_the_review(
    session: Session, people: People, pack: Path
) -> None:
    add_report(session, people.publisher)
    add_report(session, people.publisher, REPORT_V2)
    review = provenance.review_after_supersession(session, people.analyst, "test-report")
    removed = next(i for i in review.items if i.citation.source == "seed-q2")
    assert removed.old_passage == f"{BASE}/test-report@1/passages/2-p1"
    assert (removed.new_passage, removed.anchor_exists, removed.text_changed) == (
        None,
        False,
        None,
    )


def test_an_unchanged_passage_in_a_newer_revision_is_listed_as_unchanged(
    session: Session, people: People, pack: Path
) -> None:
    add_report(session, people.publisher)
    add_report(session, people.publisher, REPORT_V1 + "\n## 3 Nieuw\n\nEen nieuwe paragraaf.\n")
    review = provenance.review_after_supersession(session, people.analyst, "test-report")
    item = next(i for i in review.items if i.citation.source == "seed-q7")
    assert (item.anchor_exists, item.text_changed) == (True, False)


def test_dangling_citations_are_reported_not_ignored(
    session: Session, people: People, pack: Path
) -> None:
    add_report(session, people.publisher)
    checked = {c.source: c for c in provenance.check_citations(session, people.analyst, "SY")}
    assert checked["seed-q7"].status == "ok"
    assert checked["seed-q11"].status == "no-document"
    assert "refuge coi add" in checked["seed-q11"].message
    assert checked["seed-q12"].status == "no-anchor"
    assert "9-p9" in checked["seed-q12"].message


def test_a_citation_of_a_revision_not_stored_dangles(
    session: Session, people: People, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cited_pack_dir(tmp_path, monkeypatch, extra="test-report@4#1-p1")
    add_report(session, people.publisher)
    checked = {c.source: c for c in provenance.check_citations(session, people.analyst)}
    assert checked["seed-q12"].status == "no-revision"
    assert checked["seed-q12"].newest_revision == 1


def test_a_cited_passage_is_read_by_its_link(session: Session, people: People, pack: Path) -> None:
    add_report(session, people.publisher)
    add_report(session, people.publisher, REPORT_V2)
    old = provenance.passage(session, people.alice, "test-report@1", "2-p1")
    assert (old.revision, old.newest_revision) == (1, 2)
    assert old.passage.text == "Syrische asielaanvragen worden weer ter hand genomen."
    newest = provenance.passage(session, people.alice, "test-report", "1-p1")
    assert newest.revision == 2 and "soms wel" in newest.passage.text
    with pytest.raises(NotFound):
        provenance.passage(session, people.alice, "test-report", "2-p1")


def test_an_individual_report_is_never_a_cited_passage(
    session: Session, people: People, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cited_pack_dir(tmp_path, monkeypatch, extra="asiel-dossier-a#p1")
    application = application_of(session, people.alice)
    meta = DocumentMeta(kind="individual", application_id=application, reference="asiel-dossier-a")
    service.add_document(session, people.alice, "a.txt", b"Over een persoon.", meta)
    session.commit()
    checked = {c.source: c for c in provenance.check_citations(session, people.alice, "SY")}
    assert checked["seed-q12"].status == "no-document"
    with pytest.raises(NotFound):
        provenance.passage(session, people.alice, "asiel-dossier-a", "p1")
    with pytest.raises(NotFound):
        provenance.review_after_supersession(session, people.alice, "asiel-dossier-a")


def test_only_readers_of_the_library_ask(session: Session, people: People, pack: Path) -> None:
    with pytest.raises(NotAllowed):
        provenance.check_citations(session, people.auditor)
    with pytest.raises(NotAllowed):
        provenance.rules_resting_on(session, people.auditor, "test-report", "1-p1")


@pytest.mark.parametrize("name", ["Test Report", "test-report@0", "test-report@x", ""])
def test_a_malformed_document_name_is_refused(
    session: Session, people: People, pack: Path, name: str
) -> None:
    with pytest.raises(InvalidCitation) as caught:
        provenance.rules_resting_on(session, people.analyst, name, "p1")
    assert repr(name) in caught.value.message


def test_a_report_not_in_the_library_has_nothing_to_review(
    session: Session, people: People, pack: Path
) -> None:
    with pytest.raises(NotFound):
        provenance.review_after_supersession(session, people.analyst, f"r-{uuid.uuid4().hex}")
