"""Helpers of the API tests: request bodies and common calls."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx
from fastapi.testclient import TestClient

from refuge.accounts import service, tokens
from refuge.store.engine import transaction

PASSWORD = "correct horse battery staple"


@dataclass
class World:
    url: str
    tokens: dict[str, str] = field(default_factory=dict)  # username -> token
    ids: dict[str, uuid.UUID] = field(default_factory=dict)  # username -> user id
    teams: dict[str, uuid.UUID] = field(default_factory=dict)

    def add_user(self, username: str, role: str, team: str | None = "north") -> str:
        with transaction(self.url) as s:
            user = service.add_user(s, username, PASSWORD, role, actor="test", team=team)
            _, token = tokens.issue(s, user)
            self.ids[username] = user.id
        self.tokens[username] = token
        return token

    def auth(self, username: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[username]}"}


def application_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "v_number": "1234567890",
        "nationality": "SY",
        "region_of_origin": "SY-DI",
        "application_date": "2025-03-01",
        "grounds": ["sexual_orientation"],
        "risk_profiles": ["lgbtiq"],
        "credibility": "credible",
    }
    body.update(overrides)
    return body


def register(client: TestClient, world: Any, username: str = "caseworker", **kw: Any) -> Any:
    response = client.post(
        "/api/v1/applications", json=application_body(**kw), headers=world.auth(username)
    )
    assert response.status_code == 201, response.text
    return response.json()


def http_client(
    server: str, world: World | None = None, username: str | None = None
) -> httpx.Client:
    """A real HTTP client for a live server, with `username`'s bearer token if given."""
    headers = world.auth(username) if world and username else {}
    return httpx.Client(base_url=server, headers=headers, timeout=10)


@contextmanager
def signed_in(server: str, username: str) -> Iterator[httpx.Client]:
    """A client with the session cookie of a password sign-in."""
    with http_client(server) as http:
        body = {"username": username, "password": PASSWORD}
        response = http.post("/api/v1/sessions", json=body)
        assert response.status_code == 201, response.text
        yield http
