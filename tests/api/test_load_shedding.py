"""Overload (issue 7, section 2): past REFUGE_MAX_IN_FLIGHT requests in progress, a worker
answers `503 overloaded` with Retry-After at once, instead of queueing without bound; once the
requests in progress finish, it serves again. Through a real uvicorn server over TCP: the held
requests are POSTs whose chunked body never ends, so they stay in progress as long as we like."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from contextlib import ExitStack
from urllib.parse import urlsplit

import httpx
import pytest
from api_helpers import World, application_body, register
from fastapi.testclient import TestClient
from test_error_shape import assert_problem

from live_server import live_server
from refuge.api.app import create_app
from refuge.api.load_shedding import ENV

LIMIT = 2


@pytest.fixture
def server(db_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv(ENV, str(LIMIT))
    with live_server(create_app(db_url)) as url:
        yield url


def _hold(url: str, token: str) -> socket.socket:
    """A request that stays in progress: its headers and the first chunk of a body that never
    ends."""
    parts = urlsplit(url)
    sock = socket.create_connection((parts.hostname, parts.port), timeout=30)
    sock.sendall(
        (
            "POST /api/v1/applications HTTP/1.1\r\n"
            f"Host: {parts.hostname}\r\n"
            f"Authorization: Bearer {token}\r\n"
            "Content-Type: application/json\r\n"
            "Transfer-Encoding: chunked\r\n\r\n"
            "1\r\n{\r\n"
        ).encode()
    )
    return sock


def _read(url: str, token: str, application_id: str) -> httpx.Response:
    return httpx.get(
        f"{url}/api/v1/applications/{application_id}",
        headers={"Authorization": f"Bearer {token}", "Purpose": "load shedding test"},
        timeout=10,
    )


def _until(check: object, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while not check():  # type: ignore[operator]
        assert time.monotonic() < deadline, "the server did not get there in time"
        time.sleep(0.05)


def test_past_the_limit_requests_are_refused_at_once_and_served_again_after(
    server: str, world: World, client: TestClient
) -> None:
    token = world.tokens["caseworker"]
    application_id = register(client, world)["id"]
    assert _read(server, token, application_id).status_code == 200

    with ExitStack() as held:
        for _ in range(LIMIT):
            held.enter_context(_hold(server, token))
        # the held requests reach the app a moment after their headers are sent
        _until(lambda: _read(server, token, application_id).status_code == 503)
        started = time.monotonic()
        refused = _read(server, token, application_id)
        waited = time.monotonic() - started

        assert_problem(refused, 503, "overloaded")
        assert refused.headers["Retry-After"] == "1"
        assert str(LIMIT) in refused.json()["detail"]
        assert "Cache-Control" in refused.headers  # the same headers as every other answer
        assert waited < 5  # answered while the held requests are still in progress, not queued

    # the held requests ended with their connections; the worker takes requests again
    _until(lambda: _read(server, token, application_id).status_code == 200)


def test_a_refused_request_changes_nothing(server: str, world: World, client: TestClient) -> None:
    token = world.tokens["caseworker"]
    application_id = register(client, world)["id"]
    before = client.get("/api/v1/applications", headers=world.auth("caseworker")).json()["total"]
    with ExitStack() as held:
        for _ in range(LIMIT):
            held.enter_context(_hold(server, token))
        _until(lambda: _read(server, token, application_id).status_code == 503)
        answer = httpx.post(
            f"{server}/api/v1/applications",
            json=application_body(v_number="5550001111"),
            headers={"Authorization": f"Bearer {token}"},
            timeout=10,
        )
        assert_problem(answer, 503, "overloaded")
        after = client.get("/api/v1/applications", headers=world.auth("caseworker")).json()
        assert after["total"] == before
