"""Idempotency-Key under concurrency, against a real server (uvicorn on a free loopback port,
real threads released together by a barrier), on SQLite and PostgreSQL: every one of N identical
requests with one key gets the 201 or a replay of that same 201, and exactly one application is
created; a request with the same key and another body gets 422."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from api_helpers import World, application_body
from fastapi import FastAPI
from sqlalchemy import func, select, update

from live_server import live_server
from refuge.api import idempotency
from refuge.casework.models import Application
from refuge.casework.schemas import ApplicationCreate
from refuge.store.engine import transaction
from refuge.store.idempotency_keys import IdempotencyKey

N = 8
ROUNDS = 3


@pytest.fixture
def server(app: FastAPI) -> Iterator[str]:
    with live_server(app) as url:
        yield url


def _count(url: str) -> int:
    with transaction(url) as s:
        return s.scalar(select(func.count()).select_from(Application)) or 0


def _together(
    server: str, headers: dict[str, str], bodies: list[dict[str, Any]]
) -> list[httpx.Response]:
    """POST every body at the same moment, one thread and one connection each."""
    barrier = threading.Barrier(len(bodies))
    results: list[httpx.Response | None] = [None] * len(bodies)

    def post(i: int) -> None:
        with httpx.Client(base_url=server, headers=headers, timeout=30) as c:
            barrier.wait()
            results[i] = c.post("/api/v1/applications", json=bodies[i])

    threads = [threading.Thread(target=post, args=(i,)) for i in range(len(bodies))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert all(r is not None for r in results), "a request did not finish"
    return [r for r in results if r is not None]


def test_concurrent_identical_requests_get_one_201_and_replays(server: str, world: World) -> None:
    for round_ in range(ROUNDS):
        headers = {**world.auth("caseworker"), "Idempotency-Key": f"same-{round_}"}
        body = application_body(v_number=f"100000000{round_}")
        responses = _together(server, headers, [body] * N)
        assert [r.status_code for r in responses] == [201] * N, [r.text for r in responses]
        first = [r for r in responses if "idempotent-replayed" not in r.headers]
        replays = [r for r in responses if "idempotent-replayed" in r.headers]
        assert len(first) == 1 and len(replays) == N - 1
        for r in replays:
            assert r.headers["idempotent-replayed"] == "true"
            assert r.json() == first[0].json()
            assert r.headers["location"] == first[0].headers["location"]
            assert r.headers["etag"] == first[0].headers["etag"]
        assert _count(world.url) == round_ + 1


def test_concurrent_request_with_another_body_gets_422(server: str, world: World) -> None:
    headers = {**world.auth("caseworker"), "Idempotency-Key": "mixed"}
    a = application_body(v_number="2000000001")
    b = application_body(v_number="2000000002")
    responses = _together(server, headers, [a, b] * (N // 2))
    by_body: dict[str, list[int]] = {"a": [], "b": []}
    for i, r in enumerate(responses):
        by_body["a" if i % 2 == 0 else "b"].append(r.status_code)
    winner = "a" if by_body["a"][0] == 201 else "b"
    loser = "b" if winner == "a" else "a"
    assert by_body[winner] == [201] * (N // 2), [r.text for r in responses]
    assert by_body[loser] == [422] * (N // 2), [r.text for r in responses]
    refused = [r for r in responses if r.status_code == 422]
    assert all(r.json()["code"] == "idempotency-key-reused" for r in refused)
    assert _count(world.url) == 1


def _claim(world: World, key: str, body: dict[str, Any], now: datetime) -> None:
    """A claim another request took and has not finished (nor released)."""
    parsed = ApplicationCreate.model_validate(body).model_dump_json().encode()
    digest = idempotency.request_digest("POST /api/v1/applications", parsed)
    with transaction(world.url) as s:
        got = idempotency.claim(
            s, world.ids["caseworker"], key, "POST /api/v1/applications", digest, now
        )
    assert isinstance(got, idempotency.Claim)


def test_an_unfinished_claim_answers_409_with_retry_after(
    server: str, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(idempotency, "WAIT", 0.3)
    body = application_body()
    _claim(world, "busy", body, datetime.now(UTC))
    headers = {**world.auth("caseworker"), "Idempotency-Key": "busy"}
    with httpx.Client(base_url=server, headers=headers) as c:
        busy = c.post("/api/v1/applications", json=body)
        other = c.post("/api/v1/applications", json=application_body(minor=True))
    assert busy.status_code == 409, busy.text
    assert busy.headers["content-type"] == "application/problem+json"
    assert busy.json()["code"] == "idempotency-key-in-progress"
    assert int(busy.headers["retry-after"]) >= 1
    assert other.status_code == 422  # another body is refused at once, in progress or not
    assert _count(world.url) == 0


def test_an_abandoned_claim_is_taken_over(server: str, world: World) -> None:
    body = application_body()
    _claim(
        world,
        "abandoned",
        body,
        datetime.now(UTC) - idempotency.CLAIM_TIMEOUT - timedelta(seconds=1),
    )
    headers = {**world.auth("caseworker"), "Idempotency-Key": "abandoned"}
    with httpx.Client(base_url=server, headers=headers) as c:
        first = c.post("/api/v1/applications", json=body)
        again = c.post("/api/v1/applications", json=body)
    assert first.status_code == again.status_code == 201, first.text
    assert again.headers["idempotent-replayed"] == "true"
    assert _count(world.url) == 1


def test_a_failed_create_releases_the_claim(server: str, world: World) -> None:
    headers = {**world.auth("caseworker"), "Idempotency-Key": "fails"}
    bad = application_body(application_date="2999-01-01")
    with httpx.Client(base_url=server, headers=headers) as c:
        assert c.post("/api/v1/applications", json=bad).status_code == 400
        assert c.post("/api/v1/applications", json=bad).status_code == 400  # runs again
        good = c.post("/api/v1/applications", json=application_body())
    assert good.status_code == 201
    with transaction(world.url) as s:
        assert s.scalar(select(func.count()).select_from(IdempotencyKey)) == 1


def test_a_replay_after_expiry_creates_again(server: str, world: World) -> None:
    headers = {**world.auth("caseworker"), "Idempotency-Key": "old"}
    with httpx.Client(base_url=server, headers=headers) as c:
        first = c.post("/api/v1/applications", json=application_body())
        with transaction(world.url) as s:
            s.execute(
                update(IdempotencyKey).values(expires_at=datetime.now(UTC) - timedelta(seconds=1))
            )
        second = c.post("/api/v1/applications", json=application_body())
    assert first.status_code == second.status_code == 201
    assert "idempotent-replayed" not in second.headers
    assert first.json()["id"] != second.json()["id"]
