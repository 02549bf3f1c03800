"""Default deny, generated from the app's route table: every route has an entry in the
permission table, and every role gets, on every endpoint, what the table says — 401 without
credentials, 403 for a role not listed (before the handler runs), never 401/403 for a role
listed. A new route without an entry fails here. A user who must set their own password gets
403 `password-change-required` everywhere but who-am-I, sign out and the password change."""

from __future__ import annotations

import re
import uuid

import pytest
from api_helpers import World
from fastapi import FastAPI
from fastapi.routing import APIRoute, iter_route_contexts
from fastapi.testclient import TestClient

from refuge.accounts.models import ROLES, User
from refuge.api.app import create_app
from refuge.api.permissions import BASE, PERMISSIONS, PUBLIC, WHILE_PASSWORD_CHANGE_REQUIRED
from refuge.store.engine import transaction

CASE_CONTENT = ("/applications",)


def endpoints(app: FastAPI) -> list[tuple[str, str]]:
    v1: FastAPI = app.state.v1
    return sorted(
        (method, BASE + str(context.path_format))
        for context in iter_route_contexts(v1.routes)
        if isinstance(context.original_route, APIRoute)
        for method in context.original_route.methods
    )


ENDPOINTS = endpoints(create_app("sqlite://"))


def concrete(template: str) -> str:
    return re.sub(r"\{[^}]+\}", str(uuid.uuid4()), template)


def test_every_route_has_a_permission_entry() -> None:
    missing = [e for e in ENDPOINTS if e not in PERMISSIONS]
    assert not missing, f"routes without an entry in api/permissions.py: {missing}"
    stale = [e for e in PERMISSIONS if e not in ENDPOINTS]
    assert not stale, f"entries for routes that do not exist: {stale}"


def test_case_content_is_for_caseworkers_and_supervisors_only() -> None:
    for (_method, path), roles in PERMISSIONS.items():
        if path.startswith(BASE + CASE_CONTENT[0]):
            assert roles <= {"caseworker", "supervisor"}, path
    analyst = [e for e, roles in PERMISSIONS.items() if "analyst" in roles]
    # the report library holds no case content for an analyst: an individual report is its
    # case team's alone (refuge.coi.access; tests/api/test_coi_documents.py), and search never
    # finds one (tests/api/test_coi_search.py)
    allowed = ("/statistics/", "/coi/documents", "/coi/search")
    assert all(any(a in p for a in allowed) or p.startswith(BASE + "/sessions") for _, p in analyst)


def test_a_route_without_an_entry_is_denied_to_everyone(db_url: str, world: World) -> None:
    app = create_app(db_url)
    app.state.v1.add_api_route("/unlisted", lambda: {"ok": True}, methods=["GET"])
    with TestClient(app, base_url="https://testserver") as client:
        for role in ROLES:
            response = client.get("/api/v1/unlisted", headers=world.auth(role))
            assert response.status_code == 403, role
        assert client.get("/api/v1/unlisted").status_code == 401
    assert ("GET", BASE + "/unlisted") in endpoints(app)
    assert ("GET", BASE + "/unlisted") not in PERMISSIONS


@pytest.mark.parametrize("role", [None, *ROLES])
def test_every_role_on_every_endpoint(role: str | None, client: TestClient, world: World) -> None:
    """One test per role (and anonymous) walking every endpoint: one world per role, not per
    request, keeps this fast."""
    for method, template in ENDPOINTS:
        allowed = PERMISSIONS[(method, template)]
        kwargs = {"json": {}} if method in ("POST", "PUT", "PATCH") else {}
        headers = world.auth(role) if role else {}
        client.cookies.clear()
        response = client.request(method, concrete(template), headers=headers, **kwargs)  # type: ignore[arg-type]
        where = (role, method, template, response.text)
        if allowed == PUBLIC:
            assert response.status_code not in (401, 403), where
        elif role is None:
            assert response.status_code == 401, where
        elif role in allowed:
            assert response.status_code not in (401, 403), where
            assert response.status_code < 500, where
        else:
            assert response.status_code == 403, where
            assert response.json()["code"] == "forbidden", where


@pytest.mark.parametrize("role", ROLES)
def test_a_user_who_must_set_their_password_may_do_nothing_else(
    role: str, client: TestClient, world: World
) -> None:
    with transaction(world.url) as s:
        s.get_one(User, world.ids[role]).password_change_required = True
    assert set(ENDPOINTS) >= WHILE_PASSWORD_CHANGE_REQUIRED
    for method, template in ENDPOINTS:
        kwargs = {"json": {}} if method in ("POST", "PUT", "PATCH") else {}
        client.cookies.clear()
        response = client.request(method, concrete(template), headers=world.auth(role), **kwargs)  # type: ignore[arg-type]
        where = (role, method, template, response.text)
        if PERMISSIONS[(method, template)] == PUBLIC:
            assert response.status_code not in (401, 403), where
        elif (method, template) in WHILE_PASSWORD_CHANGE_REQUIRED:
            assert response.status_code not in (401, 403), where
            assert response.status_code < 500, where
        else:
            assert response.status_code == 403, where
            assert response.json()["code"] == "password-change-required", where
