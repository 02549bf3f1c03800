"""No administrator's path to case data (issue 7, defect 2), through a real server (uvicorn on a
free loopback port):

- a token is only ever issued to oneself: an admin cannot mint one for a caseworker and read
  that caseworker's cases under their name;
- nobody changes their own role or team: an admin cannot make themselves a caseworker of a team;
- every role or team change is in the audit trail: who, whose, from what to what.

Each attack answers the right status, changes nothing, and is itself in the trail (denied)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from api_helpers import PASSWORD, World, application_body, http_client, signed_in
from sqlalchemy import func, select

from refuge.accounts.models import ApiToken, User
from refuge.store.engine import transaction


def _problem(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    assert body["code"] == code, body
    return body


def _tokens_of(world: World, username: str) -> int:
    with transaction(world.url) as s:
        return int(
            s.scalar(
                select(func.count())
                .select_from(ApiToken)
                .where(ApiToken.user_id == world.ids[username])
            )
            or 0
        )


def _user_row(world: World, username: str) -> tuple[str, Any, int]:
    with transaction(world.url) as s:
        user = s.get(User, world.ids[username])
        assert user is not None
        return user.role, user.team_id, user.version


def _events(plain_server: str, world: World, **query: str) -> list[dict[str, Any]]:
    with http_client(plain_server, world, "auditor") as http:
        response = http.get("/api/v1/audit-events", params={"pageSize": 100, **query})
        assert response.status_code == 200, response.text
        items: list[dict[str, Any]] = response.json()["items"]
        return items


def _register_case(plain_server: str, world: World) -> str:
    with http_client(plain_server, world, "caseworker") as http:
        created = http.post("/api/v1/applications", json=application_body())
        assert created.status_code == 201, created.text
        return str(created.json()["id"])


# -- tokens: only ever for oneself -------------------------------------------------------------


def test_an_admin_cannot_issue_a_token_for_another_user(plain_server: str, world: World) -> None:
    case_id = _register_case(plain_server, world)
    victim = world.ids["caseworker"]
    before = _tokens_of(world, "caseworker")
    with http_client(plain_server, world, "admin") as admin:
        refused = admin.post(f"/api/v1/users/{victim}/tokens", json={"name": "borrowed"})
    body = _problem(refused, 403, "token-for-another-user")
    assert "token" not in body
    assert _tokens_of(world, "caseworker") == before  # nothing was issued
    # and so there is no way to read the case as the caseworker
    with http_client(plain_server, world, "admin") as admin:
        _problem(admin.get(f"/api/v1/applications/{case_id}"), 403, "forbidden")

    denied = [
        e
        for e in _events(plain_server, world, entity="user", entityId=str(victim))
        if e["action"] == "issue-token"
    ]
    assert [(e["actor"], e["outcome"]) for e in denied] == [("admin", "denied")]


def test_a_session_cookie_cannot_issue_a_token_for_another_user(
    plain_server: str, world: World
) -> None:
    victim = world.ids["supervisor"]
    before = _tokens_of(world, "supervisor")
    with signed_in(plain_server, "admin") as admin:
        refused = admin.post(f"/api/v1/users/{victim}/tokens", json={})
    _problem(refused, 403, "token-for-another-user")
    assert _tokens_of(world, "supervisor") == before


def test_a_signed_in_user_issues_a_token_for_themselves(plain_server: str, world: World) -> None:
    before = _tokens_of(world, "caseworker")
    with signed_in(plain_server, "caseworker") as http:
        issued = http.post("/api/v1/sessions/current/tokens", json={"name": "my script"})
    assert issued.status_code == 201, issued.text
    token = issued.json()["token"]
    assert token.startswith("rfg_") and issued.json()["name"] == "my script"
    assert _tokens_of(world, "caseworker") == before + 1
    with httpx.Client(base_url=plain_server, headers={"Authorization": f"Bearer {token}"}) as http:
        me = http.get("/api/v1/sessions/current")
    assert me.status_code == 200 and me.json()["user"]["username"] == "caseworker"

    # an admin's own token, through either address, is still theirs alone
    with signed_in(plain_server, "admin") as admin:
        own = admin.post(f"/api/v1/users/{world.ids['admin']}/tokens", json={"name": "ops"})
        assert own.status_code == 201, own.text
    events = [
        e
        for e in _events(plain_server, world, entity="user")
        if e["action"] == "issue-token" and e["outcome"] == "ok"
    ]
    assert [(e["actor"], e["entity_id"]) for e in events] == [
        ("caseworker", str(world.ids["caseworker"])),
        ("admin", str(world.ids["admin"])),
    ]
    assert all(token not in str(e) for e in events)


def test_a_token_cannot_issue_another_token(plain_server: str, world: World) -> None:
    """A stolen or expiring token does not beget a fresh one: sign in with the password."""
    before = _tokens_of(world, "caseworker")
    with http_client(plain_server, world, "caseworker") as http:
        refused = http.post("/api/v1/sessions/current/tokens", json={})
    _problem(refused, 409, "not-a-session")
    with http_client(plain_server, world, "admin") as admin:
        own = admin.post(f"/api/v1/users/{world.ids['admin']}/tokens", json={})
    _problem(own, 409, "not-a-session")
    assert _tokens_of(world, "caseworker") == before


# -- roles and teams: never one's own ----------------------------------------------------------


@pytest.mark.parametrize(
    "change",
    [
        {"role": "caseworker"},
        {"role": "supervisor", "team": "north"},
        {"team": "north"},
        {"team": "north", "display_name": "Still Admin"},
    ],
)
def test_nobody_changes_their_own_role_or_team(
    plain_server: str, world: World, change: dict[str, Any]
) -> None:
    case_id = _register_case(plain_server, world)
    me = world.ids["admin"]
    before = _user_row(world, "admin")
    with http_client(plain_server, world, "admin") as admin:
        got = admin.get(f"/api/v1/users/{me}")
        refused = admin.patch(
            f"/api/v1/users/{me}", json=change, headers={"If-Match": got.headers["etag"]}
        )
        body = _problem(refused, 403, "own-role-or-team")
        assert "another administrator" in body["detail"]
        again = admin.get(f"/api/v1/users/{me}")
        assert again.json() == got.json() and again.headers["etag"] == got.headers["etag"]
        # still an admin without a team: the case stays out of reach
        _problem(admin.get(f"/api/v1/applications/{case_id}"), 403, "forbidden")
    assert _user_row(world, "admin") == before

    denied = [
        e
        for e in _events(plain_server, world, entity="user", entityId=str(me))
        if e["outcome"] == "denied"
    ]
    assert len(denied) == 1 and denied[0]["actor"] == "admin"
    assert denied[0]["action"] in ("change-role", "change-team")


def test_a_supervisor_cannot_change_their_own_team_either(plain_server: str, world: World) -> None:
    """Only admins reach PATCH /users at all; the rule holds in the account service too."""
    me = world.ids["supervisor"]
    before = _user_row(world, "supervisor")
    with http_client(plain_server, world, "supervisor") as http:
        refused = http.patch(f"/api/v1/users/{me}", json={"team": "south"})
    _problem(refused, 403, "forbidden")
    assert _user_row(world, "supervisor") == before


def test_own_display_name_may_change(plain_server: str, world: World) -> None:
    me = world.ids["admin"]
    with http_client(plain_server, world, "admin") as admin:
        got = admin.get(f"/api/v1/users/{me}")
        changed = admin.patch(
            f"/api/v1/users/{me}",
            json={"display_name": "The Admin", "role": "admin"},  # the same role: no change
            headers={"If-Match": got.headers["etag"]},
        )
    assert changed.status_code == 200, changed.text
    assert changed.json()["display_name"] == "The Admin" and changed.json()["role"] == "admin"


# -- every role or team change is audited ------------------------------------------------------


def test_every_role_and_team_change_is_audited(plain_server: str, world: World) -> None:
    target = world.ids["north-caseworker-2"]
    with http_client(plain_server, world, "admin") as admin:
        got = admin.get(f"/api/v1/users/{target}")
        changed = admin.patch(
            f"/api/v1/users/{target}",
            json={"role": "supervisor", "team": "south"},
            headers={"If-Match": got.headers["etag"]},
        )
        assert changed.status_code == 200, changed.text
        assert changed.json()["role"] == "supervisor"
        assert changed.json()["team_id"] == str(world.teams["south"])
        created = admin.post(
            "/api/v1/users",
            json={
                "username": "newbie",
                "password": PASSWORD,
                "role": "caseworker",
                "team": "north",
            },
        )
        assert created.status_code == 201, created.text
        newbie = created.json()["id"]

    events = _events(plain_server, world, entity="user")
    changes = [
        (e["actor"], e["action"], e["entity_id"], e["fields"], e["purpose"], e["outcome"])
        for e in events
        if e["action"] in ("change-role", "change-team") and e["actor"] == "admin"
    ]
    assert changes == [
        (
            "admin",
            "change-role",
            str(target),
            ["role"],
            "role of north-caseworker-2: caseworker -> supervisor",
            "ok",
        ),
        (
            "admin",
            "change-team",
            str(target),
            ["team_id"],
            "team of north-caseworker-2: north -> south",
            "ok",
        ),
        ("admin", "change-role", newbie, ["role"], "role of newbie: none -> caseworker", "ok"),
        ("admin", "change-team", newbie, ["team_id"], "team of newbie: none -> north", "ok"),
    ]
    assert all(PASSWORD not in str(e) for e in events)
