"""Search the report library: the passages of its documents that match a query in Dutch or
English, ranked, with a highlighted snippet each. The library only: an individual report
(about one person) is never searched, whoever asks. By default only the newest revision of
each document. SQLite (`search_sqlite`) and PostgreSQL (`search_postgres`) find the same
passages and answer in the same shape; the snippets are made here, the same on both."""

from __future__ import annotations

from sqlalchemy import (
    CTE,
    ColumnElement,
    Subquery,
    and_,
    exists,
    func,
    select,
    union_all,
)
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql.selectable import HasCTE

from refuge.casework.actor import Actor
from refuge.coi import access, search_postgres, search_sqlite
from refuge.coi.models import CoiDocument, CoiPassage
from refuge.coi.search_errors import IndividualReportsNotSearched, InvalidSearchQuery
from refuge.coi.search_query import parse, searchable
from refuge.coi.search_schemas import (
    HitDocument,
    HitPassage,
    SearchHit,
    SearchRequest,
    SearchResults,
)
from refuge.coi.snippets import matched_stems, snippet
from refuge.coi.vocabulary import LIBRARY, Language

BOTH: tuple[Language, ...] = ("nl", "en")


def search(session: Session, actor: Actor, request: SearchRequest) -> SearchResults:
    access.may_read_library(actor)
    if request.kind == "individual":
        raise IndividualReportsNotSearched()
    if request.date_from and request.date_to and request.date_from > request.date_to:
        raise InvalidSearchQuery(
            f"{request.date_to} is before the start of the range ({request.date_from})", "to"
        )
    query = parse(request.query)
    languages: tuple[Language, ...] = (request.language,) if request.language else BOTH
    postgres = session.get_bind().dialect.name == "postgresql"
    matches = search_postgres.matches if postgres else search_sqlite.matches
    wanted = {lang: q for lang in languages if (q := searchable(query, lang))}
    if not wanted:
        raise InvalidSearchQuery(
            "the query has only common words (such as 'de', 'het', 'the', 'of'), which are "
            "not indexed; add a word that says what you look for"
        )
    # The documents searched, once: a few hundred rows, each checked to be the newest revision
    # once rather than once per match. Then the matches, computed once (materialized on
    # PostgreSQL), each with its document and ordinal from the passage's own row, joined to
    # those documents by id: with the row estimates of a fresh full-text match, PostgreSQL's
    # planner otherwise joined every match to every document of its language and looked the
    # passage up for each pair (692,900 lookups for 9,095 matches, 30 s and more for a common
    # word), or repeated the match for every document.
    documents = _materialized(
        select(
            CoiDocument.id, CoiDocument.language, CoiDocument.reference, CoiDocument.revision
        ).where(*_filters(request)),
        "documents",
    )

    def found(ranked: bool) -> Subquery:
        parts = [matches(q, lang, ranked) for lang, q in wanted.items()]
        hits = _materialized(union_all(*parts) if len(parts) > 1 else parts[0], "found")
        hits_of_documents = select(
            hits.c.passage_id,
            hits.c.document_id,
            hits.c.score,
            documents.c.reference,
            documents.c.revision,
            hits.c.ordinal,
        ).join(
            documents,
            and_(documents.c.id == hits.c.document_id, documents.c.language == hits.c.language),
        )
        return hits_of_documents.subquery()

    # the count does not rank; the page ranks every match (the order needs every score) but
    # sorts only ids and keys, and reads the passages and documents of its own hits only
    counted = found(ranked=False)
    total = session.scalar(select(func.count()).select_from(counted)) or 0
    ranked = found(ranked=True)
    order = (ranked.c.score.desc(), ranked.c.reference, ranked.c.revision.desc(), ranked.c.ordinal)
    top = (
        select(ranked).order_by(*order).offset(request.offset).limit(request.limit).subquery("top")
    )
    page = session.execute(
        select(CoiPassage, CoiDocument)
        .select_from(top)
        .join(CoiPassage, CoiPassage.id == top.c.passage_id)
        .join(CoiDocument, CoiDocument.id == top.c.document_id)
        .order_by(top.c.score.desc(), top.c.reference, top.c.revision.desc(), top.c.ordinal)
    )
    rows = [(passage, document) for passage, document in page]
    newest = _newest(session, {d.reference for _p, d in rows}) if request.all_revisions else {}
    stems: dict[str, frozenset[str]] = {lang: matched_stems(q, lang) for lang, q in wanted.items()}
    results = [
        _hit(request.offset + n, passage, document, stems.get(document.language), newest)
        for n, (passage, document) in enumerate(rows, start=1)
    ]
    return SearchResults(
        query=request.query,
        language=request.language,
        total=total,
        offset=request.offset,
        limit=request.limit,
        results=results,
    )


def _filters(request: SearchRequest) -> list[ColumnElement[bool]]:
    conditions = [
        CoiDocument.scope == LIBRARY,
        CoiDocument.kind != "individual",
        CoiDocument.application_id.is_(None),
    ]
    for column, value in (
        (CoiDocument.country, request.country),
        (CoiDocument.kind, request.kind),
        (CoiDocument.status, request.status),
    ):
        if value is not None:
            conditions.append(column == value)
    if request.date_from is not None:
        conditions.append(CoiDocument.document_date >= request.date_from)
    if request.date_to is not None:
        conditions.append(CoiDocument.document_date <= request.date_to)
    if not request.all_revisions:
        newer = aliased(CoiDocument)
        conditions.append(
            ~exists().where(
                newer.scope == CoiDocument.scope,
                newer.reference == CoiDocument.reference,
                newer.revision > CoiDocument.revision,
            )
        )
    return conditions


def _materialized(statement: HasCTE, name: str) -> CTE:
    return statement.cte(name).prefix_with("MATERIALIZED", dialect="postgresql")


def _newest(session: Session, references: set[str]) -> dict[str, int]:
    """The newest revision of each of these references of the library."""
    rows = session.execute(
        select(CoiDocument.reference, func.max(CoiDocument.revision))
        .where(CoiDocument.scope == LIBRARY, CoiDocument.reference.in_(references))
        .group_by(CoiDocument.reference)
    )
    return {reference: revision for reference, revision in rows}


def _hit(
    rank: int,
    passage: CoiPassage,
    document: CoiDocument,
    wanted: frozenset[str] | None,
    newest: dict[str, int],
) -> SearchHit:
    language: Language = "nl" if document.language == "nl" else "en"
    shown, highlights = snippet(passage.content, wanted or frozenset(), language)
    # the citation of an older revision names it
    older = document.revision < newest.get(document.reference, document.revision)
    revision = f"@{document.revision}" if older else ""
    return SearchHit(
        rank=rank,
        citation=f"coi:{document.reference}{revision}#{passage.anchor}",
        document=HitDocument.model_validate(document, from_attributes=True),
        passage=HitPassage(
            anchor=passage.anchor,
            ordinal=passage.ordinal,
            kind=passage.kind,
            section=passage.section,
            heading_path=list(passage.heading_path),
            page=passage.page,
            start=passage.start_offset,
            end=passage.end_offset,
        ),
        snippet=shown,
        highlights=highlights,
    )
