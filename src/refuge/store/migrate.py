"""Run the Alembic migrations programmatically (`refuge db upgrade`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection

from refuge.store.engine import engine_for
from refuge.store.settings import database_url

MIGRATIONS = Path(__file__).parent / "migrations"


class BrokenReferences(RuntimeError):
    """Migrations on SQLite (run with foreign keys off) left rows referring to rows that do not
    exist; the upgrade stops before it commits."""


def broken_references(connection: Connection) -> set[tuple[Any, ...]]:
    """SQLite: each row that refers to a row that does not exist (table, rowid, parent, key)."""
    return {tuple(r) for r in connection.exec_driver_sql("PRAGMA foreign_key_check")}


def check_no_new_breaks(before: set[tuple[Any, ...]], after: set[tuple[Any, ...]]) -> None:
    """Stop if the migrations broke a reference. Rows that were broken before (written with
    foreign keys off by some other means) are left as they were: not the upgrade's to judge."""
    new = sorted(after - before, key=str)
    if new:
        table, rowid, parent, _ = new[0]
        raise BrokenReferences(
            f"the migrations left {len(new)} row(s) referring to rows that do not exist, the "
            f"first in table {table} (rowid {rowid}) to a row of {parent}; the database was not "
            "upgraded"
        )


def alembic_config(url: str | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", (url or database_url()).replace("%", "%%"))
    return config


def upgrade(url: str | None = None, revision: str = "head") -> None:
    """Bring the database at `url` to `revision` (default: the newest)."""
    command.upgrade(alembic_config(url), revision)


def current_revision(url: str | None = None) -> str | None:
    with engine_for(url or database_url()).connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()
