"""One SQLite writer at a time across connections and processes (decision 0022): every write
lands, a waiting writer goes on once the one before it ends (commit, rollback or a statement
outside a transaction, in whatever thread), and one that waits past the busy timeout is told
the database is locked instead of hanging."""

from __future__ import annotations

import multiprocessing
import sqlite3
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from refuge.store.engine import make_engine
from refuge.store.sqlite_writer import WriterConnection


def _connect(path: Path) -> WriterConnection:
    return sqlite3.connect(path, timeout=30, factory=WriterConnection)  # type: ignore[return-value]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "w.db"
    with _connect(path) as conn:
        conn.execute("CREATE TABLE t (n INTEGER)")
        conn.execute("PRAGMA journal_mode=WAL")
    return path


def _write_many(path: str, start: int, count: int) -> None:
    conn = _connect(Path(path))
    for n in range(start, start + count):
        conn.execute("INSERT INTO t VALUES (?)", (n,))
        conn.execute("UPDATE t SET n = n WHERE n = ?", (n,))
        conn.commit()
    conn.close()


def test_writers_in_several_processes_all_land(db: Path) -> None:
    ctx = multiprocessing.get_context("spawn")
    workers = [ctx.Process(target=_write_many, args=(str(db), i * 1000, 200)) for i in range(3)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(60)
        assert w.exitcode == 0
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(DISTINCT n) FROM t").fetchone() == (600,)


def test_a_waiting_writer_goes_on_when_the_first_commits_or_rolls_back(db: Path) -> None:
    first = _connect(db)
    first.execute("INSERT INTO t VALUES (1)")
    assert first.writer.held
    done = threading.Event()
    held_after: list[bool] = []

    def write() -> None:
        second = _connect(db)  # a connection belongs to its thread
        second.execute("INSERT INTO t VALUES (2)")
        second.commit()
        held_after.append(second.writer.held)
        done.set()

    waiter = threading.Thread(target=write)
    waiter.start()
    time.sleep(0.2)
    assert not done.is_set()  # waits for the first writer
    first.rollback()
    assert done.wait(5)
    waiter.join()
    assert not first.writer.held and held_after == [False]
    rows = sqlite3.connect(db).execute("SELECT n FROM t").fetchall()
    assert rows == [(2,)]


def test_a_write_outside_a_transaction_gives_the_lock_back(db: Path) -> None:
    conn = _connect(db)
    conn.isolation_level = None  # autocommit: the statement is its own transaction
    conn.execute("INSERT INTO t VALUES (3)")
    assert not conn.writer.held


def test_a_writer_that_waits_too_long_is_told_the_database_is_locked(db: Path) -> None:
    """Up to the busy timeout, as SQLite would; never a wait without end (a thread waiting for
    a lock its own unfinished transaction holds)."""
    first = _connect(db)
    second: WriterConnection = sqlite3.connect(  # type: ignore[assignment]
        db, timeout=0.3, factory=WriterConnection
    )
    first.execute("INSERT INTO t VALUES (1)")
    started = time.monotonic()
    with pytest.raises(sqlite3.OperationalError, match="database is locked"):
        second.execute("INSERT INTO t VALUES (2)")
    assert 0.25 < time.monotonic() - started < 5
    first.commit()
    second.execute("INSERT INTO t VALUES (2)")  # free again
    second.commit()


def test_the_engine_uses_it_for_a_database_file_and_keeps_the_file_private(
    tmp_path: Path,
) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'e.db'}")
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE t (n INTEGER)"))
        conn.execute(text("INSERT INTO t VALUES (1)"))
        assert isinstance(conn.connection.dbapi_connection, WriterConnection)
    assert (tmp_path / "e.db.writer").stat().st_mode & 0o077 == 0
    memory = make_engine("sqlite://")
    with memory.connect() as conn:
        assert not isinstance(conn.connection.dbapi_connection, WriterConnection)


def test_a_transaction_ended_in_another_thread_frees_this_one(db: Path) -> None:
    """A web framework may close a request's session in a worker thread: the thread that
    wrote may then write again through another connection."""
    first = sqlite3.connect(db, timeout=30, factory=WriterConnection, check_same_thread=False)
    first.execute("INSERT INTO t VALUES (1)")
    ender = threading.Thread(target=first.rollback)
    ender.start()
    ender.join()
    second = _connect(db)
    second.execute("INSERT INTO t VALUES (2)")
    second.commit()
    assert sqlite3.connect(db).execute("SELECT n FROM t").fetchall() == [(2,)]
