"""Opening a return case through the API (issue 7, defect 5): only on an application whose
rejection is in effect, never on a grant in effect or an application still in the written-view
stage, and at most one open return case per person — also for two requests at the same moment
(a real server, real threads)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import httpx
import pytest
from api_helpers import World, register
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from live_server import live_server
from refuge.casework.models import ReturnCase
from refuge.store.engine import transaction

TODAY = date.today()
YESTERDAY = (TODAY - timedelta(days=1)).isoformat()
TOMORROW = (TODAY + timedelta(days=1)).isoformat()
REJECTABLE = {"grounds": ["economic"], "risk_profiles": [], "credibility": "not_credible"}

Post = Any  # TestClient.post or httpx.Client.post: the same call


def _ok(response: Any) -> Any:
    assert response.status_code == 201, response.text
    return response.json()


def _heard_and_assessed(post: Post, world: World, v_number: str, **facts: Any) -> str:
    """An application after both hearings and an assessment; its URL."""
    auth = world.auth("caseworker")
    body = {
        "v_number": v_number,
        "nationality": "SY",
        "region_of_origin": "SY-DI",
        "application_date": "2025-03-01",
        **facts,
    }
    url = f"/api/v1/applications/{_ok(post('/api/v1/applications', json=body, headers=auth))['id']}"
    for kind in ("first", "detailed"):
        hearing = {"kind": kind, "held_on": YESTERDAY, "summary": "heard"}
        _ok(post(url + "/hearings", json=hearing, headers=auth))
    _ok(post(url + "/assessments", json={}, headers=auth))
    return url


def _in_written_view(post: Post, world: World, v_number: str) -> str:
    url = _heard_and_assessed(post, world, v_number, **REJECTABLE)
    auth = world.auth("caseworker")
    intended = {"outcome": "reject", "reasons": "no risk shown", "respond_by": TOMORROW}
    _ok(post(url + "/intended-decisions", json=intended, headers=auth))
    view = {"received_on": TODAY.isoformat(), "summary": "I disagree"}
    _ok(post(url + "/written-views", json=view, headers=auth))
    return url


def _rejected(post: Post, world: World, v_number: str) -> str:
    """An application whose rejection is in effect (decided by a supervisor: no approval)."""
    url = _in_written_view(post, world, v_number)
    decision = {"outcome": "reject", "reasons": "no risk shown, the view changes nothing"}
    decided = _ok(post(url + "/decisions", json=decision, headers=world.auth("supervisor")))
    assert (decided["outcome"], decided["status"]) == ("reject", "in_effect")
    return url


def _granted(post: Post, world: World, v_number: str) -> str:
    url = _heard_and_assessed(post, world, v_number)
    decision = {"outcome": "grant_refugee", "reasons": "persecuted for who they are"}
    decided = _ok(post(url + "/decisions", json=decision, headers=world.auth("supervisor")))
    assert (decided["outcome"], decided["status"]) == ("grant_refugee", "in_effect")
    return url


def _return_cases(world: World) -> int:
    with transaction(world.url) as s:
        return s.scalar(select(func.count()).select_from(ReturnCase)) or 0


def _refused(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = response.json()
    assert body["code"] == code and body["status"] == status
    return body


def test_a_rejection_in_effect_opens_a_return_case(client: TestClient, world: World) -> None:
    url = _rejected(client.post, world, "1000000001")
    case = _ok(client.post(url + "/return-cases", headers=world.auth("caseworker")))
    assert case["status"] == "opened"
    assert _return_cases(world) == 1


def test_no_return_case_on_a_grant_in_effect(client: TestClient, world: World) -> None:
    url = _granted(client.post, world, "1000000002")
    refused = client.post(url + "/return-cases", headers=world.auth("caseworker"))
    body = _refused(refused, 409, "return-not-due")
    assert "grant" in body["detail"]
    assert _return_cases(world) == 0


def test_no_return_case_while_the_written_view_stage_runs(client: TestClient, world: World) -> None:
    url = _in_written_view(client.post, world, "1000000003")
    refused = client.post(url + "/return-cases", headers=world.auth("caseworker"))
    body = _refused(refused, 409, "return-not-due")
    assert "written_view" in body["detail"] and "decision" in body["detail"]
    assert _return_cases(world) == 0


def test_no_return_case_on_a_fresh_application(client: TestClient, world: World) -> None:
    app = register(client, world, v_number="1000000004")
    refused = client.post(
        f"/api/v1/applications/{app['id']}/return-cases", headers=world.auth("caseworker")
    )
    _refused(refused, 409, "return-not-due")
    assert _return_cases(world) == 0


def test_one_open_return_case_per_person(client: TestClient, world: World) -> None:
    url = _rejected(client.post, world, "1000000005")
    auth = world.auth("caseworker")
    first = _ok(client.post(url + "/return-cases", headers=auth))
    again = client.post(url + "/return-cases", headers=auth)
    body = _refused(again, 409, "return-case-open")
    assert "already" in body["detail"]
    assert _return_cases(world) == 1

    # a later application of the same person, also rejected: still the one open case
    later = _rejected(client.post, world, "1000000005")
    _refused(client.post(later + "/return-cases", headers=auth), 409, "return-case-open")
    assert _return_cases(world) == 1

    # once that case is closed, a new one may be opened
    closed = client.post(
        f"/api/v1/return-cases/{first['id']}/transitions",
        json={"to_state": "closed"},
        headers=auth,
    )
    assert closed.status_code == 200, closed.text
    _ok(client.post(later + "/return-cases", headers=auth))
    assert _return_cases(world) == 2


@pytest.fixture
def server(app: FastAPI) -> Iterator[str]:
    with live_server(app) as url:
        yield url


def _race_open(server: str, auth: dict[str, str], url: str) -> list[httpx.Response]:
    """Two POSTs opening a return case, released together by a barrier."""
    barrier = threading.Barrier(2)
    results: list[httpx.Response] = []

    def open_case() -> None:
        with httpx.Client(base_url=server, headers=auth, timeout=60) as c:
            barrier.wait()
            results.append(c.post(url + "/return-cases"))

    threads = [threading.Thread(target=open_case) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return results


def test_two_concurrent_opens_for_one_person_give_one_case(server: str, world: World) -> None:
    auth = world.auth("caseworker")
    with httpx.Client(base_url=server, timeout=60) as setup:
        urls = [_rejected(setup.post, world, f"20000000{i:02d}") for i in range(3)]
    for url in urls:
        results = _race_open(server, auth, url)
        statuses = sorted(r.status_code for r in results)
        assert statuses == [201, 409], [r.text for r in results]
        loser = next(r for r in results if r.status_code == 409)
        assert loser.headers["content-type"] == "application/problem+json"
        assert loser.json()["code"] == "return-case-open"
    assert _return_cases(world) == len(urls)
