"""The report library: search (words, "phrases", OR, with filters) and the list of its
documents; one cited passage in its context with the rules that rest on it; and, in the
modules included here, the reader, and for publishers the redaction editor, the approval
queue and publication.

Only the library's own documents: an individual report (about one person, belonging to a
case) is never listed, searched or shown on these pages. The query is in the page's address
(it is a search of reports, never of a person)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from pydantic import ValidationError
from starlette.responses import Response

from refuge.api.deps import SessionDep
from refuge.casework.errors import CaseworkError, NotFound
from refuge.coi import provenance, service
from refuge.coi.provenance_errors import InvalidCitation, PackNotReadable
from refuge.coi.search import search
from refuge.coi.search_query import MAX_QUERY_CHARS
from refuge.coi.search_schemas import SearchRequest
from refuge.coi.vocabulary import KINDS, STATUSES
from refuge.web.pages import ViewerDep
from refuge.web.routes import (
    library_approvals,
    library_publication,
    library_reader,
    library_redaction,
)
from refuge.web.routes.library_messages import library_refusal
from refuge.web.routes.library_view import (
    CITATION_STATES,
    DEPENDENT_KINDS,
    KIND_LABELS,
    LANGUAGE_LABELS,
    STATUS_LABELS,
    highlighted,
)
from refuge.web.templating import gettext, render

router = APIRouter()
for part in (library_reader, library_redaction, library_approvals, library_publication):
    router.include_router(part.router)

PAGE_SIZE = 20
DOCUMENTS_SHOWN = 200
AROUND = 2  # passages shown before and after a cited one
Filter = Annotated[str, Query(max_length=40)]
LABELS = {
    "kind_labels": KIND_LABELS,
    "status_labels": STATUS_LABELS,
    "language_labels": LANGUAGE_LABELS,
}


@router.get("/library")
def library(
    request: Request,
    viewer: ViewerDep,
    db: SessionDep,
    q: Annotated[str, Query(max_length=MAX_QUERY_CHARS * 4)] = "",
    lang: Filter = "",
    country: Filter = "",
    kind: Filter = "",
    status: Filter = "",
    date_from: Annotated[str, Query(alias="from", max_length=40)] = "",
    date_to: Annotated[str, Query(alias="to", max_length=40)] = "",
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
) -> Response:
    filters = {
        "lang": lang if lang in LANGUAGE_LABELS else "",
        "country": country.strip().upper(),
        "kind": kind if kind in KIND_LABELS else "",
        "status": status if status in STATUSES else "",
        "from": date_from.strip(),
        "to": date_to.strip(),
    }
    error, results, pages = None, None, 1
    wrong = _wrong_filters(filters)
    if wrong:
        error = gettext(request, "Check these filters: %(fields)s.", fields=", ".join(wrong))
    elif q.strip():
        try:
            results = search(db, viewer.actor, _asked(q, filters, page))
            pages = max(1, -(-results.total // PAGE_SIZE))
        except CaseworkError as refused:
            error = library_refusal(request, refused)
        except ValidationError:
            error = gettext(request, "The query is too long: at most 500 characters.")
    documents, total = service.list_documents(
        db,
        viewer.actor,
        country=filters["country"] if filters["country"] and not wrong else None,
        kind=filters["kind"] or None,
        status=filters["status"] or None,
        limit=DOCUMENTS_SHOWN,
    )
    found = results.results if results else []
    hits = [(hit, highlighted(hit.snippet, hit.highlights)) for hit in found]
    context = {
        "q": q,
        "filters": filters,
        "kinds": [k for k in KINDS if k in KIND_LABELS],
        "results": results,
        "hits": hits,
        "page": page,
        "pages": pages,
        "error": error,
        "documents": documents,
        "total": total,
        "query_string": _query_string(q, filters),
        **LABELS,
    }
    return render(request, "library.html", context)


def _wrong_filters(filters: dict[str, str]) -> list[str]:
    wrong = []
    country = filters["country"]
    if country and not (len(country) == 2 and country.isascii() and country.isalpha()):
        wrong.append("country")
    for name in ("from", "to"):
        if filters[name] and _day(filters[name]) is None:
            wrong.append(name)
    return wrong


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _asked(q: str, filters: dict[str, str], page: int) -> SearchRequest:
    return SearchRequest(
        query=q,
        language=filters["lang"] or None,  # type: ignore[arg-type]
        country=filters["country"] or None,
        kind=filters["kind"] or None,  # type: ignore[arg-type]
        status=filters["status"] or None,  # type: ignore[arg-type]
        date_from=_day(filters["from"]) if filters["from"] else None,
        date_to=_day(filters["to"]) if filters["to"] else None,
        all_revisions=False,
        offset=(page - 1) * PAGE_SIZE,
        limit=PAGE_SIZE,
    )


def _query_string(q: str, filters: dict[str, str]) -> list[tuple[str, str]]:
    """The search's parameters, for the links to the other pages of hits."""
    return [("q", q), *((name, value) for name, value in filters.items() if value)]


@router.get("/library/documents/{name}/passages/{anchor}")
def cited_passage(
    name: Annotated[str, Path(max_length=110)],
    anchor: Annotated[str, Path(max_length=64)],
    request: Request,
    viewer: ViewerDep,
    db: SessionDep,
) -> Response:
    """Where a citation's link leads: the passage in its context (the passages around it),
    the document it is in, and the rules, outcome rows and parameters of the country packs
    that rest on it."""
    try:
        cited = provenance.passage(db, viewer.actor, name, anchor)
    except InvalidCitation:
        raise NotFound("passage", f"{name}#{anchor}") from None
    passages = service.list_passages(db, viewer.actor, cited.document_id)
    at = next(i for i, p in enumerate(passages) if p.anchor == cited.passage.anchor)
    context: dict[str, Any] = {
        "cited": cited,
        "before": passages[max(0, at - AROUND) : at],
        "after": passages[at + 1 : at + 1 + AROUND],
        "cited_by": None,
        "pack_error": None,
        "dependent_kinds": DEPENDENT_KINDS,
        "citation_states": CITATION_STATES,
    }
    try:
        context["cited_by"] = provenance.rules_resting_on(db, viewer.actor, name, anchor)
    except PackNotReadable as error:
        context["pack_error"] = f"{error} ({error.code})"
    return render(request, "library_passage.html", context)
