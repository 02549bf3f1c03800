"""The Syria pack's own passage citations hold against the demo library: each cites, in the
seed, exactly the answer its source names (the passage right after "Antwoord op vraag N")."""

from __future__ import annotations

from sqlalchemy.orm import Session

from refuge.coi import provenance, service
from refuge.coi.demo import ACTOR, load_demo_documents
from refuge.policy.country import load_country_pack
from refuge.store.engine import session_factory


def test_every_citation_of_the_syria_pack_is_in_the_demo_library(db_url: str) -> None:
    load_demo_documents(session_factory(db_url))
    with session_factory(db_url)() as session:
        checked = provenance.check_citations(session, ACTOR, "SY")
    assert len(checked) >= 2
    assert {c.status for c in checked} == {"ok"}, [c.message for c in checked]


def test_each_cited_passage_is_the_answer_its_source_names(db_url: str) -> None:
    load_demo_documents(session_factory(db_url))
    pack = load_country_pack("SY")
    with session_factory(db_url)() as session:
        for source in pack.sources.values():
            if source.coi is None:
                continue
            assert source.locator is not None and source.locator.startswith("Antwoord op vraag")
            _assert_answer(session, source.coi.reference, source.coi.anchor, source.locator)


def _assert_answer(session: Session, reference: str, anchor: str, locator: str) -> None:
    document = service.find_document(session, ACTOR, reference)
    passages = service.list_passages(session, ACTOR, document.id)
    at = next(i for i, p in enumerate(passages) if p.anchor == anchor)
    assert passages[at - 1].text.strip() == locator  # the answer's heading
    assert passages[at + 1].text.startswith("Vraag"), "the answer is one paragraph"
