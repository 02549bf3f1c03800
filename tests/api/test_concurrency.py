"""Two clients update one case at the same moment, against a real server (uvicorn on a free
loopback port, real threads): one wins, the other gets 412; nothing is silently overwritten."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import httpx
import pytest
from api_helpers import World, application_body
from fastapi import FastAPI

from live_server import live_server

ROUNDS = 5


@pytest.fixture
def server(app: FastAPI) -> Iterator[str]:
    with live_server(app) as url:
        yield url


def _race(
    server: str, auth: dict[str, str], url: str, etag: str, risks: tuple[int, int]
) -> dict[int, httpx.Response]:
    """Send two PATCHes with the same If-Match, released together by a barrier."""
    barrier = threading.Barrier(2)
    results: dict[int, httpx.Response] = {}

    def update(risk: int) -> None:
        with httpx.Client(base_url=server, headers=auth) as c:
            barrier.wait()
            results[risk] = c.patch(
                url, json={"individual_risk_indicators": risk}, headers={"If-Match": etag}
            )

    threads = [threading.Thread(target=update, args=(risk,)) for risk in risks]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return results


def test_concurrent_updates_one_wins_the_other_gets_412(server: str, world: World) -> None:
    auth = world.auth("caseworker")
    with httpx.Client(base_url=server, headers=auth) as setup:
        created = setup.post("/api/v1/applications", json=application_body())
        assert created.status_code == 201, created.text
        url = created.headers["location"]
        for round_ in range(ROUNDS):
            etag = setup.get(url, headers={"Purpose": "test"}).headers["etag"]
            results = _race(server, auth, url, etag, (10 * round_ + 1, 10 * round_ + 2))
            statuses = sorted(r.status_code for r in results.values())
            assert statuses == [200, 412], [r.text for r in results.values()]
            loser = next(r for r in results.values() if r.status_code == 412)
            assert loser.headers["content-type"] == "application/problem+json"
            winner = next(risk for risk, r in results.items() if r.status_code == 200)
            now = setup.get(url, headers={"Purpose": "test"}).json()
            assert now["individual_risk_indicators"] == winner
