"""`refuge db upgrade|status`, and the database checks every database command shares."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import NoReturn

import typer
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError

from refuge.cli.options import fail
from refuge.store.migrate import BrokenReferences, current_revision, head_revision, upgrade
from refuge.store.settings import database_url

db_app = typer.Typer(
    help="The database: bring it up to date, or see its revision. "
    "REFUGE_DATABASE_URL names it; the default is SQLite under REFUGE_HOME.",
    no_args_is_help=True,
)


def shown(url: str) -> str:
    """The URL as it may be printed: the password, if any, replaced by ***."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "<an unparsable URL>"


def _password(url: str) -> str | None:
    try:
        return make_url(url).password
    except ArgumentError:
        return None


def _unreachable(url: str, exc: Exception) -> NoReturn:
    orig = getattr(exc, "orig", None) or exc
    reason = " ".join(str(orig).split()).rstrip(".?! ")
    secret = _password(url)
    if secret:
        reason = reason.replace(secret, "***")
    fail(
        f"cannot use the database at {shown(url)} ({reason}); "
        "check REFUGE_DATABASE_URL and that the database server is running"
    )


@contextmanager
def database_errors(url: str) -> Iterator[None]:
    """Turn an unreachable or unusable database into `refuge: error: ...` and exit 2."""
    try:
        yield
    except NoSuchModuleError:
        fail(
            f"REFUGE_DATABASE_URL {shown(url)} names no database driver Refuge knows; "
            "use sqlite:///PATH or postgresql+psycopg://USER@HOST:PORT/DB"
        )
    except ArgumentError as exc:
        fail(f"REFUGE_DATABASE_URL is not a database URL ({exc})")
    except BrokenReferences as exc:
        fail(f"{shown(url)}: {exc}")
    except SQLAlchemyError as exc:
        _unreachable(url, exc)


def require_current(url: str) -> None:
    """Stop with a clear message unless the database is migrated to this version's head."""
    with database_errors(url):
        current = current_revision(url)
    head = head_revision()
    if current != head:
        found = f"at revision {current}" if current else "not set up"
        fail(
            f"the database at {shown(url)} is {found}; this Refuge needs {head}: "
            "run `refuge db upgrade`"
        )


@db_app.command("upgrade")
def upgrade_command() -> None:
    """Create or migrate the database to the newest schema; print its revision."""
    url = database_url()
    with database_errors(url):
        before = current_revision(url)
        upgrade(url)
        after = current_revision(url)
    change = "already up to date" if before == after else f"upgraded from {before or 'empty'}"
    typer.echo(f"{shown(url)}: revision {after} ({change})")


@db_app.command("status")
def status_command() -> None:
    """Print the database URL (without password) and its revision; exit 1 if it needs
    `refuge db upgrade`."""
    url = database_url()
    with database_errors(url):
        current = current_revision(url)
    head = head_revision()
    typer.echo(f"database: {shown(url)}")
    typer.echo(f"revision: {current or 'none (empty database)'}")
    typer.echo(f"newest:   {head}")
    if current != head:
        typer.echo("run `refuge db upgrade` to bring it up to date")
        raise typer.Exit(1)
    typer.echo("up to date")
