"""Shared fixtures. Database tests run against both SQLite and PostgreSQL.

PostgreSQL is the server at REFUGE_TEST_POSTGRES_URL (default 127.0.0.1:5432, database `test`,
trust auth); each test gets a schema of its own, dropped afterwards. Where the server does not
answer the PostgreSQL half is skipped — unless REFUGE_REQUIRE_POSTGRES=1 (CI), then it fails.
"""

from __future__ import annotations

import base64
import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from refuge.store.engine import engine_for
from refuge.store.migrate import upgrade

POSTGRES = os.environ.get(
    "REFUGE_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
TEST_KEY = base64.b64encode(b"k" * 32).decode()


@pytest.fixture(autouse=True)
def _isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every test has its own REFUGE_HOME and a fixed test key; nothing touches ~/.refuge."""
    monkeypatch.setenv("REFUGE_HOME", str(tmp_path_factory.mktemp("refuge-home")))
    monkeypatch.setenv("REFUGE_SECRET_KEY", TEST_KEY)
    monkeypatch.delenv("REFUGE_DATABASE_URL", raising=False)


def _postgres_available() -> bool:
    try:
        with create_engine(POSTGRES).connect():
            return True
    except OperationalError:
        return False


@pytest.fixture(scope="session")
def postgres_ready() -> bool:
    ok = _postgres_available()
    if not ok and os.environ.get("REFUGE_REQUIRE_POSTGRES") == "1":
        pytest.fail(f"PostgreSQL is required but does not answer at {POSTGRES}")
    return ok


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_url(
    request: pytest.FixtureRequest, tmp_path: Path, postgres_ready: bool
) -> Iterator[str]:
    """A database with nothing in it: SQLite in a file, or a fresh PostgreSQL schema."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'refuge.db'}"
        yield url
        engine_for(url).dispose()
        return
    if not postgres_ready:
        pytest.skip(f"PostgreSQL does not answer at {POSTGRES}")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = f"{POSTGRES}?options=-csearch_path%3D{schema}"
    try:
        yield url
    finally:
        engine_for(url).dispose()
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def db_url(empty_url: str) -> str:
    """A migrated, empty database: SQLite in a file, or a fresh PostgreSQL schema."""
    upgrade(empty_url)
    return empty_url


@pytest.fixture
def session(db_url: str) -> Iterator[Session]:
    with sessionmaker(engine_for(db_url), expire_on_commit=False)() as s:
        yield s


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    """A local Spark session (two threads, no UI); its start takes about 15 seconds."""
    pytest.importorskip("pyspark", reason="pyspark is not installed (extra [spark])")
    from pyspark.sql import SparkSession

    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    session = (
        SparkSession.builder.master("local[2]")
        .appName("refuge-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()
