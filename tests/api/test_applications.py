"""Applications through the API: register, read with a purpose, ETag/If-Match, transitions,
another team's case answers 404, lists page and filter."""

from __future__ import annotations

from api_helpers import World, application_body, register
from fastapi.testclient import TestClient

PURPOSE = {"Purpose": "prepare detailed hearing"}


def test_register_answers_201_with_location_and_etag(client: TestClient, world: World) -> None:
    response = client.post(
        "/api/v1/applications", json=application_body(), headers=world.auth("caseworker")
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert response.headers["location"] == f"/api/v1/applications/{body['id']}"
    assert response.headers["etag"] == f'"{body["version"]}"'
    assert body["state"] == "registered"
    assert "grounds" not in body  # special-category facts only in the audited read


def test_read_needs_a_purpose_and_gives_the_facts_with_an_etag(
    client: TestClient, world: World
) -> None:
    app = register(client, world)
    url = f"/api/v1/applications/{app['id']}"
    no_purpose = client.get(url, headers=world.auth("caseworker"))
    assert no_purpose.status_code == 400
    assert no_purpose.json()["code"] == "purpose-required"
    response = client.get(url, headers={**world.auth("caseworker"), **PURPOSE})
    assert response.status_code == 200
    assert response.json()["grounds"] == ["sexual_orientation"]
    assert response.headers["etag"] == f'"{app["version"]}"'


def test_patch_needs_if_match_and_refuses_a_stale_one(client: TestClient, world: World) -> None:
    app = register(client, world)
    url = f"/api/v1/applications/{app['id']}"
    auth = world.auth("caseworker")
    missing = client.patch(url, json={"credibility": "not_credible"}, headers=auth)
    assert missing.status_code == 428
    assert missing.json()["code"] == "if-match-required"
    etag = client.get(url, headers={**auth, **PURPOSE}).headers["etag"]
    ok = client.patch(url, json={"credibility": "not_credible"}, headers={**auth, "If-Match": etag})
    assert ok.status_code == 200, ok.text
    assert ok.headers["etag"] != etag
    stale = client.patch(url, json={"minor": True}, headers={**auth, "If-Match": etag})
    assert stale.status_code == 412
    assert stale.json()["code"] == "version-conflict"
    after = client.get(url, headers={**auth, **PURPOSE}).json()
    assert after["credibility"] == "not_credible" and after["minor"] is False


def test_another_teams_case_answers_404_not_403(client: TestClient, world: World) -> None:
    app = register(client, world)
    url = f"/api/v1/applications/{app['id']}"
    south = world.auth("south-caseworker")
    assert client.get(url, headers={**south, **PURPOSE}).status_code == 404
    assert client.patch(url, json={}, headers={**south, "If-Match": '"1"'}).status_code == 404
    moved = client.post(url + "/transitions", json={"to_state": "withdrawn"}, headers=south)
    assert moved.status_code == 404
    assert client.get(url + "/deadline", headers=south).status_code == 404
    listed = client.get("/api/v1/applications", headers=south).json()
    assert listed["total"] == 0
    # the same answer as for an id that does not exist
    unknown = client.get(
        "/api/v1/applications/00000000-0000-0000-0000-000000000000",
        headers={**south, **PURPOSE},
    )
    assert unknown.status_code == 404
    assert unknown.json()["code"] == client.get(url, headers={**south, **PURPOSE}).json()["code"]


def test_invalid_transition_is_409_naming_the_allowed_next_states(
    client: TestClient, world: World
) -> None:
    app = register(client, world)
    url = f"/api/v1/applications/{app['id']}/transitions"
    auth = world.auth("caseworker")
    response = client.post(url, json={"to_state": "written_view"}, headers=auth)
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "invalid-transition"
    assert body["allowed_next"] == ["first_hearing", "paused", "withdrawn"]
    moved = client.post(url, json={"to_state": "first_hearing"}, headers=auth)
    assert moved.status_code == 200 and moved.json()["state"] == "first_hearing"


def test_list_pages_with_total_and_links(client: TestClient, world: World) -> None:
    for i in range(3):
        register(client, world, v_number=f"100000000{i}")
    auth = world.auth("caseworker")
    response = client.get("/api/v1/applications?page=2&pageSize=2", headers=auth)
    assert response.status_code == 200
    body = response.json()
    assert response.headers["x-total-count"] == "3"
    assert (body["total"], body["page"], body["page_size"], len(body["items"])) == (3, 2, 2, 1)
    assert body["links"]["next"] is None and "page=1" in body["links"]["prev"]
    first = client.get("/api/v1/applications?state=first_hearing", headers=auth).json()
    assert first["total"] == 0
    bad = client.get("/api/v1/applications?pageSize=1000", headers=auth)
    assert bad.status_code == 400


def test_supervisor_reassigns_caseworker_may_not(client: TestClient, world: World) -> None:
    app = register(client, world)
    url = f"/api/v1/applications/{app['id']}/caseworker"
    body = {"caseworker_id": str(world.ids["north-caseworker-2"])}
    assert client.put(url, json=body, headers=world.auth("caseworker")).status_code == 403
    response = client.put(url, json=body, headers=world.auth("supervisor"))
    assert response.status_code == 200, response.text
    assert response.json()["caseworker_id"] == body["caseworker_id"]


def test_deadline_is_six_months_from_the_application(client: TestClient, world: World) -> None:
    app = register(
        client, world, application_date="2025-03-01", nationality="IQ", region_of_origin="IQ-BG"
    )
    response = client.get(
        f"/api/v1/applications/{app['id']}/deadline", headers=world.auth("caseworker")
    )
    assert response.status_code == 200, response.text
    assert response.json()["months"] == 6
