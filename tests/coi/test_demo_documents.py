"""The demo documents: the seed (the minister's answers of 29 September 2025), a SYNTHETIC
general report on Syria (Dutch) and a SYNTHETIC thematic report on return (English), loaded into
any store as often as asked, stored once."""

from __future__ import annotations

from sqlalchemy import func, select

from refuge.coi import service
from refuge.coi.demo import ACTOR, load_demo_documents
from refuge.coi.models import CoiDocument
from refuge.store.engine import session_factory


def test_demo_documents_load_once_and_the_report_says_it_is_synthetic(db_url: str) -> None:
    first = load_demo_documents(session_factory(db_url))
    again = load_demo_documents(session_factory(db_url))
    assert [a.created for a in first] == [True, True, True]
    assert [a.created for a in again] == [False, False, False]
    with session_factory(db_url)() as session:
        assert session.scalar(select(func.count()).select_from(CoiDocument)) == 3
        seed = service.find_document(session, ACTOR, "kamervragen-syrie-terugkeer-2025-09-29")
        assert (seed.status, seed.country, seed.language) == ("published", "SY", "nl")
        report = service.find_document(session, ACTOR, "synthetisch-ambtsbericht-syrie")
        assert report.kind == "general" and "SYNTHETISCH" in report.title
        passages = {p.anchor: p for p in service.list_passages(session, ACTOR, report.id)}
        thematic = service.find_document(session, ACTOR, "synthetic-thematic-return-syria")
        assert (thematic.kind, thematic.language) == ("thematic", "en")
        assert "SYNTHETIC" in thematic.title
        english = {p.anchor: p for p in service.list_passages(session, ACTOR, thematic.id)}
    assert "SYNTHETIC DOCUMENT" in english["p1"].text
    assert "84 Syrians" in english["2-p2"].text  # as in the seed, question 1
    assert "SYNTHETISCH DOCUMENT" in passages["p1"].text
    headings = {a: p.text for a, p in passages.items() if p.kind == "heading"}
    assert headings["2"] == "2 Veiligheidssituatie"
    assert headings["3"] == "3 Terugkeer"
    assert headings["4"] == "4 Militaire dienstplicht"
    assert headings["5"] == "5 Groepen met een bijzonder risico"
    assert "84 Syriërs" in passages["3.1-p1"].text  # as in the seed, question 1
