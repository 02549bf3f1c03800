"""A user an administrator creates through the API sets their own password before anything else
(security review of "no admin path to case data"): the administrator chose the first password,
so without this they could sign in as a caseworker and read the team's cases under that name.

Through the HTTP API (TestClient): sign-in works but every other request is 403
`password-change-required` and no token is issued; `POST /sessions/current/password` checks the
current password (counted like a failed sign-in), refuses the same or a weak one, and then ends
the user's other sessions and revokes their tokens; the first password no longer signs in; the
trail has `change-password`, never a password."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from api_helpers import PASSWORD, World, register
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from refuge.accounts import passwords, tokens
from refuge.accounts.models import ApiToken, User
from refuge.accounts.passwords import PasswordChangeRequired
from refuge.store.engine import transaction

FIRST = "chosen by the administrator"  # the password the admin gives in POST /users
OWN = "only the newbie knows this one"
PASSWORD_URL = "/api/v1/sessions/current/password"


def _problem(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = response.json()
    assert body["code"] == code, body
    return body


@pytest.fixture
def browsers(app: FastAPI) -> Iterator[list[TestClient]]:
    """Separate clients on the same app: each keeps its own session cookie, like a browser."""
    opened: list[TestClient] = []
    yield opened
    for browser in opened:
        browser.close()


def _browser(app: FastAPI, opened: list[TestClient]) -> TestClient:
    browser = TestClient(app, base_url="https://testserver")
    opened.append(browser)
    return browser


def _sign_in(browser: TestClient, username: str, password: str) -> dict[str, Any]:
    response = browser.post("/api/v1/sessions", json={"username": username, "password": password})
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def _create_newbie(client: TestClient, world: World, **extra: Any) -> str:
    body = {"username": "newbie", "password": FIRST, "role": "caseworker", "team": "north"}
    created = client.post("/api/v1/users", json={**body, **extra}, headers=world.auth("admin"))
    assert created.status_code == 201, created.text
    assert created.json()["password_change_required"] is True
    return str(created.json()["id"])


def _change(browser: TestClient, current: str, new: str) -> httpx.Response:
    return browser.post(PASSWORD_URL, json={"current_password": current, "new_password": new})


def _tokens_of(world: World, user_id: str) -> int:
    with transaction(world.url) as s:
        query = (
            select(func.count()).select_from(ApiToken).where(ApiToken.user_id == uuid.UUID(user_id))
        )
        return int(s.scalar(query) or 0)


def _events(client: TestClient, world: World, user_id: str) -> list[dict[str, Any]]:
    query = {"entity": "user", "entityId": user_id, "pageSize": 100}
    response = client.get("/api/v1/audit-events", params=query, headers=world.auth("auditor"))
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


def test_a_user_an_admin_created_sets_their_own_password_before_reading_the_teams_cases(
    app: FastAPI, client: TestClient, world: World, browsers: list[TestClient]
) -> None:
    case_id = register(client, world)["id"]  # a case of team north
    newbie_id = _create_newbie(client, world)
    newbie = _browser(app, browsers)
    # the administrator knows the first password too, and signs in with it at the same time
    admin_as_newbie = _browser(app, browsers)
    _sign_in(admin_as_newbie, "newbie", FIRST)

    signed_in = _sign_in(newbie, "newbie", FIRST)
    assert signed_in["user"]["password_change_required"] is True
    me = newbie.get("/api/v1/sessions/current")
    assert me.status_code == 200 and me.json()["user"]["password_change_required"] is True

    # nothing but setting the password: no cases, no token
    refused = _problem(newbie.get("/api/v1/applications"), 403, "password-change-required")
    assert "/sessions/current/password" in refused["detail"]
    read = newbie.get(f"/api/v1/applications/{case_id}", headers={"Purpose": "look"})
    _problem(read, 403, "password-change-required")
    _problem(
        newbie.post("/api/v1/sessions/current/tokens", json={}), 403, "password-change-required"
    )
    assert _tokens_of(world, newbie_id) == 0

    # the current password must be right, the new one different and long enough
    _problem(_change(newbie, "not the first password", OWN), 403, "wrong-password")
    _problem(_change(newbie, FIRST, FIRST), 400, "same-password")
    weak = _problem(_change(newbie, FIRST, "short"), 400, "invalid-input")
    assert [p["name"] for p in weak["invalid_params"]] == ["body:new_password"]
    _problem(newbie.get("/api/v1/applications"), 403, "password-change-required")

    changed = _change(newbie, FIRST, OWN)
    assert changed.status_code == 200, changed.text
    assert changed.json()["user"]["password_change_required"] is False
    assert changed.json()["method"] == "cookie"

    # the same session now reads the team's cases, and may issue a token
    listed = newbie.get("/api/v1/applications")
    assert listed.status_code == 200, listed.text
    assert case_id in [a["id"] for a in listed.json()["items"]]
    assert (
        newbie.get(f"/api/v1/applications/{case_id}", headers={"Purpose": "p"}).status_code == 200
    )
    assert newbie.post("/api/v1/sessions/current/tokens", json={}).status_code == 201

    # the administrator's session under the newbie's name has ended, and the first password no
    # longer signs in
    _problem(admin_as_newbie.get("/api/v1/sessions/current"), 401, "unauthenticated")
    _problem(admin_as_newbie.get("/api/v1/applications"), 401, "unauthenticated")
    admin_tries = client.post("/api/v1/sessions", json={"username": "newbie", "password": FIRST})
    _problem(admin_tries, 401, "unauthenticated")
    assert (
        _sign_in(_browser(app, browsers), "newbie", OWN)["user"]["password_change_required"]
        is False
    )


def test_the_change_is_audited_without_a_password(
    app: FastAPI, client: TestClient, world: World, browsers: list[TestClient]
) -> None:
    newbie_id = _create_newbie(client, world)
    newbie = _browser(app, browsers)
    _sign_in(newbie, "newbie", FIRST)
    _problem(newbie.get("/api/v1/applications"), 403, "password-change-required")
    _problem(_change(newbie, "a wrong current one", OWN), 403, "wrong-password")
    assert _change(newbie, FIRST, OWN).status_code == 200

    events = _events(client, world, newbie_id)
    trail = [(e["actor"], e["action"], e["outcome"]) for e in events]
    assert trail == [
        ("admin", "create", "ok"),
        ("admin", "change-role", "ok"),
        ("admin", "change-team", "ok"),
        ("newbie", "login", "ok"),
        ("newbie", "change-password", "failed"),
        ("newbie", "change-password", "ok"),
    ]
    change = events[-1]
    assert sorted(change["fields"]) == ["password_change_required", "password_hash"]
    assert change["purpose"].startswith("first own password")
    assert "password_change_required" in events[0]["fields"]
    everything = client.get(
        "/api/v1/audit-events", params={"pageSize": 100}, headers=world.auth("auditor")
    ).text
    assert FIRST not in everything and OWN not in everything
    # the refused request is in the trail too, under the route
    routes = client.get(
        "/api/v1/audit-events", params={"entity": "route"}, headers=world.auth("auditor")
    ).json()["items"]
    assert [(e["actor"], e["entity_id"], e["purpose"], e["outcome"]) for e in routes] == [
        ("newbie", "GET /api/v1/applications", "api access: password change required", "denied")
    ]


def test_a_change_ends_the_other_sessions_and_revokes_the_tokens(
    app: FastAPI, world: World, browsers: list[TestClient]
) -> None:
    here, elsewhere = _browser(app, browsers), _browser(app, browsers)
    _sign_in(here, "caseworker", PASSWORD)
    _sign_in(elsewhere, "caseworker", PASSWORD)
    token_holder = _browser(app, browsers)
    assert (
        token_holder.get("/api/v1/applications", headers=world.auth("caseworker")).status_code
        == 200
    )

    changed = _change(here, PASSWORD, OWN)
    assert changed.status_code == 200, changed.text

    assert here.get("/api/v1/applications").status_code == 200  # this session stays
    _problem(elsewhere.get("/api/v1/sessions/current"), 401, "unauthenticated")
    gone = token_holder.get("/api/v1/sessions/current", headers=world.auth("caseworker"))
    _problem(gone, 401, "unauthenticated")
    # another user's sessions and tokens are untouched
    assert (
        token_holder.get("/api/v1/applications", headers=world.auth("supervisor")).status_code
        == 200
    )


def test_a_token_cannot_change_a_password(client: TestClient, world: World) -> None:
    refused = client.post(
        PASSWORD_URL,
        json={"current_password": PASSWORD, "new_password": OWN},
        headers=world.auth("caseworker"),
    )
    body = _problem(refused, 409, "not-a-session")
    assert "sign in" in body["detail"]
    assert _sign_in(client, "caseworker", PASSWORD)["user"]["username"] == "caseworker"


def test_wrong_current_passwords_lock_the_account_like_failed_sign_ins(
    app: FastAPI,
    world: World,
    browsers: list[TestClient],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Someone at an unattended session cannot guess the password through the change either."""
    monkeypatch.setenv("REFUGE_SIGN_IN_MAX_FAILURES", "3")
    browser = _browser(app, browsers)
    _sign_in(browser, "caseworker", PASSWORD)
    for guess in ("guess number one", "guess number two", "guess number three"):
        _problem(_change(browser, guess, OWN), 403, "wrong-password")
    locked = _change(browser, PASSWORD, OWN)  # the right one: refused without checking it
    _problem(locked, 429, "too-many-sign-in-failures")
    assert int(locked.headers["retry-after"]) > 0
    other = _browser(app, browsers)
    sign_in = other.post("/api/v1/sessions", json={"username": "caseworker", "password": PASSWORD})
    _problem(sign_in, 429, "too-many-sign-in-failures")
    with transaction(world.url) as s:
        user = s.get_one(User, world.ids["caseworker"])
        assert passwords.verify(user.password_hash, PASSWORD)  # nothing was changed


def test_a_user_made_by_the_operator_or_an_old_user_need_not_change(
    client: TestClient, world: World
) -> None:
    """`refuge users add` (world.add_user uses the same service call) keeps the flag false."""
    signed_in = _sign_in(client, "caseworker", PASSWORD)
    assert signed_in["user"]["password_change_required"] is False
    assert client.get("/api/v1/applications").status_code == 200
    listed = client.get("/api/v1/users", headers=world.auth("admin")).json()["items"]
    assert not any(u["password_change_required"] for u in listed)


def test_a_token_of_a_user_who_must_change_is_refused_and_none_is_issued(
    client: TestClient, world: World
) -> None:
    """No token can reach such a user; if one did (the flag set in the database afterwards),
    it is refused like the session."""
    with transaction(world.url) as s:
        user = s.get_one(User, world.ids["caseworker"])
        user.password_change_required = True
    refused = client.get("/api/v1/applications", headers=world.auth("caseworker"))
    _problem(refused, 403, "password-change-required")
    me = client.get("/api/v1/sessions/current", headers=world.auth("caseworker"))
    assert me.status_code == 200 and me.json()["user"]["password_change_required"] is True
    with transaction(world.url) as s, pytest.raises(PasswordChangeRequired):
        tokens.issue(s, s.get_one(User, world.ids["caseworker"]))
