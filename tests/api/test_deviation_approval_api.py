"""Approving deviations through the API: a caseworker's decision that departs from the
recommendation waits (`awaiting_approval`) until a supervisor of the team approves it
(`POST .../decision-approvals`) or does not (`POST .../decision-rejections`, with a note)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from api_helpers import World, register
from fastapi import FastAPI
from fastapi.testclient import TestClient

from refuge.api.deps import get_now

DAY = "2025-09-01"
PURPOSE = {"Purpose": "check the decision"}
DEPARTING = {"outcome": "grant_refugee", "reasons": "documents found after the assessment"}


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    """The app on 1 September 2025, so that the recommendations are known."""
    app.state.v1.dependency_overrides[get_now] = lambda: datetime(2025, 9, 1, 12, tzinfo=UTC)
    with TestClient(app, base_url="https://testserver") as c:
        yield c


def assessed(client: TestClient, world: World, credibility: str = "not_credible") -> str:
    """An application heard in detail and assessed; returns its URL. Not credible (with no
    finding that contradicts it): the recommendation is `reject`; credible: `grant_refugee`."""
    auth = world.auth("caseworker")
    if credibility == "not_credible":  # a membership or indicators would contradict the finding
        app = register(client, world, credibility=credibility, risk_profiles=[])
    else:
        app = register(client, world, credibility=credibility, individual_risk_indicators=1)
    url = f"/api/v1/applications/{app['id']}"
    for kind in ("first", "detailed"):
        hearing = {"kind": kind, "held_on": DAY, "summary": "told of threats"}
        assert client.post(url + "/hearings", json=hearing, headers=auth).status_code == 201
    assessment = client.post(url + "/assessments", json={}, headers=auth).json()
    expected = "reject" if credibility == "not_credible" else "grant_refugee"
    assert assessment["recommendation"] == expected
    return url


def pending(client: TestClient, world: World) -> tuple[str, dict[str, Any]]:
    url = assessed(client, world)
    decided = client.post(url + "/decisions", json=DEPARTING, headers=world.auth("caseworker"))
    assert decided.status_code == 201, decided.text
    return url, decided.json()


def read(client: TestClient, world: World, url: str) -> dict[str, Any]:
    response = client.get(url, headers={**world.auth("caseworker"), **PURPOSE})
    assert response.status_code == 200, response.text
    return response.json()


def test_a_caseworkers_departure_waits_for_approval(client: TestClient, world: World) -> None:
    url, decision = pending(client, world)
    assert decision["status"] == "awaiting_approval"
    assert decision["deviates_from_recommendation"] is True and decision["reviewed_by"] is None
    app = read(client, world, url)
    assert app["state"] == "detailed_hearing"
    assert app["decision"]["status"] == "awaiting_approval"
    assert app["decision"]["id"] == decision["id"]

    waiting = client.get(
        "/api/v1/applications?awaitingApproval=true", headers=world.auth("supervisor")
    ).json()
    assert [a["id"] for a in waiting["items"]] == [app["id"]]

    again = client.post(url + "/decisions", json=DEPARTING, headers=world.auth("caseworker"))
    assert again.status_code == 409
    assert again.json()["code"] == "approval-needed"


def test_a_supervisor_of_another_team_gets_404(client: TestClient, world: World) -> None:
    url, _ = pending(client, world)
    world.add_user("south-supervisor", "supervisor", team="south")
    south = world.auth("south-supervisor")
    for path, body in (("/decision-approvals", {}), ("/decision-rejections", {"note": "no"})):
        response = client.post(url + path, json=body, headers=south)
        assert response.status_code == 404, response.text
        assert response.json()["code"] == "not-found"


def test_a_caseworker_may_not_approve(client: TestClient, world: World) -> None:
    url, _ = pending(client, world)
    for user in ("caseworker", "north-caseworker-2"):
        response = client.post(url + "/decision-approvals", json={}, headers=world.auth(user))
        assert response.status_code == 403
        assert response.json()["code"] == "forbidden"
    assert read(client, world, url)["decision"]["status"] == "awaiting_approval"


def test_approval_decides_and_is_audited(client: TestClient, world: World) -> None:
    url, decision = pending(client, world)
    approved = client.post(
        url + "/decision-approvals",
        json={"note": "the documents convince"},
        headers=world.auth("supervisor"),
    )
    assert approved.status_code == 201, approved.text
    body = approved.json()
    assert body["id"] == decision["id"] and body["status"] == "in_effect"
    assert body["reviewed_by"] == str(world.ids["supervisor"]) and body["reviewed_at"]
    app = read(client, world, url)
    assert app["state"] == "decided" and app["decision"]["status"] == "in_effect"

    twice = client.post(url + "/decision-approvals", json={}, headers=world.auth("supervisor"))
    assert twice.status_code == 409 and twice.json()["code"] == "not-awaiting-approval"

    auditor = world.auth("auditor")
    events = client.get(
        f"/api/v1/audit-events?entity=decision&entityId={decision['id']}", headers=auditor
    ).json()["items"]
    purposes = [(e["actor"], e["action"], e["purpose"]) for e in events]
    assert ("supervisor", "update", "approve deviation") in purposes
    assert "convince" not in str(events) and "documents" not in str(events)
    verified = client.get("/api/v1/audit-events/verification", headers=auditor)
    assert verified.json()["intact"] is True


def test_rejection_lets_the_caseworker_decide_again(client: TestClient, world: World) -> None:
    url, decision = pending(client, world)
    supervisor = world.auth("supervisor")
    no_note = client.post(url + "/decision-rejections", json={}, headers=supervisor)
    assert no_note.status_code == 400 and no_note.json()["code"] == "invalid-input"
    rejected = client.post(
        url + "/decision-rejections", json={"note": "the documents are copies"}, headers=supervisor
    )
    assert rejected.status_code == 201, rejected.text
    assert rejected.json()["status"] == "not_approved"
    app = read(client, world, url)
    assert app["state"] == "detailed_hearing" and app["decision"] is None

    again = client.post(url + "/decisions", json=DEPARTING, headers=world.auth("caseworker"))
    assert again.status_code == 201, again.text
    assert again.json()["id"] != decision["id"]
    assert again.json()["status"] == "awaiting_approval"
    verified = client.get("/api/v1/audit-events/verification", headers=world.auth("auditor"))
    assert verified.json()["intact"] is True


def test_a_decision_following_the_recommendation_needs_no_approval(
    client: TestClient, world: World
) -> None:
    url = assessed(client, world, credibility="credible")
    decided = client.post(
        url + "/decisions", json={"outcome": "grant_refugee"}, headers=world.auth("caseworker")
    )
    assert decided.status_code == 201, decided.text
    assert decided.json()["status"] == "in_effect"
    assert read(client, world, url)["state"] == "decided"
    approval = client.post(url + "/decision-approvals", json={}, headers=world.auth("supervisor"))
    assert approval.status_code == 409
    assert approval.json()["code"] == "not-awaiting-approval"


@pytest.mark.parametrize("blank", ["   ", "\u00a0\u3000", "\n\t "], ids=repr)
def test_a_departure_with_blank_reasons_is_refused(
    client: TestClient, world: World, blank: str
) -> None:
    """A departure from the recommendation needs reasons; white space is no reason."""
    url = assessed(client, world)
    before = read(client, world, url)
    refused = client.post(
        url + "/decisions", json={**DEPARTING, "reasons": blank}, headers=world.auth("caseworker")
    )
    assert refused.status_code == 400, refused.text
    assert refused.json()["code"] == "invalid-input"
    assert "reasons" in refused.text
    assert read(client, world, url) == before
