"""Authentication: bearer tokens and session cookies; 401 problems with WWW-Authenticate;
sign-in attempts in the audit trail."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from api_helpers import PASSWORD, World
from fastapi.testclient import TestClient
from sqlalchemy import select

from refuge.accounts import tokens
from refuge.accounts.models import User
from refuge.audit.models import AuditEvent
from refuge.store.engine import transaction


def _assert_401(response, error: str | None = None) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["www-authenticate"].startswith('Bearer realm="refuge"')
    if error:
        assert f'error="{error}"' in response.headers["www-authenticate"]
    body = response.json()
    assert body["code"] == "unauthenticated"
    assert body["status"] == 401


def test_no_credentials_is_401_problem(client: TestClient, world: World) -> None:
    _assert_401(client.get("/api/v1/applications"))


def test_unknown_token_is_401_and_audited(client: TestClient, world: World) -> None:
    response = client.get("/api/v1/applications", headers={"Authorization": "Bearer rfg_nope"})
    _assert_401(response, "invalid_token")
    with transaction(world.url) as s:
        last = s.scalars(select(AuditEvent).order_by(AuditEvent.seq.desc())).first()
        assert last is not None
        assert (last.action, last.outcome) == ("authenticate", "failed")


def test_basic_auth_scheme_is_refused(client: TestClient, world: World) -> None:
    response = client.get("/api/v1/applications", headers={"Authorization": "Basic YTpi"})
    _assert_401(response, "invalid_request")


def test_revoked_and_expired_tokens_are_refused(client: TestClient, world: World) -> None:
    with transaction(world.url) as s:
        user = s.get_one(User, world.ids["caseworker"])
        revoked, revoked_token = tokens.issue(s, user, "old")
        tokens.revoke(s, revoked.id)
        _, expired_token = tokens.issue(
            s, user, "short", expires_at=datetime.now(UTC) - timedelta(seconds=1)
        )
    for token in (revoked_token, expired_token):
        response = client.get(
            "/api/v1/sessions/current", headers={"Authorization": f"Bearer {token}"}
        )
        _assert_401(response, "invalid_token")


def test_token_identifies_the_user(client: TestClient, world: World) -> None:
    response = client.get("/api/v1/sessions/current", headers=world.auth("auditor"))
    assert response.status_code == 200
    assert response.json()["user"]["username"] == "auditor"
    assert response.json()["method"] == "bearer"


def test_sign_in_sets_a_strict_http_only_cookie_and_sign_out_ends_it(
    client: TestClient, world: World
) -> None:
    response = client.post(
        "/api/v1/sessions", json={"username": "caseworker", "password": PASSWORD}
    )
    assert response.status_code == 201, response.text
    cookie = response.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Secure" in cookie
    assert response.json()["idle_timeout_seconds"] == 1800
    me = client.get("/api/v1/sessions/current")
    assert me.status_code == 200 and me.json()["method"] == "cookie"
    assert client.delete("/api/v1/sessions/current").status_code == 204
    client.cookies.clear()
    _assert_401(client.get("/api/v1/sessions/current"))


def test_ended_session_cookie_is_refused(client: TestClient, world: World) -> None:
    client.post("/api/v1/sessions", json={"username": "caseworker", "password": PASSWORD})
    cookie = client.cookies.get("refuge_session")
    assert cookie is not None
    client.delete("/api/v1/sessions/current")
    client.cookies.set("refuge_session", cookie, domain="testserver")
    _assert_401(client.get("/api/v1/sessions/current"))


def test_wrong_password_is_401_and_audited_without_the_password(
    client: TestClient, world: World
) -> None:
    response = client.post(
        "/api/v1/sessions", json={"username": "caseworker", "password": "wrong password!"}
    )
    _assert_401(response)
    unknown = client.post("/api/v1/sessions", json={"username": "nobody", "password": "x"})
    _assert_401(unknown)
    assert unknown.json()["detail"] == response.json()["detail"]  # no user enumeration
    with transaction(world.url) as s:
        events = s.scalars(select(AuditEvent).where(AuditEvent.action == "login")).all()
        assert [e.outcome for e in events] == ["failed", "failed"]
        assert all("wrong" not in str(e.__dict__) for e in events)


def test_disabled_user_cannot_sign_in_and_loses_tokens(client: TestClient, world: World) -> None:
    user_id = world.ids["caseworker"]
    got = client.get(f"/api/v1/users/{user_id}", headers=world.auth("admin"))
    response = client.patch(
        f"/api/v1/users/{user_id}",
        json={"active": False},
        headers={**world.auth("admin"), "If-Match": got.headers["etag"]},
    )
    assert response.status_code == 200, response.text
    _assert_401(client.get("/api/v1/sessions/current", headers=world.auth("caseworker")))
    signin = client.post("/api/v1/sessions", json={"username": "caseworker", "password": PASSWORD})
    _assert_401(signin)
