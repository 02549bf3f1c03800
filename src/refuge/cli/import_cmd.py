"""`refuge import cases FILE`: register many applications from a CSV, JSONL or Parquet file."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from sqlalchemy import select

from refuge.accounts.models import User
from refuge.casework.importer import BATCH_SIZE, Importer, ImportFileError, import_file
from refuge.cli.db_cmd import database_errors, require_current
from refuge.cli.options import BAD_INPUT, fail
from refuge.logging import configure
from refuge.store.engine import session_factory
from refuge.store.settings import database_url

import_app = typer.Typer(help="Bulk imports.", no_args_is_help=True)


def _importer(url: str, username: str | None) -> Importer:
    if username is None:
        return Importer(actor="cli")
    with session_factory(url)() as session:
        user = session.scalar(select(User).where(User.username == username))
    if user is None or not user.active:
        fail(f"--as {username!r}: there is no active user of that name; see `refuge users list`")
    return Importer(actor=f"cli:{user.username}", user_id=user.id)


class _Bar:
    """The progress bar, shown once the file is found valid and the writing starts."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.progress: Progress | None = None

    def start(self, rows: int) -> None:
        self.progress = Progress(
            TextColumn(f"importing {self.name}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=Console(stderr=True),
        )
        self.task = self.progress.add_task("import", total=rows)
        self.progress.start()

    def advance(self, rows: int) -> None:
        if self.progress is not None:
            self.progress.advance(self.task, rows)

    def stop(self) -> None:
        if self.progress is not None:
            self.progress.stop()
            self.progress = None


@import_app.command("cases")
def cases_command(
    file: Annotated[
        Path,
        typer.Argument(
            metavar="FILE.csv|.jsonl|.parquet",
            help="One application per row; see docs/cli.md for the columns.",
        ),
    ],
    username: Annotated[
        str | None,
        typer.Option(
            "--as",
            metavar="USERNAME",
            help="The user the import is recorded as (must exist); default: 'cli'.",
        ),
    ] = None,
    team: Annotated[
        str | None,
        typer.Option("--team", metavar="NAME", help="The team of rows that name none."),
    ] = None,
    batch_size: Annotated[
        int,
        typer.Option("--batch-size", min=1, max=10_000, help="Rows per transaction."),
    ] = BATCH_SIZE,
) -> None:
    """Register one application per row. A file with any invalid row imports nothing and lists
    every problem (exit 2). Rows are committed in batches; rows already imported (same
    import_key) are skipped, so after a crash simply run the same command again."""
    configure()
    url = database_url()
    require_current(url)
    with database_errors(url):
        importer = _importer(url, username)
        bar = _Bar(file.name)
        try:
            result = import_file(
                file,
                session_factory(url),
                importer,
                date.today(),
                batch_size=batch_size,
                default_team=team,
                on_start=bar.start,
                on_batch=bar.advance,
            )
        except ImportFileError as exc:
            bar.stop()
            for problem in exc.problems:
                typer.echo(str(problem), err=True)
            n = len(exc.problems)
            typer.echo(
                f"refuge: error: {file}: {n} problem{'s' * (n != 1)}; "
                "fix them and run the command again",
                err=True,
            )
            raise typer.Exit(BAD_INPUT) from None
        finally:
            bar.stop()
    typer.echo(
        f"{file}: {result.imported} imported, {result.skipped} already there, "
        f"{result.rows} rows in {result.batches} batches"
    )
