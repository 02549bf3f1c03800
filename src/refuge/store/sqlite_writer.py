"""One SQLite writer at a time across every process, going on as soon as the writer before it
ends (decision 0022).

SQLite lets one connection write at a time; a second one waits in SQLite's busy handler, which
polls with growing sleeps (1, 2, 5, 10, 15, 20, 25 ms ...), so under load a writer often sleeps
well past the moment the lock came free: the tail of every audited request. Here a connection
takes an exclusive `flock` on a file beside the database before its first write of a
transaction and gives it up when the transaction ends; a waiter tries again every 0.2-1 ms, up
to the connection's busy timeout (then `database is locked`, as SQLite would say). The busy
timeout also stays SQLite's, for anything written by other means (a migration, another tool).
"""

from __future__ import annotations

import fcntl
import os
import sqlite3
import time
from typing import Any

_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


class _WriterLock:
    """An exclusive lock on `<database>.writer`, one file descriptor per connection (flock
    locks belong to the open file, so connections of one process exclude each other too)."""

    def __init__(self, database: str, timeout: float) -> None:
        self._fd = os.open(database + ".writer", os.O_RDWR | os.O_CREAT, 0o600)
        self.timeout = timeout
        self.held = False

    def take(self) -> None:
        """Wait for the lock, up to the busy timeout. Not a blocking flock: a transaction may
        end in another thread than the one that began it (a web framework closing a request's
        session), and a thread waiting for a lock its own unfinished transaction holds must
        get an error in the end, not hang."""
        if self.held:
            return
        deadline = time.monotonic() + self.timeout
        pause = 0.0002
        while True:
            try:
                fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise sqlite3.OperationalError("database is locked") from None
                time.sleep(pause)
                pause = min(pause * 2, 0.001)
        self.held = True

    def give_up(self) -> None:
        if self.held:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            self.held = False

    def close(self) -> None:
        self.give_up()
        os.close(self._fd)


class WriterCursor(sqlite3.Cursor):
    def execute(self, sql: str, parameters: Any = (), /) -> WriterCursor:
        _before(self.connection, sql)
        try:
            return super().execute(sql, parameters)
        finally:
            _after(self.connection)

    def executemany(self, sql: str, seq_of_parameters: Any, /) -> WriterCursor:
        _before(self.connection, sql)
        try:
            return super().executemany(sql, seq_of_parameters)
        finally:
            _after(self.connection)


class WriterConnection(sqlite3.Connection):
    """A sqlite3 connection that takes the writer lock before it writes (pass it as the
    `factory` of `sqlite3.connect`; the database file must be a path)."""

    def __init__(self, database: str, *args: Any, **kwargs: Any) -> None:
        super().__init__(database, *args, **kwargs)
        timeout = float(args[0]) if args else float(kwargs.get("timeout", 5.0))
        self.writer = _WriterLock(str(database), timeout)

    def cursor(self, factory: Any = WriterCursor) -> Any:
        return super().cursor(factory)

    def execute(self, sql: str, parameters: Any = (), /) -> Any:
        return self.cursor().execute(sql, parameters)

    def executemany(self, sql: str, seq_of_parameters: Any, /) -> Any:
        return self.cursor().executemany(sql, seq_of_parameters)

    def commit(self) -> None:
        try:
            super().commit()
        finally:
            self._ended()

    def rollback(self) -> None:
        try:
            super().rollback()
        finally:
            self._ended()

    def close(self) -> None:
        try:
            super().close()
        finally:
            self.writer.close()

    def _ended(self) -> None:
        if not self.in_transaction:
            self.writer.give_up()


def _before(connection: sqlite3.Connection, sql: str) -> None:
    if isinstance(connection, WriterConnection) and sql.lstrip()[:7].upper().startswith(_WRITES):
        connection.writer.take()


def _after(connection: sqlite3.Connection) -> None:
    """A write outside a transaction (autocommit) has ended with its statement."""
    if isinstance(connection, WriterConnection):
        connection._ended()
