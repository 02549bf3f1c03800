"""Idempotency-Key on creates: a retry creates nothing new; the key with another body is refused."""

from __future__ import annotations

from api_helpers import World, application_body
from fastapi.testclient import TestClient
from sqlalchemy import func, select, text

from refuge.casework.models import Application
from refuge.store.engine import transaction


def _count(url: str) -> int:
    with transaction(url) as s:
        return s.scalar(select(func.count()).select_from(Application)) or 0


def test_same_key_same_body_replays_the_first_answer(client: TestClient, world: World) -> None:
    headers = {**world.auth("caseworker"), "Idempotency-Key": "a6f1c0de-0001"}
    first = client.post("/api/v1/applications", json=application_body(), headers=headers)
    again = client.post("/api/v1/applications", json=application_body(), headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again.headers["location"] == first.headers["location"]
    assert again.headers["idempotent-replayed"] == "true"
    assert _count(world.url) == 1


def test_same_key_other_body_is_422(client: TestClient, world: World) -> None:
    headers = {**world.auth("caseworker"), "Idempotency-Key": "key-2"}
    client.post("/api/v1/applications", json=application_body(), headers=headers)
    other = client.post("/api/v1/applications", json=application_body(minor=True), headers=headers)
    assert other.status_code == 422
    assert other.headers["content-type"] == "application/problem+json"
    assert other.json()["code"] == "idempotency-key-reused"
    assert _count(world.url) == 1


def test_keys_are_per_user(client: TestClient, world: World) -> None:
    key = {"Idempotency-Key": "shared"}
    a = client.post(
        "/api/v1/applications", json=application_body(), headers={**world.auth("caseworker"), **key}
    )
    b = client.post(
        "/api/v1/applications",
        json=application_body(v_number="2222222222"),
        headers={**world.auth("north-caseworker-2"), **key},
    )
    assert a.status_code == b.status_code == 201
    assert a.json()["id"] != b.json()["id"]


def test_stored_response_is_encrypted(client: TestClient, world: World) -> None:
    headers = {**world.auth("caseworker"), "Idempotency-Key": "k3"}
    client.post("/api/v1/applications", json=application_body(), headers=headers)
    with transaction(world.url) as s:
        raw = s.execute(text("SELECT response FROM idempotency_keys")).scalar_one()
    assert b"1234567890" not in bytes(raw)  # the V-number is not in clear


def test_a_failed_create_stores_no_key(client: TestClient, world: World) -> None:
    headers = {**world.auth("caseworker"), "Idempotency-Key": "k4"}
    bad = application_body(application_date="2999-01-01")
    assert client.post("/api/v1/applications", json=bad, headers=headers).status_code == 400
    good = client.post("/api/v1/applications", json=application_body(), headers=headers)
    assert good.status_code == 201


def test_bad_key_is_400(client: TestClient, world: World) -> None:
    headers = {**world.auth("caseworker"), "Idempotency-Key": "x" * 201}
    response = client.post("/api/v1/applications", json=application_body(), headers=headers)
    assert response.status_code == 400
    assert response.json()["code"] == "invalid-idempotency-key"
