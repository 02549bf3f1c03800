"""Search on PostgreSQL: its own full-text search, with the `dutch` or `english` configuration
by the document's language. Each passage has two generated columns (migration 0014),
`search_nl` and `search_en`: `to_tsvector('dutch' | 'english', text)`, computed by the database
on every insert, each with a GIN index; an individual report's passages have no text in clear,
so their vectors are empty. Ranked with `ts_rank_cd` (cover density), divided by 1 + the log
of the passage's length; a match only counted is not ranked."""

from __future__ import annotations

from sqlalchemy import ColumnElement, Select, column, func, literal, literal_column, select, table

from refuge.coi.search_query import Query, canonical
from refuge.coi.vocabulary import Language

CONFIGURATIONS: dict[Language, str] = {"nl": "dutch", "en": "english"}
# the columns of coi_passages that only search reads (the ORM model does not carry them)
passages = table(
    "coi_passages",
    column("id"),
    column("document_id"),
    column("ordinal"),
    column("text"),
    column("search_nl"),
    column("search_en"),
)


def _config(language: Language) -> ColumnElement[object]:
    return literal_column(f"'{CONFIGURATIONS[language]}'::regconfig")


def matches(
    query: Query, language: Language, ranked: bool = True
) -> Select[tuple[object, object, int, float, str]]:
    """(passage id, document id, ordinal, score, language) of every passage whose text
    matches; the caller keeps those of documents in `language`. Higher is better; the score is
    0 when not `ranked` (for a count). All read from the passage's own row, which the match
    reads anyway: nothing more is fetched per match."""
    tsquery = func.websearch_to_tsquery(_config(language), canonical(query))
    tsvector = passages.c[f"search_{language}"]
    score = func.ts_rank_cd(tsvector, tsquery, 1) if ranked else literal(0.0)
    return select(
        passages.c.id.label("passage_id"),
        passages.c.document_id.label("document_id"),
        passages.c.ordinal.label("ordinal"),
        score.label("score"),
        literal(language).label("language"),
    ).where(tsvector.op("@@")(tsquery), passages.c.text.is_not(None))
