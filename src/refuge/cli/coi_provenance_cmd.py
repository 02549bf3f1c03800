"""`refuge coi cited-by|review|check-citations`: which rules and parameters of the country
packs rest on a report library passage; which to review when a report has a newer revision
than the one cited; which citations dangle. Acts as a named user who reads the library."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Annotated, TypeVar

import typer
from sqlalchemy.orm import Session

from refuge.casework.actor import Actor
from refuge.casework.errors import CaseworkError
from refuge.cli.coi_cmd import AS, _actor, coi_app
from refuge.cli.db_cmd import database_errors, require_current
from refuge.cli.options import FormatOption, OutputFormat, fail
from refuge.coi import provenance
from refuge.coi.provenance_schemas import DANGLING, CitationOut, DependentOut, ToReview
from refuge.store.engine import session_factory
from refuge.store.settings import database_url

T = TypeVar("T")
PROBLEMS_FOUND = 1  # check-citations: a citation dangles
Country = Annotated[
    str | None, typer.Option(help="Only this country's pack (ISO 3166-1 alpha-2, e.g. SY)")
]


@coi_app.command("cited-by")
def cited_by_command(
    passage: Annotated[
        str, typer.Argument(metavar="REF#ANCHOR", help="e.g. syrie-2025#2.3-p4 or REF@2#2.3-p4")
    ],
    username: AS,
    country: Country = None,
    output_format: FormatOption = OutputFormat.text,
) -> None:
    """The rules, outcome rows and parameter values that rest on a passage, in every pack
    (or one), with the days and pack versions they do."""
    name, hash_, anchor = passage.removeprefix("coi:").partition("#")
    if not hash_ or not anchor:
        fail(f"{passage!r}: write the passage as REF#ANCHOR, e.g. syrie-2025#2.3-p4")
    found = _ask(username, lambda s, a: provenance.rules_resting_on(s, a, name, anchor, country))
    if output_format is OutputFormat.json:
        typer.echo(found.model_dump_json(indent=2))
        return
    if not found.citations:
        typer.echo(f"nothing in the packs cites {passage.removeprefix('coi:')}")
        return
    for c in found.citations:
        _print_citation(c)
    typer.echo(f"{len(found.citations)} citation(s)")


@coi_app.command("review")
def review_command(
    reference: Annotated[str, typer.Argument(metavar="REF", help="The report's reference")],
    username: AS,
    country: Country = None,
    output_format: FormatOption = OutputFormat.text,
) -> None:
    """The rules to review because the report has a newer revision than the one they cite:
    the passage in the cited and in the newest revision, whether its anchor is still there and
    whether its text changed."""
    review = _ask(
        username, lambda s, a: provenance.review_after_supersession(s, a, reference, country)
    )
    if output_format is OutputFormat.json:
        typer.echo(review.model_dump_json(indent=2))
        return
    typer.echo(
        f"{review.reference}: newest revision {review.newest_revision}; "
        f"{len(review.items)} citation(s) of an older revision to review"
    )
    for item in review.items:
        _print_review(item)


@coi_app.command("check-citations")
def check_citations_command(
    username: AS,
    country: Annotated[
        str | None, typer.Argument(metavar="[COUNTRY]", help="Default: every country's pack")
    ] = None,
    output_format: FormatOption = OutputFormat.text,
) -> None:
    """Every passage citation of the packs against the library: ok, superseded (a newer
    revision: review it), or dangling (no such document, revision or anchor). Exits 1 when a
    citation dangles."""
    checked = _ask(username, lambda s, a: provenance.check_citations(s, a, country))
    dangling = [c for c in checked if c.status in DANGLING]
    if output_format is OutputFormat.json:
        typer.echo(json.dumps([c.model_dump(mode="json") for c in checked], indent=2))
    else:
        for c in checked:
            typer.echo(f"{c.country} {c.source}: {c.citation}: {c.status} — {c.message}")
        superseded = sum(c.status == "superseded" for c in checked)
        typer.echo(f"{len(checked)} citation(s): {len(dangling)} dangling, {superseded} superseded")
    if dangling:
        raise typer.Exit(PROBLEMS_FOUND)


def _ask(username: str, question: Callable[[Session, Actor], T]) -> T:
    url = database_url()
    require_current(url)
    with database_errors(url), session_factory(url)() as session:
        actor = _actor(session, username)
        try:
            return question(session, actor)
        except CaseworkError as exc:
            session.rollback()
            fail(exc.message)


def _print_citation(c: CitationOut) -> None:
    where = f", {c.locator}" if c.locator else ""
    typer.echo(f"{c.citation}  {c.source} ({c.country}{where}): {c.status}")
    typer.echo(f"  passage {c.passage}")
    for d in c.dependents:
        typer.echo(f"  {_dependent(d)}")


def _print_review(item: ToReview) -> None:
    c = item.citation
    if not item.anchor_exists:
        what = f"anchor {c.anchor} is gone from revision {c.newest_revision}"
    elif item.text_changed is None:
        what = "the cited revision's passage is not in the library"
    else:
        what = "text changed" if item.text_changed else "text unchanged"
    typer.echo(f"\n{c.source} ({c.country}) {c.citation}: {what}")
    typer.echo(f"  cited  {item.old_passage or '(not in the library)'}")
    typer.echo(f"  newest {item.new_passage or '(no such anchor)'}")
    for d in c.dependents:
        typer.echo(f"  rests on it: {_dependent(d)}")


def _dependent(d: DependentOut) -> str:
    days = f"{d.valid_from} to {d.valid_to}" if d.valid_to else f"{d.valid_from} onwards"
    versions = (
        d.first_version
        if d.first_version == d.last_version
        else f"{d.first_version} to {d.last_version}"
    )
    what = {"rule": "rule", "outcome_row": "outcome", "parameter": "parameter"}[d.kind]
    row = f" row {d.row}" if d.row else ""
    via = f" (reads {d.via})" if d.via else ""
    return f"{what} {d.id}{row}{via}: {days} ({versions})"
