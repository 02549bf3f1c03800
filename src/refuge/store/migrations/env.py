"""Alembic environment: the URL comes from the config `refuge.store.migrate` builds.

On SQLite a migration that changes a table rebuilds it (create a copy, fill it, drop the old
table, rename the copy). With foreign keys on, dropping a table that other rows refer to
fails, so a store with data could not be upgraded: foreign keys are off while the migrations
run (SQLite's own advice for such changes), every reference is checked before they start and
again before the work is committed (`PRAGMA foreign_key_check`: a broken one stops the upgrade;
found before, nothing is changed), and foreign keys are on again afterwards for every later
use of the connection.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from refuge.store.engine import engine_for
from refuge.store.migrate import BrokenReferences
from refuge.store.models import Base

config = context.config
url = config.get_main_option("sqlalchemy.url")
assert url is not None


def _check_references(connection: Connection, when: str) -> None:
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if broken:
        table, rowid, parent, _ = broken[0]
        raise BrokenReferences(
            f"{when}: {len(broken)} row(s) refer to rows that do not exist, the first in table "
            f"{table} (rowid {rowid}) to a row of {parent}; the database was not upgraded"
        )


with engine_for(url).connect() as connection:
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:  # outside any transaction, where SQLite honours it
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
    try:
        if sqlite:
            _check_references(connection, "before the migrations")
        context.configure(
            connection=connection,
            target_metadata=Base.metadata,
            render_as_batch=sqlite,
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
            if sqlite:
                _check_references(connection, "after the migrations")
        connection.commit()
    finally:
        if sqlite:
            connection.rollback()
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")
