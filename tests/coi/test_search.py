"""Searching the report library, on SQLite and PostgreSQL alike: Dutch and English words find
their other forms, phrases keep their order, filters narrow, the newest revision is searched
unless all are asked for, individual reports are never found, and each hit has a snippet
whose highlights are the words that matched."""

from __future__ import annotations

from datetime import date

import pytest
from coi_helpers import People
from search_library import Library, make_library
from sqlalchemy.orm import Session

from refuge.casework.errors import NotAllowed
from refuge.coi.search import search
from refuge.coi.search_errors import IndividualReportsNotSearched, InvalidSearchQuery
from refuge.coi.search_schemas import SearchRequest, SearchResults


@pytest.fixture
def library(session: Session, people: People) -> Library:
    return make_library(session, people)


def _search(session: Session, library: Library, query: str, **filters: object) -> SearchResults:
    request = SearchRequest.model_validate({"query": query, **filters})
    return search(session, library.people.publisher, request)


def _found(session: Session, library: Library, query: str, **filters: object) -> set[str]:
    return {hit.citation for hit in _search(session, library, query, **filters).results}


TERUGKEER = {
    "coi:syrie-2025#2",
    "coi:syrie-2025#2-p2",
    "coi:syrie-2025#2-p3",
    "coi:syrie-2025#2-p4",
    "coi:irak-2023#1",
    "coi:irak-2023#1-p1",
}
RETURNS = {"coi:returns-sy#h1", "coi:returns-sy#1", "coi:returns-sy#1-p1", "coi:returns-sy#1-p2"}


def test_terugkeer_finds_terugkeren_and_returns_finds_return(
    session: Session, library: Library
) -> None:
    assert _found(session, library, "terugkeer") == TERUGKEER  # 2-p4 says "terugkeren"
    assert _found(session, library, "terugkeren") == TERUGKEER
    assert _found(session, library, "returns") == RETURNS  # 1-p2 says "return"
    assert _found(session, library, "return") == RETURNS


def test_every_word_must_occur_and_or_gives_alternatives(
    session: Session, library: Library
) -> None:
    assert _found(session, library, "terugkeer Bagdad") == {"coi:irak-2023#1-p1"}
    assert _found(session, library, "terugkeer OR return") == TERUGKEER | RETURNS
    assert _found(session, library, "damascus") == {"coi:syrie-2025#1-p1", "coi:returns-sy#1-p2"}


def test_a_phrase_keeps_its_words_together_and_in_order(session: Session, library: Library) -> None:
    assert _found(session, library, '"veilige terugkeer"') == {"coi:syrie-2025#2-p2"}
    # both words occur in 2-p4 ("terugkeren ... veilige routes"), but not as the phrase
    assert _found(session, library, "veilige terugkeer") == {
        "coi:syrie-2025#2-p2",
        "coi:syrie-2025#2-p4",
    }
    assert _found(session, library, '"terugkeer veilige"') == set()
    # a common word inside a phrase keeps its place
    assert _found(session, library, '"situatie in Damascus"') == {"coi:syrie-2025#1-p1"}


def test_the_language_chooses_the_documents_and_their_stemming(
    session: Session, library: Library
) -> None:
    assert _found(session, library, "terugkeer OR return", language="nl") == TERUGKEER
    assert _found(session, library, "terugkeer OR return", language="en") == RETURNS


def test_filters_narrow_by_country_kind_status_and_date(session: Session, library: Library) -> None:
    both = "terugkeer OR return"
    assert _found(session, library, both, country="IQ") == {
        "coi:irak-2023#1",
        "coi:irak-2023#1-p1",
    }
    assert _found(session, library, both, kind="thematic") == RETURNS
    assert _found(session, library, both, status="published") == TERUGKEER - {
        "coi:irak-2023#1",
        "coi:irak-2023#1-p1",
    }
    dated = _found(session, library, both, date_from=date(2024, 1, 1), date_to=date(2024, 12, 31))
    assert dated == RETURNS
    assert _found(session, library, both, date_from=date(2026, 1, 1)) == set()


def test_only_the_newest_revision_unless_all_are_asked_for(
    session: Session, library: Library
) -> None:
    assert _found(session, library, "verouderde voorbehoud") == set()
    older = _search(session, library, "verouderde voorbehoud", all_revisions=True)
    assert [hit.citation for hit in older.results] == ["coi:syrie-2025@1#2-p5"]
    assert older.results[0].document.revision == 1
    # the newest revision's passages are cited without a revision, and found once per revision
    every = _found(session, library, '"veilige terugkeer"', all_revisions=True)
    assert every == {"coi:syrie-2025#2-p2", "coi:syrie-2025@1#2-p2"}


def test_individual_reports_are_never_found_whoever_asks(
    session: Session, library: Library
) -> None:
    people = library.people
    for actor in (people.alice, people.sam, people.publisher, people.analyst):
        for query in ("Haddad", "terugkeren", "Betrokkene", "Damascus"):
            results = search(session, actor, SearchRequest(query=query, all_revisions=True))
            assert all(hit.document.kind != "individual" for hit in results.results)
            assert not any("Haddad" in hit.snippet for hit in results.results)
    with pytest.raises(IndividualReportsNotSearched, match="kind: individual reports"):
        _search(session, library, "terugkeer", kind="individual")


def test_roles_that_do_not_read_the_library_may_not_search_it(
    session: Session, library: Library
) -> None:
    with pytest.raises(NotAllowed):
        search(session, library.people.auditor, SearchRequest(query="terugkeer"))


def test_each_hit_has_a_snippet_highlighting_the_words_that_matched(
    session: Session, library: Library
) -> None:
    results = _search(session, library, "terugkeer veilige")
    marked = {
        hit.citation: [hit.snippet[h.start : h.end] for h in hit.highlights]
        for hit in results.results
    }
    assert marked == {
        "coi:syrie-2025#2-p2": ["veilige", "terugkeer"],
        "coi:syrie-2025#2-p4": ["terugkeren", "veilige"],
    }
    hit = results.results[0]
    assert hit.document.reference == "syrie-2025" and hit.document.language == "nl"
    assert hit.passage.section == "2" and hit.passage.heading_path[-1] == "2 Terugkeer"


def test_a_passage_saying_it_three_times_ranks_above_one_saying_it_once(
    session: Session, library: Library
) -> None:
    ranked = [hit.citation for hit in _search(session, library, "terugkeer").results]
    assert ranked.index("coi:syrie-2025#2-p3") < ranked.index("coi:syrie-2025#2-p2")
    assert [hit.rank for hit in _search(session, library, "terugkeer").results] == [
        1,
        2,
        3,
        4,
        5,
        6,
    ]


def test_pages_of_results_count_every_match(session: Session, library: Library) -> None:
    first = _search(session, library, "terugkeer OR return", limit=4)
    rest = _search(session, library, "terugkeer OR return", limit=4, offset=4)
    last = _search(session, library, "terugkeer OR return", limit=4, offset=8)
    assert first.total == rest.total == last.total == 10
    pages = [h.citation for page in (first, rest, last) for h in page.results]
    assert len(pages) == 10 and set(pages) == TERUGKEER | RETURNS
    assert [h.rank for h in rest.results] == [5, 6, 7, 8]
    # the pages are one order cut in three, and past the last one every match is still counted
    whole = _search(session, library, "terugkeer OR return", limit=10)
    assert [h.citation for h in whole.results] == pages
    beyond = _search(session, library, "terugkeer OR return", limit=4, offset=12)
    assert beyond.total == 10 and beyond.results == []


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ('"veilige terugkeer', "not closed"),
        ("*** ()", "no words"),
        ("in was", "only common words"),  # common in Dutch and in English
        ("x" * 501, "longer than 500"),
    ],
)
def test_a_query_that_cannot_be_searched_is_refused_naming_why(
    session: Session, library: Library, query: str, message: str
) -> None:
    with pytest.raises(InvalidSearchQuery, match=message) as refused:
        _search(session, library, query)
    assert refused.value.status == 400 and refused.value.field == "q"


def test_a_date_range_that_ends_before_it_starts_is_refused(
    session: Session, library: Library
) -> None:
    with pytest.raises(InvalidSearchQuery, match="to: 2024-01-01 is before"):
        _search(session, library, "terugkeer", date_from="2025-01-01", date_to="2024-01-01")
