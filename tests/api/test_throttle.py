"""Throttling sign-in and bad tokens, through a real HTTP server: per account (a growing lockout
after repeated wrong passwords, even for the right one) and per client address (a budget of
failures a minute); 429 problems with Retry-After; a flood costs the audit trail a bounded
number of events. The clock is injected (`get_now`), so nothing sleeps."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import httpx
import pytest
import typer
from api_helpers import PASSWORD, World
from fastapi import FastAPI
from sqlalchemy import func, select
from typer.testing import CliRunner

from live_server import live_server
from refuge.api.deps import get_now
from refuge.audit.models import AuditEvent
from refuge.cli.users_cmd import users_app
from refuge.store.engine import transaction

OTHER_CLIENT = "127.0.0.2"  # all of 127/8 is loopback: a second client address on one machine
AUDITED_PER_WINDOW = 4


@dataclass
class Clock:
    now: datetime

    def advance(self, **kw: float) -> None:
        self.now += timedelta(**kw)


@pytest.fixture
def clock(app: FastAPI) -> Clock:
    c = Clock(datetime.now(UTC).replace(microsecond=0))
    app.state.v1.dependency_overrides[get_now] = lambda: c.now
    return c


@pytest.fixture
def limits(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REFUGE_SIGN_IN_MAX_FAILURES", "5")
    monkeypatch.setenv("REFUGE_SIGN_IN_WINDOW", "900")
    monkeypatch.setenv("REFUGE_SIGN_IN_LOCKOUT", "900")
    monkeypatch.setenv("REFUGE_CLIENT_MAX_FAILURES", "20")
    monkeypatch.setenv("REFUGE_CLIENT_WINDOW", "60")
    monkeypatch.setenv("REFUGE_AUDIT_FAILURES_PER_WINDOW", str(AUDITED_PER_WINDOW))


@pytest.fixture
def server(app: FastAPI, world: World, clock: Clock, limits: None) -> Iterator[str]:
    with live_server(app) as url:
        yield url


def _client(base: str, address: str = "127.0.0.1") -> httpx.Client:
    return httpx.Client(
        base_url=base, transport=httpx.HTTPTransport(local_address=address), timeout=30
    )


def _sign_in(c: httpx.Client, password: str, username: str = "caseworker") -> httpx.Response:
    return c.post("/api/v1/sessions", json={"username": username, "password": password})


def _audit_count(url: str) -> int:
    with transaction(url) as s:
        return int(s.scalar(select(func.count()).select_from(AuditEvent)) or 0)


def _assert_429(response: httpx.Response, code: str, at_most: int) -> int:
    assert response.status_code == 429, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == code
    assert response.json()["status"] == 429
    retry_after = int(response.headers["retry-after"])
    assert 1 <= retry_after <= at_most
    return retry_after


def test_wrong_passwords_lock_the_account_even_for_the_right_one(
    server: str, world: World, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REFUGE_CLIENT_MAX_FAILURES", "1000")  # the account limit alone
    with _client(server) as c:
        statuses = [_sign_in(c, "wrong password " + str(i)).status_code for i in range(25)]
        assert statuses == [401] * 5 + [429] * 20
        locked = _sign_in(c, PASSWORD)
        _assert_429(locked, "too-many-sign-in-failures", 900)
        # the lock is on the account, not on the address it was attacked from
        with _client(server, OTHER_CLIENT) as other:
            _assert_429(_sign_in(other, PASSWORD), "too-many-sign-in-failures", 900)
            # other accounts are not locked
            assert _sign_in(other, PASSWORD, "supervisor").status_code == 201
        clock.advance(minutes=14)
        _assert_429(_sign_in(c, PASSWORD), "too-many-sign-in-failures", 60)
        clock.advance(minutes=1, seconds=1)
        assert _sign_in(c, PASSWORD).status_code == 201


def test_the_lockout_grows_and_a_success_resets_it(
    server: str, world: World, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REFUGE_CLIENT_MAX_FAILURES", "1000")
    with _client(server) as c:
        for _ in range(5):
            assert _sign_in(c, "wrong password!").status_code == 401
        first = _assert_429(_sign_in(c, PASSWORD), "too-many-sign-in-failures", 900)
        clock.advance(seconds=first + 1)
        for _ in range(5):
            assert _sign_in(c, "wrong password!").status_code == 401
        second = _assert_429(_sign_in(c, PASSWORD), "too-many-sign-in-failures", 1800)
        assert second > 900
        clock.advance(seconds=second + 1)
        assert _sign_in(c, PASSWORD).status_code == 201
        for _ in range(5):
            assert _sign_in(c, "wrong password!").status_code == 401
        _assert_429(_sign_in(c, PASSWORD), "too-many-sign-in-failures", 900)


def test_a_flood_of_bad_tokens_is_refused_and_audited_a_bounded_number_of_times(
    server: str, world: World, clock: Clock
) -> None:
    before = _audit_count(world.url)
    flood = 300
    with _client(server) as c:
        bad = {"Authorization": "Bearer rfg_not-a-token"}
        answers = [c.get("/api/v1/applications", headers=bad) for _ in range(flood)]
        assert [a.status_code for a in answers] == [401] * 20 + [429] * (flood - 20)
        _assert_429(answers[-1], "too-many-failures", 60)
        # N events one by one for the window, nothing yet for the rest
        assert _audit_count(world.url) - before == AUDITED_PER_WINDOW
        clock.advance(seconds=61)  # a new window: the next failure writes the summary first
        assert c.get("/api/v1/applications", headers=bad).status_code == 401
    with transaction(world.url) as s:
        events = s.scalars(select(AuditEvent).where(AuditEvent.seq > before)).all()
        assert len(events) == AUDITED_PER_WINDOW + 2  # ... + one summary + the new window's first
        summaries = [e for e in events if e.action == "failures-summary"]
        assert len(summaries) == 1
        summary = summaries[0]
        assert (summary.entity, summary.entity_id) == ("client", "127.0.0.1")
        assert f"{flood - AUDITED_PER_WINDOW} more" in summary.purpose


def test_someone_elses_failures_do_not_block_another_client(
    server: str, world: World, clock: Clock
) -> None:
    bad = {"Authorization": "Bearer rfg_not-a-token"}
    with _client(server) as attacker:
        while attacker.get("/api/v1/applications", headers=bad).status_code != 429:
            pass
        # the blocked address may not try passwords (for any account) ...
        _assert_429(_sign_in(attacker, PASSWORD, "supervisor"), "too-many-failures", 60)
        # ... but a valid token is still served, from there as from anywhere (documented)
        ok = attacker.get("/api/v1/sessions/current", headers=world.auth("auditor"))
        assert ok.status_code == 200
    with _client(server, OTHER_CLIENT) as other:
        assert other.get("/api/v1/sessions/current", headers=world.auth("caseworker")).is_success
        assert other.get("/api/v1/applications", headers=bad).status_code == 401
        assert _sign_in(other, PASSWORD, "supervisor").status_code == 201
    clock.advance(seconds=61)
    with _client(server) as attacker:
        assert attacker.get("/api/v1/applications", headers=bad).status_code == 401
        assert _sign_in(attacker, PASSWORD, "supervisor").status_code == 201


def test_sign_in_failures_from_one_address_are_budgeted_across_accounts(
    server: str, world: World, clock: Clock
) -> None:
    before = _audit_count(world.url)
    with _client(server) as c:
        names = [f"nobody-{i}" for i in range(40)]
        statuses = [_sign_in(c, "wrong password!", name).status_code for name in names]
        assert statuses == [401] * 20 + [429] * 20
        _assert_429(_sign_in(c, PASSWORD), "too-many-failures", 60)
    assert _audit_count(world.url) - before <= AUDITED_PER_WINDOW


def test_an_administrator_unlocks_an_account(
    server: str, world: World, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REFUGE_DATABASE_URL", world.url)
    cli = typer.Typer()
    cli.add_typer(users_app, name="users")
    with _client(server) as c:
        for _ in range(5):
            assert _sign_in(c, "wrong password!").status_code == 401
        _assert_429(_sign_in(c, PASSWORD), "too-many-sign-in-failures", 900)
        unlocked = CliRunner().invoke(cli, ["users", "unlock", "caseworker"])
        assert unlocked.exit_code == 0, unlocked.output
        assert "unlocked caseworker" in unlocked.output
        assert _sign_in(c, PASSWORD).status_code == 201
    again = CliRunner().invoke(cli, ["users", "unlock", "caseworker"])
    assert again.exit_code == 0 and "was not locked" in again.output
    with transaction(world.url) as s:
        actions = s.scalars(select(AuditEvent.action).where(AuditEvent.actor == "cli")).all()
        assert "unlock" in actions
