"""Whatever is typed as a query, search answers with results or with a refusal naming what is
wrong in the query — never a database error — on SQLite and PostgreSQL alike; and a snippet's
highlights always mark words of the snippet that match the query."""

from __future__ import annotations

import pytest
from coi_helpers import People
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from search_library import Library, make_library
from sqlalchemy.orm import Session

from refuge.coi.search import search
from refuge.coi.search_errors import InvalidSearchQuery
from refuge.coi.search_query import parse
from refuge.coi.search_schemas import SearchRequest
from refuge.coi.snippets import snippet
from refuge.coi.stemming import stem

# the syntax of FTS5 and of PostgreSQL's tsquery, and words of the library
PIECES = st.sampled_from(
    [
        '"', "*", ":", "^", "(", ")", "-", "+", "&", "|", "!", "<->", "NEAR", "AND", "OR",
        "NOT", "or", "'", "\\", "{", "}", "terugkeer", "return", "Damascus", "de", "the", " ",
        "é", "_", "0", "2024", "\x00",
    ]
)  # fmt: skip
QUERIES = st.one_of(st.lists(PIECES, max_size=12).map("".join), st.text(max_size=40))


@pytest.fixture
def library(session: Session, people: People) -> Library:
    return make_library(session, people)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=QUERIES)
def test_any_query_is_answered_or_refused_with_a_reason(
    session: Session, library: Library, query: str
) -> None:
    try:
        results = search(session, library.people.analyst, SearchRequest(query=query))
    except InvalidSearchQuery as refused:
        assert refused.status == 400 and refused.field == "q"
        return
    assert results.total >= len(results.results)
    assert all(hit.document.kind != "individual" for hit in results.results)


WORDS = st.sampled_from(["terugkeer", "terugkeren", "veilige", "Damascus", "de", "naar", "x9"])


@given(
    text=st.lists(st.one_of(WORDS, st.sampled_from([" ", ", ", ". ", "\n"])), max_size=200).map(
        "".join
    ),
    query=st.lists(WORDS, min_size=1, max_size=3).map(" ".join),
)
def test_highlights_mark_words_of_the_snippet_that_match(text: str, query: str) -> None:
    wanted = frozenset(
        s for group in parse(query) for t in group for w in t.words if (s := stem(w, "nl"))
    )
    shown, highlights = snippet(text, wanted, "nl")
    assert len(shown) <= 300 + 2
    for mark in highlights:
        assert stem(shown[mark.start : mark.end], "nl") in wanted
    if len(text) <= 300:
        assert shown == text
        assert len(highlights) == sum(
            1 for w in text.replace(",", " ").replace(".", " ").split() if stem(w, "nl") in wanted
        )
