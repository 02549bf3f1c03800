"""Engines and sessions. SQLite runs in WAL mode with foreign keys on; PostgreSQL as given, its
pooled connections checked before use once they have been idle a while."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeGuard

from sqlalchemy import Engine, create_engine, event, make_url
from sqlalchemy.exc import DisconnectionError
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
    engine = create_engine(url)
    _ping_after_idle(engine)
    return engine


# A pooled connection unused this long is pinged before it is handed out (decision 0023).
IDLE_BEFORE_PING = 2.0
_IDLE_SINCE = "refuge.idle_since"


def _ping_after_idle(engine: Engine) -> None:
    """Check a pooled connection with a ping only if it has been idle `IDLE_BEFORE_PING`
    seconds: one that lay in the pool across a database restart or a dropped link is replaced
    before a request uses it, while connections in steady use (under load) are not pinged at
    every checkout (a round trip per request). A connection that fails its ping is discarded
    and the pool connects again."""

    @event.listens_for(engine, "checkin")
    def _checked_in(_dbapi_connection: Any, record: Any) -> None:
        record.info[_IDLE_SINCE] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _checked_out(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        since = record.info.get(_IDLE_SINCE)
        if since is None or time.monotonic() - since < IDLE_BEFORE_PING:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except engine.dialect.loaded_dbapi.Error as error:
            raise DisconnectionError(str(error)) from error


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
