"""The store records "not assessed" for the individual risk indicators as a case file does:
an application registered without a count has none (null), a credible claim whose indicators
are not assessed is investigated further rather than rejected, a count of 0 is a finding (none
found), and `PATCH` with null takes a count back. Null stays refused for every other fact."""

from __future__ import annotations

from typing import Any

from api_helpers import World, register
from fastapi.testclient import TestClient
from test_error_shape import assert_problem

READ = {"Purpose": "weigh the individual risk indicators"}
CLAIM = {"grounds": ["fear_non_state_actor"], "risk_profiles": [], "credibility": "credible"}


def _detail(client: TestClient, world: World, app_id: str) -> Any:
    response = client.get(f"/api/v1/applications/{app_id}", headers=world.auth("caseworker") | READ)
    assert response.status_code == 200, response.text
    return response.json()


def _recommendation(client: TestClient, world: World, app_id: str) -> str:
    response = client.post(
        f"/api/v1/applications/{app_id}/assessments", json={}, headers=world.auth("caseworker")
    )
    assert response.status_code == 201, response.text
    return str(response.json()["recommendation"])


def _patch(client: TestClient, world: World, app_id: str, body: dict[str, Any]) -> Any:
    etag = client.get(
        f"/api/v1/applications/{app_id}", headers=world.auth("caseworker") | READ
    ).headers["ETag"]
    return client.patch(
        f"/api/v1/applications/{app_id}",
        json=body,
        headers=world.auth("caseworker") | {"If-Match": etag},
    )


def test_a_claim_registered_without_a_count_is_not_assessed_and_investigated_further(
    client: TestClient, world: World
) -> None:
    app = register(client, world, **CLAIM)
    assert _detail(client, world, app["id"])["individual_risk_indicators"] is None
    assert _recommendation(client, world, app["id"]) == "further_investigation"


def test_a_count_of_0_is_a_finding_and_null_takes_it_back(client: TestClient, world: World) -> None:
    app = register(client, world, **CLAIM)
    counted = _patch(client, world, app["id"], {"individual_risk_indicators": 0})
    assert counted.status_code == 200, counted.text
    assert _detail(client, world, app["id"])["individual_risk_indicators"] == 0
    assert _recommendation(client, world, app["id"]) != "further_investigation"

    back = _patch(client, world, app["id"], {"individual_risk_indicators": None})
    assert back.status_code == 200, back.text
    assert _detail(client, world, app["id"])["individual_risk_indicators"] is None
    assert _recommendation(client, world, app["id"]) == "further_investigation"


def test_null_is_still_no_value_for_the_other_facts(client: TestClient, world: World) -> None:
    app = register(client, world, **CLAIM, individual_risk_indicators=1)
    refused = _patch(client, world, app["id"], {"credibility": None})
    body = assert_problem(refused, 400, "invalid-input")
    assert "credibility" in str(body)
    assert _detail(client, world, app["id"])["individual_risk_indicators"] == 1
