"""API fixtures: the app on the test database (SQLite and PostgreSQL), a client, and a small
world of teams and users of every role with their bearer tokens."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from api_helpers import World
from argon2 import PasswordHasher
from fastapi import FastAPI
from fastapi.testclient import TestClient

from refuge.accounts import passwords, service
from refuge.accounts.models import ROLES
from refuge.api.app import create_app
from refuge.store.engine import transaction


@pytest.fixture(autouse=True)
def _cheap_password_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """argon2id with the smallest parameters: the tests are about the API, not the hash cost."""
    monkeypatch.setattr(
        passwords, "_HASHER", PasswordHasher(time_cost=1, memory_cost=64, parallelism=1)
    )


@pytest.fixture
def world(db_url: str) -> World:
    w = World(db_url)
    with transaction(db_url) as s:
        for name in ("north", "south"):
            w.teams[name] = service.add_team(s, name, actor="test").id
    for role in ROLES:
        w.add_user(role, role, team="north" if role in ("caseworker", "supervisor") else None)
    w.add_user("south-caseworker", "caseworker", team="south")
    w.add_user("north-caseworker-2", "caseworker", team="north")
    return w


@pytest.fixture
def app(db_url: str) -> FastAPI:
    return create_app(db_url)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, base_url="https://testserver") as c:
        yield c


@pytest.fixture
def plain_server(db_url: str) -> Iterator[str]:
    """A live server on loopback over plain HTTP (session cookies not marked Secure)."""
    from live_server import live_server

    with live_server(create_app(db_url, secure_cookies=False)) as url:
        yield url
