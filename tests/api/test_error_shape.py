"""Every error is one shape: RFC 9457 problem+json with type, title, status, detail, instance
and a stable code (NL API rule /core/error-handling/problem-details). Walks every error path."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest
from api_helpers import World, application_body, register
from fastapi.testclient import TestClient

from refuge.casework import service

Call = Callable[[TestClient, World], httpx.Response]


def assert_problem(
    response: httpx.Response, status: int, code: str | None = None
) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["api-version"] == "1.0.0"
    body = response.json()
    for key in ("type", "title", "status", "detail", "instance", "code"):
        assert key in body, f"{key} missing from {body}"
    assert body["status"] == status
    assert body["type"].endswith("/" + body["code"])
    assert isinstance(body["detail"], str) and body["detail"]
    if code:
        assert body["code"] == code
    return body


def _app_url(client: TestClient, world: World) -> str:
    return f"/api/v1/applications/{register(client, world)['id']}"


CASES: dict[str, tuple[Call, int, str]] = {
    "unauthenticated": (lambda c, w: c.get("/api/v1/users"), 401, "unauthenticated"),
    "bad token": (
        lambda c, w: c.get("/api/v1/users", headers={"Authorization": "Bearer rfg_x"}),
        401,
        "unauthenticated",
    ),
    "forbidden role": (
        lambda c, w: c.get("/api/v1/users", headers=w.auth("caseworker")),
        403,
        "forbidden",
    ),
    "unknown route": (lambda c, w: c.get("/api/v1/nothing-here"), 404, "not-found"),
    "outside the api": (lambda c, w: c.get("/"), 404, "not-found"),
    "trailing slash": (lambda c, w: c.get("/api/v1/applications/"), 404, "not-found"),
    "trailing slash on openapi": (lambda c, w: c.get("/api/v1/openapi.json/"), 404, "not-found"),
    "unknown record": (
        lambda c, w: c.get(
            "/api/v1/users/00000000-0000-0000-0000-000000000000", headers=w.auth("admin")
        ),
        404,
        "not-found",
    ),
    "method not allowed": (lambda c, w: c.put("/api/v1/sessions"), 405, "method-not-allowed"),
    "malformed json": (
        lambda c, w: c.post(
            "/api/v1/applications",
            content=b"{not json",
            headers={**w.auth("caseworker"), "Content-Type": "application/json"},
        ),
        400,
        "invalid-input",
    ),
    "schema errors": (
        lambda c, w: c.post(
            "/api/v1/applications", json={"nationality": 7}, headers=w.auth("caseworker")
        ),
        400,
        "invalid-input",
    ),
    "bad path parameter": (
        lambda c, w: c.get("/api/v1/users/not-a-uuid", headers=w.auth("admin")),
        400,
        "invalid-input",
    ),
    "bad query": (
        lambda c, w: c.get("/api/v1/applications?page=0", headers=w.auth("caseworker")),
        400,
        "invalid-input",
    ),
    "domain rule": (
        lambda c, w: c.post(
            "/api/v1/applications",
            json=application_body(application_date="2999-01-01"),
            headers=w.auth("caseworker"),
        ),
        400,
        "date-in-future",
    ),
    "username taken": (
        lambda c, w: c.post(
            "/api/v1/users",
            headers=w.auth("admin"),
            json={"username": "admin", "password": "x" * 12, "role": "admin"},
        ),
        409,
        "username-taken",
    ),
    "invalid transition": (
        lambda c, w: c.post(
            _app_url(c, w) + "/transitions",
            json={"to_state": "decided"},
            headers=w.auth("caseworker"),
        ),
        409,
        "invalid-transition",
    ),
    "if-match missing": (
        lambda c, w: c.patch(_app_url(c, w), json={}, headers=w.auth("caseworker")),
        428,
        "if-match-required",
    ),
    "if-match stale": (
        lambda c, w: c.patch(
            _app_url(c, w),
            json={"minor": True},
            headers={**w.auth("caseworker"), "If-Match": '"99"'},
        ),
        412,
        "version-conflict",
    ),
    "idempotency key reused": (
        lambda c, w: [
            c.post(
                "/api/v1/applications",
                json=application_body(v_number=f"555555555{i}"),
                headers={**w.auth("caseworker"), "Idempotency-Key": "k"},
            )
            for i in range(2)
        ][-1],
        422,
        "idempotency-key-reused",
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_error_shape(case: str, client: TestClient, world: World) -> None:
    call, status, code = CASES[case]
    assert_problem(call(client, world), status, code)


def test_invalid_input_lists_every_error(client: TestClient, world: World) -> None:
    response = client.post(
        "/api/v1/applications",
        json={"nationality": "sy", "grounds": ["nope"], "minor": "maybe"},
        headers=world.auth("caseworker"),
    )
    body = assert_problem(response, 400, "invalid-input")
    names = {p["name"] for p in body["invalid_params"]}
    assert {"body:nationality", "body:grounds.0", "body:minor", "body:v_number"} <= names
    assert all(p["reason"] and p["code"] for p in body["invalid_params"])


def test_unexpected_error_is_a_generic_500_without_its_text(
    client: TestClient,
    world: World,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("grounds: sexual_orientation of person 1234567890")

    monkeypatch.setattr(service, "list_applications", boom)
    response = client.get("/api/v1/applications", headers=world.auth("caseworker"))
    body = assert_problem(response, 500, "internal-error")
    assert "sexual_orientation" not in response.text and "Traceback" not in response.text
    assert body["detail"] == "something went wrong on our side; nothing was changed"
    assert response.headers["x-frame-options"] == "DENY"
    assert "sexual_orientation" not in capsys.readouterr().err
