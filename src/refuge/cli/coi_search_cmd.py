"""`refuge coi search QUERY`: search the report library — words, "phrases", OR — in Dutch and
English, with filters; ranked passages with their citations and highlighted snippets. Acts as
a named user. Individual reports are never searched."""

from __future__ import annotations

from typing import Annotated

import typer
from pydantic import ValidationError

from refuge.casework.errors import CaseworkError
from refuge.cli.coi_cmd import AS, _actor, coi_app
from refuge.cli.db_cmd import database_errors, require_current
from refuge.cli.options import FormatOption, OutputFormat, fail
from refuge.coi.search import search
from refuge.coi.search_errors import InvalidSearchQuery
from refuge.coi.search_schemas import MAX_LIMIT, SearchHit, SearchRequest, SearchResults
from refuge.coi.vocabulary import KINDS, STATUSES
from refuge.store.engine import session_factory
from refuge.store.settings import database_url

# the search's field -> the argument or option that carries it
OPTION = {
    "query": "QUERY",
    "q": "QUERY",
    "language": "--lang",
    "date_from": "--from",
    "from": "--from",
    "date_to": "--to",
    "to": "--to",
    "all_revisions": "--all-revisions",
}
MARK = "**"  # around a matched word in text output


@coi_app.command("search")
def search_command(
    query: Annotated[
        str, typer.Argument(metavar="QUERY", help='Words (all must occur), "a phrase", OR')
    ],
    username: AS,
    lang: Annotated[
        str | None, typer.Option("--lang", help="nl | en: only documents in it (default both)")
    ] = None,
    country: Annotated[str | None, typer.Option(help="ISO 3166-1 alpha-2, e.g. SY")] = None,
    kind: Annotated[
        str | None, typer.Option(help=" | ".join(k for k in KINDS if k != "individual"))
    ] = None,
    status: Annotated[str | None, typer.Option(help=" | ".join(STATUSES))] = None,
    date_from: Annotated[
        str | None, typer.Option("--from", metavar="DATE", help="Documents dated on or after")
    ] = None,
    date_to: Annotated[
        str | None, typer.Option("--to", metavar="DATE", help="Documents dated on or before")
    ] = None,
    all_revisions: Annotated[
        bool, typer.Option("--all-revisions", help="Older revisions too (default: newest only)")
    ] = False,
    limit: Annotated[int, typer.Option(help=f"Hits to show, at most {MAX_LIMIT}")] = 20,
    offset: Annotated[int, typer.Option(help="Hits to skip (the next page)")] = 0,
    output_format: FormatOption = OutputFormat.text,
) -> None:
    """Search the passages of the report library, best first. "terugkeer" also finds
    "terugkeren", "returns" also "return"; individual reports are never searched."""
    given = {
        "query": query,
        "language": lang,
        "country": country,
        "kind": kind,
        "status": status,
        "date_from": date_from,
        "date_to": date_to,
        "all_revisions": all_revisions,
        "limit": limit,
        "offset": offset,
    }
    try:
        request = SearchRequest.model_validate({k: v for k, v in given.items() if v is not None})
    except ValidationError as exc:
        first = exc.errors()[0]
        field = str(first["loc"][0])
        fail(f"{OPTION.get(field, '--' + field)} {given.get(field)!r}: {first['msg']}")
    url = database_url()
    require_current(url)
    with database_errors(url), session_factory(url)() as session:
        actor = _actor(session, username)
        try:
            results = search(session, actor, request)
        except InvalidSearchQuery as exc:
            fail(f"{OPTION.get(exc.field, '--' + exc.field)}: {exc.reason}")
        except CaseworkError as exc:
            fail(exc.message)
    if output_format is OutputFormat.json:
        typer.echo(results.model_dump_json(indent=2))
        return
    _print(results)


def _print(results: SearchResults) -> None:
    shown = len(results.results)
    which = f" ({results.offset + 1}-{results.offset + shown})" if shown else ""
    typer.echo(f"{results.total} passage(s) match {results.query!r}{which}")
    for hit in results.results:
        typer.echo("")
        typer.echo(f"{hit.rank:>3}. {hit.citation}  {_where(hit)}")
        typer.echo(f"     {marked(hit)}")


def _where(hit: SearchHit) -> str:
    d = hit.document
    day = d.document_date.isoformat() if d.document_date else "undated"
    path = " > ".join(hit.passage.heading_path)
    page = f", p. {hit.passage.page}" if hit.passage.page else ""
    return f"{d.title} ({d.country or '--'}, {d.kind}, {day}, {d.status}{page})" + (
        f" > {path}" if path else ""
    )


def marked(hit: SearchHit) -> str:
    """The snippet on one line, each matched word between ** and **."""
    text, out, at = hit.snippet, [], 0
    for mark in hit.highlights:
        out += [text[at : mark.start], MARK, text[mark.start : mark.end], MARK]
        at = mark.end
    out.append(text[at:])
    return " ".join("".join(out).split())
