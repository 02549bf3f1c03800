"""Alembic environment: the URL comes from the config `refuge.store.migrate` builds.

On SQLite a migration that changes a table rebuilds it (create a copy, fill it, drop the old
table, rename the copy). With foreign keys on, dropping a table that other rows refer to
fails, so a store with data could not be upgraded: foreign keys are off while the migrations
run (SQLite's own advice for such changes), the references are checked before they start and
again before the work is committed (`PRAGMA foreign_key_check`: a reference the migrations
broke stops the upgrade), and foreign keys are on again afterwards for every later use of the
connection.
"""

from __future__ import annotations

from alembic import context

from refuge.store.engine import engine_for
from refuge.store.migrate import broken_references, check_no_new_breaks
from refuge.store.models import Base

config = context.config
url = config.get_main_option("sqlalchemy.url")
assert url is not None


with engine_for(url).connect() as connection:
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:  # outside any transaction, where SQLite honours it
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
    try:
        before = broken_references(connection) if sqlite else set()
        context.configure(
            connection=connection,
            target_metadata=Base.metadata,
            render_as_batch=sqlite,
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
            if sqlite:
                check_no_new_breaks(before, broken_references(connection))
        connection.commit()
    finally:
        if sqlite:
            connection.rollback()
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")
