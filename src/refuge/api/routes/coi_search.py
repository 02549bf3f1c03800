"""Search the report library: `GET /coi/search?q=...` — words, "phrases", OR — in Dutch and
English, with filters; ranked passages with their citations and highlighted snippets, a page
at a time. Thin: the route calls `refuge.coi.search`. Individual reports are never searched."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from refuge.api.auth import ActorDep
from refuge.api.deps import SessionDep
from refuge.api.pagination import PageDep, PageOut, page_out
from refuge.coi.search import search
from refuge.coi.search_query import MAX_QUERY_CHARS
from refuge.coi.search_schemas import SearchHit, SearchRequest
from refuge.coi.vocabulary import Kind, Language, Status
from refuge.strict import Day

router = APIRouter(prefix="/coi/search", tags=["report library"])


class SearchPage(PageOut[SearchHit]):
    query: str
    lang: Language | None


@router.get("", response_model=SearchPage)
def search_library(
    db: SessionDep,
    actor: ActorDep,
    request: Request,
    response: Response,
    page: PageDep,
    q: Annotated[
        str,
        Query(
            max_length=MAX_QUERY_CHARS,
            description='words (all must occur), "a phrase" in quotes, OR between alternatives',
        ),
    ],
    lang: Annotated[
        Language | None, Query(description="only documents in this language (default: both)")
    ] = None,
    country: Annotated[
        str | None, Query(pattern=r"^[A-Z]{2}$", description="ISO 3166-1 alpha-2, e.g. SY")
    ] = None,
    kind: Annotated[Kind | None, Query(description="not individual: never searched")] = None,
    status: Annotated[Status | None, Query()] = None,
    date_from: Annotated[
        Day | None, Query(alias="from", description="documents dated on or after this day")
    ] = None,
    date_to: Annotated[
        Day | None, Query(alias="to", description="documents dated on or before this day")
    ] = None,
    all_revisions: Annotated[
        bool, Query(alias="allRevisions", description="older revisions too (default: newest)")
    ] = False,
) -> SearchPage:
    """The passages of the report library that match `q`, best first, each with its citation
    (`coi:<reference>#<anchor>`), its document and a snippet with the offsets of the words that
    matched. "terugkeer" also finds "terugkeren", "returns" also "return"."""
    asked = SearchRequest(
        query=q,
        language=lang,
        country=country,
        kind=kind,
        status=status,
        date_from=date_from,
        date_to=date_to,
        all_revisions=all_revisions,
        offset=page.offset,
        limit=page.page_size,
    )
    found = search(db, actor, asked)
    listed = page_out(found.results, found.total, page, request, response)
    return SearchPage(**dict(listed), query=found.query, lang=found.language)
