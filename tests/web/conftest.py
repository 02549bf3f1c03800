"""Fixtures of the web app's tests: a store with the demo accounts and their example cases, the
site (API and pages) on it, in-process or on a real loopback server, and signed-in clients."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import sessionmaker

from refuge.casework.demo.accounts import DemoAccount, ensure_demo_accounts
from refuge.store.engine import engine_for
from refuge.web.served import create_site


@pytest.fixture
def accounts(db_url: str, tmp_path: Path) -> dict[str, DemoAccount]:
    """The demo accounts by username without `demo-` (a role's name, and `publisher-2`), and
    the demo caseworker's four example cases."""
    with sessionmaker(engine_for(db_url))() as session:
        made = ensure_demo_accounts(session, tmp_path / "accounts.txt", datetime.now(UTC).date())
        session.commit()
    return {a.username.removeprefix("demo-"): a for a in made}


@pytest.fixture
def site(db_url: str, accounts: dict[str, DemoAccount]) -> FastAPI:
    return create_site(db_url)


@pytest.fixture
def browser_of(site: FastAPI) -> Iterator[TestClient]:
    with TestClient(site, base_url="https://testserver") as client:
        yield client
