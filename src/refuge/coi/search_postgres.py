"""Search on PostgreSQL: its own full-text search, with the `dutch` or `english` configuration
by the document's language. Two GIN indexes over the expression `to_tsvector(<config>, text)`
of the passages with text in clear (migration 0014) follow every insert by themselves; an
individual report's passages have no text in clear and are in neither. Ranked with
`ts_rank_cd` (cover density), divided by 1 + the log of the passage's length."""

from __future__ import annotations

from sqlalchemy import ColumnElement, Select, func, literal, literal_column, select

from refuge.coi.models import CoiPassage
from refuge.coi.search_query import Query, canonical
from refuge.coi.vocabulary import Language

CONFIGURATIONS: dict[Language, str] = {"nl": "dutch", "en": "english"}


def _config(language: Language) -> ColumnElement[object]:
    return literal_column(f"'{CONFIGURATIONS[language]}'::regconfig")


def matches(query: Query, language: Language) -> Select[tuple[object, float, str]]:
    """(passage id, score, language) of every passage whose text matches; the caller keeps
    those of documents in `language`. Higher is better. The vector is written exactly as in
    the index, so that the planner uses it."""
    tsquery = func.websearch_to_tsquery(_config(language), canonical(query))
    tsvector = func.to_tsvector(_config(language), CoiPassage.text)
    return select(
        CoiPassage.id.label("passage_id"),
        func.ts_rank_cd(tsvector, tsquery, 1).label("score"),
        literal(language).label("language"),
    ).where(CoiPassage.text.is_not(None), tsvector.op("@@")(tsquery))
