"""The smaller input defects (issue 7, defect 10), through a real server (uvicorn on a free
loopback port):

- a token whose expiry is already past is refused when it is issued (400 naming `expires_at`)
  and when it is used (401);
- control and invisible format characters (NUL, newlines, bidi overrides, ...) are refused in
  names; multi-line free text keeps its tabs and line breaks but no other control character;
- booleans and dates are strict: "yes" and 1 are not true, a timestamp or a number is not a date;
- a written view dated before the intended decision it answers is refused, naming both dates;
- a hearing dated before the application was lodged is refused, naming both dates.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
import pytest
from api_helpers import PASSWORD, World, application_body, http_client, signed_in
from sqlalchemy import func, select

from refuge.accounts import tokens
from refuge.accounts.models import ApiToken, User
from refuge.casework.models import WrittenView
from refuge.store.engine import transaction

TODAY = date.today()
YESTERDAY = (TODAY - timedelta(days=1)).isoformat()
TOMORROW = (TODAY + timedelta(days=1)).isoformat()
REJECTABLE = {"grounds": ["economic"], "risk_profiles": [], "credibility": "not_credible"}
# each refused in a name; the last ones are invisible format characters (Unicode Cf, Zl)
BAD_IN_NAMES = ["\x00", "\n", "\r", "\t", "\x1b", "\x7f", "\x85", "\u202e", "\u2066", "\u2028"]
# letters of other scripts, and the joiner Persian needs (U+200C)
TEAM = "Team Zuid \u2013 \u0641\u0631\u064a\u0642"
PERSIAN = "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645 \u03a9"
BAD_IN_TEXT = ["\x00", "\x1b", "\x7f", "\u202e", "\u2028"]


def _invalid(response: httpx.Response, field: str, status: int = 400) -> dict[str, Any]:
    """A problem+json answer whose invalid_params (or detail) names `field`."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    names = [p["name"] for p in body.get("invalid_params", [])]
    assert any(n.endswith(field) for n in names) or field in body["detail"], body
    return body


def _ok(response: httpx.Response, status: int = 201) -> Any:
    assert response.status_code == status, response.text
    return response.json()


def _tokens_of(world: World, username: str) -> int:
    with transaction(world.url) as s:
        query = select(func.count()).select_from(ApiToken)
        return int(s.scalar(query.where(ApiToken.user_id == world.ids[username])) or 0)


# --- 1. expired tokens -----------------------------------------------------------------------


@pytest.mark.parametrize("ago", [timedelta(seconds=1), timedelta(days=3650)])
def test_a_token_expiring_in_the_past_is_not_issued(
    plain_server: str, world: World, ago: timedelta
) -> None:
    before = _tokens_of(world, "caseworker"), _tokens_of(world, "admin")
    past = (datetime.now(UTC) - ago).isoformat()
    with signed_in(plain_server, "caseworker") as http:
        refused = http.post("/api/v1/sessions/current/tokens", json={"expires_at": past})
    with signed_in(plain_server, "admin") as admin:
        admin_path = admin.post(
            f"/api/v1/users/{world.ids['admin']}/tokens", json={"expires_at": past}
        )
    for response in (refused, admin_path):
        body = _invalid(response, "expires_at")
        assert body["code"] == "invalid-input"
    assert (_tokens_of(world, "caseworker"), _tokens_of(world, "admin")) == before

    future = (datetime.now(UTC) + timedelta(days=1)).isoformat()
    with signed_in(plain_server, "caseworker") as http:
        _ok(http.post("/api/v1/sessions/current/tokens", json={"expires_at": future}))


def test_a_token_past_its_expiry_is_refused_when_used(plain_server: str, world: World) -> None:
    with transaction(world.url) as s:
        user = s.get_one(User, world.ids["caseworker"])
        _, token = tokens.issue(s, user, "old", datetime.now(UTC) - timedelta(seconds=1))
    with httpx.Client(base_url=plain_server, headers={"Authorization": f"Bearer {token}"}) as http:
        response = http.get("/api/v1/sessions/current")
    assert response.status_code == 401, response.text
    assert response.headers["content-type"].startswith("application/problem+json")


# --- 2. control characters -------------------------------------------------------------------


@pytest.mark.parametrize("bad", BAD_IN_NAMES, ids=repr)
def test_control_characters_are_refused_in_names(plain_server: str, world: World, bad: str) -> None:
    with http_client(plain_server, world, "admin") as admin:
        _invalid(admin.post("/api/v1/teams", json={"name": f"team{bad}x"}), "name")
        user = {"username": "newbie", "password": PASSWORD, "role": "analyst"}
        _invalid(
            admin.post("/api/v1/users", json={**user, "display_name": f"A{bad}B"}), "display_name"
        )
        _invalid(admin.post("/api/v1/users", json={**user, "team": f"north{bad}"}), "team")
        _invalid(admin.post("/api/v1/users", json={**user, "username": f"new{bad}"}), "username")
        target = world.ids["analyst"]
        etag = admin.get(f"/api/v1/users/{target}").headers["ETag"]
        patched = admin.patch(
            f"/api/v1/users/{target}", json={"display_name": f"A{bad}"}, headers={"If-Match": etag}
        )
        _invalid(patched, "display_name")
    with signed_in(plain_server, "caseworker") as http:
        _invalid(http.post("/api/v1/sessions/current/tokens", json={"name": f"ci{bad}"}), "name")
    with http_client(plain_server, world, "caseworker") as http:
        created = _ok(http.post("/api/v1/applications", json=application_body()))
        url = f"/api/v1/applications/{created['id']}/hearings"
        hearing = {"kind": "first", "held_on": YESTERDAY, "summary": "heard"}
        refused = http.post(url, json={**hearing, "interpreter_language": f"ar{bad}"})
        _invalid(refused, "interpreter_language")


@pytest.mark.parametrize("blank", ["   ", "\u00a0", "\u3000\u2003"], ids=repr)
def test_names_of_only_spaces_are_refused(plain_server: str, world: World, blank: str) -> None:
    with http_client(plain_server, world, "admin") as admin:
        _invalid(admin.post("/api/v1/teams", json={"name": blank}), "name")
        user = {"username": "newbie", "password": PASSWORD, "role": "analyst"}
        _invalid(admin.post("/api/v1/users", json={**user, "display_name": blank}), "display_name")
    with http_client(plain_server, world, "caseworker") as http:
        created = _ok(http.post("/api/v1/applications", json=application_body()))
        url = f"/api/v1/applications/{created['id']}/hearings"
        hearing = {"kind": "first", "held_on": YESTERDAY, "summary": blank + "\n"}
        _invalid(http.post(url, json=hearing), "summary")


def test_names_in_any_script_are_accepted(plain_server: str, world: World) -> None:
    """Letters of every script, and the joiners some need (ZWNJ in Persian), are names."""
    with http_client(plain_server, world, "admin") as admin:
        team = _ok(admin.post("/api/v1/teams", json={"name": TEAM}))
        assert team["name"] == TEAM
        body = {"username": "newbie", "password": PASSWORD, "role": "analyst"}
        user = _ok(admin.post("/api/v1/users", json={**body, "display_name": PERSIAN}))
        assert user["display_name"] == PERSIAN


@pytest.mark.parametrize("bad", BAD_IN_TEXT, ids=repr)
def test_free_text_keeps_line_breaks_but_no_other_control_characters(
    plain_server: str, world: World, bad: str
) -> None:
    with http_client(plain_server, world, "caseworker") as http:
        created = _ok(http.post("/api/v1/applications", json=application_body()))
        url = f"/api/v1/applications/{created['id']}"
        hearing = {"kind": "first", "held_on": YESTERDAY}
        refused = http.post(url + "/hearings", json={**hearing, "summary": f"one{bad}two"})
        _invalid(refused, "summary")
        finding = {"element": "a claim", "credible": "credible", "notes": f"a{bad}b"}
        _invalid(http.post(url + "/findings", json=finding), "notes")
        _invalid(http.post(url + "/coi-requests", json={"question": f"q{bad}"}), "question")
        multi_line = "first line\r\nsecond line\n\tindented"
        _ok(http.post(url + "/hearings", json={**hearing, "summary": multi_line}))


# --- 3. strict booleans and dates ------------------------------------------------------------


@pytest.mark.parametrize("value", ["yes", "true", 1, 0, "1"])
def test_a_boolean_is_true_or_false(plain_server: str, world: World, value: Any) -> None:
    with http_client(plain_server, world, "caseworker") as http:
        refused = http.post("/api/v1/applications", json=application_body(minor=value))
        _invalid(refused, "minor")
        created = _ok(http.post("/api/v1/applications", json=application_body()))
        url = f"/api/v1/applications/{created['id']}"
        etag = http.get(url, headers={"Purpose": "test"}).headers["ETag"]
        patched = http.patch(url, json={"legal_residence": value}, headers={"If-Match": etag})
        _invalid(patched, "legal_residence")
    with http_client(plain_server, world, "admin") as admin:
        target = world.ids["analyst"]
        etag = admin.get(f"/api/v1/users/{target}").headers["ETag"]
        patched = admin.patch(
            f"/api/v1/users/{target}", json={"active": value}, headers={"If-Match": etag}
        )
        _invalid(patched, "active")


@pytest.mark.parametrize(
    "value", ["2025-07-01T00:00:00", "2025-07-01T00:00:00Z", 1751328000, 20250701, "20250701"]
)
def test_a_date_is_a_calendar_date(plain_server: str, world: World, value: Any) -> None:
    with http_client(plain_server, world, "caseworker") as http:
        refused = http.post("/api/v1/applications", json=application_body(application_date=value))
        _invalid(refused, "application_date")
        created = _ok(http.post("/api/v1/applications", json=application_body()))
        url = f"/api/v1/applications/{created['id']}"
        hearing = {"kind": "first", "held_on": value, "summary": "heard"}
        _invalid(http.post(url + "/hearings", json=hearing), "held_on")
        _invalid(http.post(url + "/assessments", json={"as_of": value}), "as_of")
        _invalid(http.get("/api/v1/applications", params={"overdueOn": str(value)}), "overdueOn")


# --- 4. a written view before its intended decision ------------------------------------------


def test_a_written_view_before_the_intended_decision_is_refused(
    plain_server: str, world: World
) -> None:
    with http_client(plain_server, world, "caseworker") as http:
        body = application_body(application_date="2025-03-01", **REJECTABLE)
        url = f"/api/v1/applications/{_ok(http.post('/api/v1/applications', json=body))['id']}"
        for kind in ("first", "detailed"):
            hearing = {"kind": kind, "held_on": YESTERDAY, "summary": "heard"}
            _ok(http.post(url + "/hearings", json=hearing))
        _ok(http.post(url + "/assessments", json={}))
        intended = {"outcome": "reject", "reasons": "no risk shown", "respond_by": TOMORROW}
        issued = _ok(http.post(url + "/intended-decisions", json=intended))
        assert issued["issued_on"] == TODAY.isoformat()

        early = http.post(url + "/written-views", json={"received_on": YESTERDAY, "summary": "x"})
        problem = _invalid(early, "received_on")
        assert problem["code"] == "written-view-before-intended-decision"
        assert YESTERDAY in problem["detail"] and TODAY.isoformat() in problem["detail"]
        assert problem["received_on"] == YESTERDAY
        assert problem["issued_on"] == TODAY.isoformat()
        with transaction(world.url) as s:
            assert s.scalar(select(func.count()).select_from(WrittenView)) == 0

        view = {"received_on": TODAY.isoformat(), "summary": "I disagree"}
        _ok(http.post(url + "/written-views", json=view))


def test_a_hearing_before_the_application_date_is_refused_and_nothing_moves(
    plain_server: str, world: World
) -> None:
    with http_client(plain_server, world, "caseworker") as http:
        body = application_body(application_date="2025-03-01", **REJECTABLE)
        url = f"/api/v1/applications/{_ok(http.post('/api/v1/applications', json=body))['id']}"
        early = {"kind": "first", "held_on": "2025-02-28", "summary": "heard"}
        problem = _invalid(http.post(url + "/hearings", json=early), "held_on")
        assert problem["code"] == "before-application"
        assert "2025-02-28" in problem["detail"] and "2025-03-01" in problem["detail"]
        assert http.get(url, headers={"Purpose": "check"}).json()["state"] == "registered"
        same_day = {"kind": "first", "held_on": "2025-03-01", "summary": "heard"}
        _ok(http.post(url + "/hearings", json=same_day))
