"""Engines and sessions. SQLite runs in WAL mode with foreign keys on; PostgreSQL as given."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeGuard

from sqlalchemy import Engine, create_engine, event, make_url
from sqlalchemy.orm import Session, sessionmaker

from refuge.store.settings import database_url
from refuge.store.sqlite_writer import WriterConnection


def make_engine(url: str | None = None) -> Engine:
    url = url or database_url()
    if url.startswith("sqlite"):
        connect_args: dict[str, Any] = {"timeout": 30}
        if _database_file(make_url(url).database):  # one writer at a time (decision 0022)
            connect_args["factory"] = WriterConnection
        engine = create_engine(url, connect_args=connect_args)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()
            _owner_only(engine.url.database)

        return engine
    return create_engine(url, pool_pre_ping=True)


def _database_file(database: str | None) -> TypeGuard[str]:
    """Whether a SQLite URL's database is a file path (not in memory, not a `file:` URI)."""
    return bool(database) and database != ":memory:" and not str(database).startswith("file:")


def _owner_only(database: str | None) -> None:
    """The SQLite file and its WAL files readable by their owner only (SQLite gives new WAL
    files the database file's mode)."""
    if not _database_file(database):
        return
    for suffix in ("", "-wal", "-shm"):
        path = Path(database + suffix)
        if path.exists() and path.stat().st_mode & 0o077:
            path.chmod(0o600)


@lru_cache(maxsize=8)
def engine_for(url: str) -> Engine:
    """One engine per URL for the life of the process."""
    return make_engine(url)


def session_factory(url: str | None = None) -> sessionmaker[Session]:
    return sessionmaker(engine_for(url or database_url()), expire_on_commit=False)


@contextmanager
def transaction(url: str | None = None) -> Iterator[Session]:
    """A session whose work is committed together, or rolled back on any error."""
    with session_factory(url)() as session, session.begin():
        yield session
