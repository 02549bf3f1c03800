"""`refuge charter plan|depart`: plan charter flights for the team's return cases that are ready,
by destination and date, and record who departed on one."""

from __future__ import annotations

import uuid
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy import select
from sqlalchemy.orm import Session

from refuge.accounts.models import User
from refuge.casework import service
from refuge.casework.actor import Actor
from refuge.casework.charter import KINDS
from refuge.casework.charter_plan import (
    CharterPlan,
    CharterRequest,
    CharterRequestInvalid,
    plan_charter,
)
from refuge.casework.charter_summary import CharterSummary, summarise
from refuge.casework.errors import CaseworkError
from refuge.cli.db_cmd import database_errors, require_current
from refuge.cli.options import FormatOption, OutputFormat, fail, parse_day
from refuge.store.engine import session_factory
from refuge.store.settings import database_url

charter_app = typer.Typer(
    help="Charter flights for return: who is ready, on which flight, who waits and why.",
    no_args_is_help=True,
)
OPTION = {
    "country": "--country",
    "first_flight": "--first-flight",
    "seats": "--seats",
    "flights": "--flights",
    "every_days": "--every",
}
AS = Annotated[
    str,
    typer.Option(
        "--as",
        metavar="USERNAME",
        help="A caseworker or supervisor: the plan covers their team's cases, audited as them.",
    ),
]


def _actor(session: Session, username: str) -> Actor:
    user = session.scalar(select(User).where(User.username == username))
    if user is None or not user.active:
        fail(f"--as {username!r}: there is no active user of that name; see `refuge users list`")
    actor = Actor(user.id, f"cli:{user.username}", user.role, user.team_id)
    if not actor.works_cases:
        fail(
            f"--as {username!r}: a {user.role} sees no return cases; use a caseworker or supervisor"
        )
    return actor


@charter_app.command("plan")
def plan_command(
    username: AS,
    country: Annotated[str, typer.Option(help="Destination, ISO 3166-1 alpha-2, e.g. SY")],
    first_flight: Annotated[str, typer.Option(metavar="DATE", help="The first flight's date")],
    seats: Annotated[int, typer.Option(help="Seats per flight (an assumption you set)")],
    kind: Annotated[str, typer.Option(help="voluntary or forced")] = "voluntary",
    flights: Annotated[int, typer.Option(help="Flights per destination, at most")] = 1,
    every: Annotated[int, typer.Option(metavar="DAYS", help="Days between flights")] = 7,
    by: Annotated[str, typer.Option(help="One flight per region of return, or per country")] = (
        "region"
    ),
    summary: Annotated[
        bool, typer.Option("--summary", help="Counts only, through disclosure control; no ids")
    ] = False,
    as_of: Annotated[
        str | None, typer.Option("--as-of", metavar="DATE", help="Planning day. Default: today.")
    ] = None,
    output_format: FormatOption = OutputFormat.text,
) -> None:
    """Plan charter flights to a country for your team's return cases that are ready: a
    voluntary charter carries people on the voluntary or facilitated track, a forced charter
    only people the country's pack allows to be returned by force on the flight's date (never
    with an established real risk on return). Prints each flight's date, destination, seats and
    return case ids, the cases left waiting and why, and the assumptions the plan rests on.
    `--summary` prints counts only, through disclosure control."""
    if kind not in KINDS:
        fail(f"--kind: one of {', '.join(KINDS)}")
    if by not in ("region", "country"):
        fail("--by: one of region, country")
    today = parse_day(as_of, "--as-of")
    first = parse_day(first_flight, "--first-flight")
    request = CharterRequest(
        country=country,
        first_flight=first,
        seats=seats,
        kind=kind,
        flights=flights,
        every_days=every,
        by=by,  # type: ignore[arg-type]
    )
    url = database_url()
    require_current(url)
    with database_errors(url), session_factory(url)() as session:
        actor = _actor(session, username)
        try:
            plan = plan_charter(session, actor, request, today)
        except CharterRequestInvalid as exc:
            session.rollback()
            fail(f"{OPTION[exc.field]}: {exc.message}")
        except CaseworkError as exc:
            session.rollback()
            fail(exc.message)
        session.commit()  # the audit trail's records of the reading
    shown = summarise(plan) if summary else plan
    if output_format is OutputFormat.json:
        typer.echo(shown.model_dump_json(indent=2))
    elif isinstance(shown, CharterSummary):
        _print_summary(shown)
    else:
        _print_plan(shown)


def _print_plan(plan: CharterPlan) -> None:
    seats = f"{plan.seats} seats each"
    typer.echo(
        f"{plan.kind.capitalize()} charter to {plan.country}, planned on "
        f"{plan.planned_on.isoformat()}: {len(plan.flights)} flight(s), {seats}"
    )
    for f in plan.flights:
        where = f.region or f.country
        typer.echo(f"\nflight {f.date.isoformat()} to {where}: {f.booked} of {f.seats} seats")
        for i in f.return_case_ids:
            typer.echo(f"  {i}")
    typer.echo(f"\nwaiting: {len(plan.waiting)}")
    for w in plan.waiting:
        typer.echo(f"  {w.return_case_id}  {w.region}  {w.reason}: {w.detail}")
    _print_assumptions(plan.assumptions)


def _print_summary(s: CharterSummary) -> None:
    dates = ", ".join(d.isoformat() for d in s.dates)
    table = Table(
        title=f"{s.kind.capitalize()} charter to {s.country} on {dates}, {s.seats} seats per "
        f"flight (counts under {s.threshold} suppressed)"
    )
    table.add_column("destination")
    for c in s.columns:
        table.add_column(c, justify="right")
    for row in s.rows:
        table.add_row(
            row.destination, *("<10" if n is None else str(n) for n in row.counts.values())
        )
    Console(width=160).print(table)
    _print_assumptions(s.assumptions)


def _print_assumptions(assumptions: list[str]) -> None:
    typer.echo("\nassumptions (no source settles these):")
    for a in assumptions:
        typer.echo(f"  - {a}")


@charter_app.command("depart")
def depart_command(
    return_case_ids: Annotated[
        list[str], typer.Argument(metavar="RETURN_CASE_ID...", help="The cases that flew")
    ],
    username: AS,
    on: Annotated[
        str | None, typer.Option("--on", metavar="DATE", help="The flight's day. Default: today.")
    ] = None,
) -> None:
    """Record that these return cases departed on a charter: each moves to `departed` with that
    day and the route `charter` (a forced departure stays `forced`). All or nothing: one case
    that cannot depart records none."""
    day = parse_day(on, "--on")
    ids: list[uuid.UUID] = []
    for raw in return_case_ids:
        try:
            ids.append(uuid.UUID(raw))
        except ValueError:
            fail(f"RETURN_CASE_ID {raw!r} is not a return case id (a UUID)")
    url = database_url()
    require_current(url)
    with database_errors(url), session_factory(url)() as session:
        actor = _actor(session, username)
        routes: list[str] = []
        for i in ids:
            try:
                out = service.transition_return_case(
                    session, actor, i, "departed", day, charter=True
                )
            except CaseworkError as exc:
                session.rollback()
                fail(f"return case {i}: {exc.message}; nothing was recorded")
            routes.append(out.route or "")
        session.commit()
    forced = routes.count("forced")
    note = f" ({forced} forced, recorded as forced)" if forced else ""
    typer.echo(f"recorded {len(ids)} departure(s) on the charter of {day.isoformat()}{note}")
