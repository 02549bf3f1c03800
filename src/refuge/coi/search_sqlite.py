"""Search on SQLite: an FTS5 table of the library's passages, as stems.

FTS5's own stemmer (porter) knows English only, so each passage goes in as the stems that
`refuge.coi.stemming` makes in its document's language, and a query is stemmed the same way
before it is matched. The table holds a row per passage of a document of the library (never an
individual report); `index_document` writes them when the document is added, in the same
transaction as its passages. Passages are never changed (a changed file is a new revision with
passages of its own), and a search joins each row back to its passage, so a row can never show
a passage that is gone. Ranked with BM25."""

from __future__ import annotations

import uuid

from sqlalchemy import (
    Connection,
    Select,
    column,
    func,
    literal,
    literal_column,
    select,
    table,
    text,
)
from sqlalchemy.orm import Session

from refuge.coi.models import CoiPassage
from refuge.coi.search_query import Query, stems
from refuge.coi.stemming import index_terms
from refuge.coi.vocabulary import LIBRARY, Language

TABLE = "coi_passage_search"
CREATE = (
    f"CREATE VIRTUAL TABLE {TABLE} USING fts5(terms, passage_id UNINDEXED, "
    "document_id UNINDEXED, language UNINDEXED, "
    "tokenize = \"unicode61 remove_diacritics 0 tokenchars '_'\")"
)
fts = table(TABLE, column("terms"), column("passage_id"), column("language"))

_PASSAGES = text(
    "SELECT p.id, p.document_id, d.language, p.text FROM coi_passages p "
    "JOIN coi_documents d ON d.id = p.document_id "
    "WHERE d.scope = :library AND d.kind != 'individual' AND p.text IS NOT NULL"
)
_INSERT = text(
    "INSERT INTO coi_passage_search (terms, passage_id, document_id, language) "
    "VALUES (:terms, :passage_id, :document_id, :language)"
)

_DELETE = text("DELETE FROM coi_passage_search WHERE document_id = :d")
_DELETE_ALL = text("DELETE FROM coi_passage_search")


def index_document(session: Session, document_id: uuid.UUID) -> None:
    """Index the document's passages (nothing for an individual report; nothing on PostgreSQL,
    whose indexes follow the passages by themselves)."""
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        _index(connection, document_id.hex)


def reindex(connection: Connection) -> None:
    """Index every passage of the library again (the migration that makes the table)."""
    connection.execute(_DELETE_ALL)
    _index(connection, None)


def _index(connection: Connection, document_hex: str | None) -> None:
    stmt = _PASSAGES.text + (" AND p.document_id = :document_id" if document_hex else "")
    params = {"library": LIBRARY, "document_id": document_hex}
    if document_hex:
        connection.execute(_DELETE, {"d": document_hex})
    rows = [
        {
            "terms": index_terms(passage_text, language),
            "passage_id": _hex(passage_id),
            "document_id": _hex(document_id),
            "language": language,
        }
        for passage_id, document_id, language, passage_text in connection.execute(
            text(stmt), params
        )
    ]
    if rows:
        connection.execute(_INSERT, rows)


def _hex(value: object) -> str:
    return value.hex if isinstance(value, uuid.UUID) else str(value)


def match_expression(query: Query, language: Language) -> str:
    """The query in FTS5's syntax: each term a quoted phrase of stems, AND within an
    alternative, OR between them. Stems are letters, digits and `_` only."""
    return " OR ".join(
        "(" + " AND ".join('"' + " ".join(stems(t, language)) + '"' for t in group) + ")"
        for group in query
    )


def matches(
    query: Query, language: Language, ranked: bool = True
) -> Select[tuple[object, object, int, float, str]]:
    """(passage id, document id, ordinal, score, language) of every passage in `language`
    that matches; higher is better, and the score is 0 when not `ranked` (for a count)."""
    score = -func.bm25(literal_column(TABLE)) if ranked else literal(0.0)
    return (
        select(
            fts.c.passage_id.label("passage_id"),
            CoiPassage.document_id.label("document_id"),
            CoiPassage.ordinal.label("ordinal"),
            score.label("score"),
            fts.c.language.label("language"),
        )
        .join_from(fts, CoiPassage, CoiPassage.id == fts.c.passage_id)
        .where(
            literal_column(TABLE).op("MATCH")(match_expression(query, language)),
            fts.c.language == language,
            CoiPassage.text.is_not(None),
        )
    )
