"""A search query as a person types it: words (all of them must occur), "quoted phrases" (the
words in that order), and OR between alternatives (`terugkeer OR return`). Every other
character is part of no word and is ignored, so the syntax of the databases' own query
languages (`*`, `:`, `^`, `(`, `NEAR`, `-`, `&`, `|`, `!`) is plain text here. A quote that is
not closed is refused, since it is unclear where the phrase ends."""

from __future__ import annotations

import re
from dataclasses import dataclass

from refuge.coi.search_errors import InvalidSearchQuery
from refuge.coi.stemming import GAP, WORD, stem
from refuge.coi.vocabulary import Language

MAX_QUERY_CHARS = 500
MAX_TERMS = 32
PART = re.compile(r'"([^"]*)"|(\S+)')


@dataclass(frozen=True, slots=True)
class Term:
    """One word, or a phrase of several: the words as typed (lower-cased)."""

    words: tuple[str, ...]


# alternatives (OR) of terms that must all occur (AND)
Query = tuple[tuple[Term, ...], ...]


def parse(text: str) -> Query:
    if len(text) > MAX_QUERY_CHARS:
        raise InvalidSearchQuery(f"the query is longer than {MAX_QUERY_CHARS} characters")
    if text.count('"') % 2:
        raise InvalidSearchQuery(
            'the query has a " that is not closed; put a phrase between two quotes, '
            'e.g. "veilige terugkeer", or leave the quote out'
        )
    groups: list[list[Term]] = [[]]
    for match in PART.finditer(text):
        phrase, bare = match.groups()
        if bare == "OR":
            groups.append([])
            continue
        found = tuple(w.lower() for w in WORD.findall(phrase if phrase is not None else bare))
        if found:
            groups[-1].append(Term(found))
    query = tuple(tuple(g) for g in groups if g)
    if not query:
        raise InvalidSearchQuery("the query has no words; search for at least one word")
    if sum(len(g) for g in query) > MAX_TERMS:
        raise InvalidSearchQuery(f"the query has more than {MAX_TERMS} words and phrases")
    return query


def stems(term: Term, language: Language) -> tuple[str, ...]:
    """The term as the index holds it: stems, `_` for a common word inside a phrase; a common
    word at either end of a phrase, or on its own, is left out (as PostgreSQL does)."""
    found = [stem(w, language) or GAP for w in term.words]
    while found and found[0] == GAP:
        found.pop(0)
    while found and found[-1] == GAP:
        found.pop()
    return tuple(found)


def searchable(query: Query, language: Language) -> Query:
    """The query without the terms that are only common words, and without the alternatives
    left with no term; empty when nothing in it can be found in this language."""
    kept = (tuple(t for t in group if stems(t, language)) for group in query)
    return tuple(g for g in kept if g)


def canonical(query: Query) -> str:
    """The query written out again for PostgreSQL's `websearch_to_tsquery`: every term in
    quotes, so that a word such as "or" is a word there too."""
    return " or ".join(" ".join(f'"{" ".join(t.words)}"' for t in group) for group in query)
