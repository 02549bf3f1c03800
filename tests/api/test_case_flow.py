"""The issue's flow through the API: register, hear, assess (an Assessment, never a Decision),
decide by a named user with reasons when departing from the recommendation, approved by a
supervisor; the trail verifies."""

from __future__ import annotations

from datetime import date, timedelta

from api_helpers import World, register
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from refuge.casework.models import Decision
from refuge.store.engine import transaction


def test_register_hear_assess_decide_and_verify(client: TestClient, world: World) -> None:
    auth = world.auth("caseworker")
    app = register(client, world)
    url = f"/api/v1/applications/{app['id']}"
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    for kind in ("first", "detailed"):
        hearing = client.post(
            url + "/hearings",
            json={"kind": kind, "held_on": yesterday, "summary": "told of threats"},
            headers=auth,
        )
        assert hearing.status_code == 201, hearing.text
        assert "summary" not in hearing.json()

    assessed = client.post(url + "/assessments", json={}, headers=auth)
    assert assessed.status_code == 201, assessed.text
    recommendation = assessed.json()["recommendation"]
    with transaction(world.url) as s:
        assert s.scalar(select(func.count()).select_from(Decision)) == 0

    other = "grant_subsidiary" if recommendation != "grant_subsidiary" else "grant_refugee"
    no_reasons = client.post(url + "/decisions", json={"outcome": other}, headers=auth)
    assert no_reasons.status_code == 400, no_reasons.text
    assert no_reasons.json()["code"] == "deviation-needs-reasons"

    decided = client.post(
        url + "/decisions",
        json={"outcome": other, "reasons": "the interview shows a personal risk"},
        headers=auth,
    )
    assert decided.status_code == 201, decided.text
    body = decided.json()
    assert body["decided_by"] == str(world.ids["caseworker"])
    assert body["deviates_from_recommendation"] is True
    assert body["status"] == "awaiting_approval"  # a caseworker's departure waits
    approved = client.post(url + "/decision-approvals", json={}, headers=world.auth("supervisor"))
    assert approved.status_code == 201, approved.text
    assert approved.json()["status"] == "in_effect"

    final = client.post(url + "/transitions", json={"to_state": "withdrawn"}, headers=auth)
    assert final.status_code == 409
    assert final.json()["allowed_next"] == []

    verified = client.get("/api/v1/audit-events/verification", headers=world.auth("auditor"))
    assert verified.status_code == 200
    assert verified.json()["intact"] is True
    events = client.get("/api/v1/audit-events?pageSize=100", headers=world.auth("auditor")).json()
    assert any(e["entity"] == "decision" for e in events["items"])
    assert "interview" not in str(events)  # references, never values


def test_analyst_sees_suppressed_counts_only(client: TestClient, world: World) -> None:
    register(client, world)
    response = client.get(
        "/api/v1/statistics/applications-by-status", headers=world.auth("analyst")
    )
    assert response.status_code == 200
    counts = {c["state"]: c for c in response.json()["counts"]}
    assert counts["registered"]["count"] is None and counts["registered"]["suppressed"]
    assert counts["decided"]["count"] == 0
    assert client.get("/api/v1/applications", headers=world.auth("analyst")).status_code == 403
