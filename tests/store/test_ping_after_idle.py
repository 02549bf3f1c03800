"""A pooled PostgreSQL connection that died while it lay idle in the pool (a database restart, a
dropped link) is replaced before a request uses it (decision 0023), so the request succeeds."""

from __future__ import annotations

import os

import pytest
from sqlalchemy import create_engine, text

from refuge.store import engine as engines

POSTGRES = os.environ.get(
    "REFUGE_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


def _backend_pid(engine: engines.Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(text("SELECT pg_backend_pid()")).scalar_one())


def test_a_connection_killed_while_idle_is_replaced_before_use(
    postgres_ready: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not postgres_ready:
        pytest.skip(f"PostgreSQL does not answer at {POSTGRES}")
    monkeypatch.setattr(engines, "IDLE_BEFORE_PING", 0.0)  # idle long enough at once
    engine = engines.make_engine(POSTGRES)
    admin = create_engine(POSTGRES)
    try:
        first = _backend_pid(engine)  # the connection now lies in the pool
        with admin.connect() as conn:
            conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": first})
        second = _backend_pid(engine)
        assert second != first
        assert engine.pool.checkedout() == 0
    finally:
        engine.dispose()
        admin.dispose()


def test_a_connection_in_steady_use_is_handed_out_as_it_is(
    postgres_ready: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Within the idle time the pool hands the same connection out again: under load no ping
    is sent (and a connection that died just then fails that one request, not the pool)."""
    if not postgres_ready:
        pytest.skip(f"PostgreSQL does not answer at {POSTGRES}")
    monkeypatch.setattr(engines, "IDLE_BEFORE_PING", 3600.0)
    engine = engines.make_engine(POSTGRES)
    pings: list[str] = []
    original = engine.dialect.do_ping
    monkeypatch.setattr(engine.dialect, "do_ping", lambda c: pings.append("ping") or original(c))
    try:
        assert _backend_pid(engine) == _backend_pid(engine)
        assert pings == []
    finally:
        engine.dispose()
