"""`refuge deadlines [--overdue] [--caseworker NAME] [--as-of DATE]`: decision periods of the
open applications, with days left counted across any decision moratorium."""

from __future__ import annotations

import uuid
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy import select

from refuge.accounts.models import User
from refuge.casework.deadlines import APR
from refuge.casework.periods import deadline_list
from refuge.casework.schemas import DeadlineStatus
from refuge.cli.db_cmd import database_errors, require_current
from refuge.cli.options import fail, parse_day
from refuge.store.engine import session_factory
from refuge.store.settings import database_url

APR_SHORT = "art. 35 APR"
APR_CAPTION = (
    f"{APR_SHORT}: {APR.legal_basis} (lodged from 12 June 2026): due within 21 months of "
    "lodging in any event"
)


def _note(s: DeadlineStatus) -> str:
    notes = []
    if s.overdue:
        notes.append("[bold red]OVERDUE[/]")
    if s.clock_stopped:
        notes.append("[yellow]clock stopped (moratorium)[/]")
    if s.beyond_outer_limit:
        notes.append("[red]past the 21-month limit[/]")
    if s.held_at_outer_limit:
        notes.append("[red]held at the 21-month limit[/]")
    return ", ".join(notes)


def _law(s: DeadlineStatus) -> str:
    """The regime, short enough for the table (the API's `legal_basis` is the full name)."""
    return APR_SHORT if s.legal_basis == APR.legal_basis else s.legal_basis


def deadlines_command(
    overdue: Annotated[
        bool, typer.Option("--overdue", help="Only applications past their due date.")
    ] = False,
    caseworker: Annotated[
        str | None,
        typer.Option("--caseworker", metavar="USERNAME", help="Only this caseworker's cases."),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of", metavar="DATE", help="Count days left on this date. Default: today."
        ),
    ] = None,
) -> None:
    """List open applications with their due date and the days left, under the law of the
    application date (art. 42 Vw before 12 June 2026, art. 35 Regulation (EU) 2024/1348 from
    then); a decision moratorium in the country's policy pack stops the clock, and from 12 June
    2026 never past 21 months from lodging."""
    today = parse_day(as_of, "--as-of")
    url = database_url()
    require_current(url)
    with database_errors(url), session_factory(url)() as session:
        names = {u.id: u.username for u in session.scalars(select(User))}
        caseworker_id: uuid.UUID | None = None
        if caseworker is not None:
            found = [i for i, n in names.items() if n == caseworker]
            if not found:
                fail(f"there is no user {caseworker!r}; `refuge users list` shows who there is")
            caseworker_id = found[0]
        rows = deadline_list(session, today, caseworker_id)
    if overdue:
        rows = [r for r in rows if r.overdue]
    what = "overdue applications" if overdue else "open applications"
    table = Table(title=f"{len(rows)} {what} on {today.isoformat()}")
    for col in ("application", "caseworker", "state", "applied", "due on", "days left"):
        table.add_column(col, justify="right" if col == "days left" else "left")
    table.add_column("paused days", justify="right")
    table.add_column("law")
    table.add_column("note")
    for r in rows:
        table.add_row(
            str(r.application_id)[:8],
            names.get(r.caseworker_id, "-") if r.caseworker_id else "-",
            r.state,
            r.application_date.isoformat(),
            r.due_on.isoformat() if r.due_on else "stopped",
            "-" if r.days_left is None else str(r.days_left),
            str(r.days_paused),
            _law(r),
            _note(r),
        )
    if any(r.legal_basis == APR.legal_basis for r in rows):
        table.caption = APR_CAPTION
    Console(width=140).print(table)
