"""Run the Alembic migrations programmatically (`refuge db upgrade`)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from refuge.store.engine import engine_for
from refuge.store.settings import database_url

MIGRATIONS = Path(__file__).parent / "migrations"


class BrokenReferences(RuntimeError):
    """A SQLite store holds rows that refer to rows that do not exist (found by the migration
    environment before or after the migrations run); the upgrade stops."""


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
