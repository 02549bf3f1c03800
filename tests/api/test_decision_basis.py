"""Four eyes cannot be bypassed by backdating (issue 7, defect 1), through a real server (uvicorn
on a free loopback port).

An assessment run with an `as_of` other than the day it is run is analysis (`purpose:
"analysis"`, in the stored record and the API output) and is never the basis of a decision. A
decision, and a supervisor's approval of one, is compared with the recommendation of an
assessment run on the decision date for that date (`purpose: "decision_basis"`); without one
the service refuses with 409 `assessment-not-on-decision-date`."""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
import pytest
from api_helpers import World, application_body
from fastapi import FastAPI
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from live_server import live_server
from refuge.api.deps import get_now
from refuge.casework.models import Assessment
from refuge.policy.country import load_country_pack
from refuge.store.engine import transaction

TODAY = date(2025, 10, 1)  # after the general presumption lapsed; no decision moratorium
LODGED = date(2019, 6, 1)
BACKDATED = date(2019, 11, 1)  # the general presumption: every Syrian qualified (subsidiary)
PACK_STARTS = load_country_pack("SY").valid_from  # 2011-07-06
PACK_ENDS = date(2027, 12, 31)
PURPOSE = {"Purpose": "check the decision"}
OUTCOMES = ("grant_refugee", "grant_subsidiary", "reject", "reject_excluded")


class Clock:
    """The server's today, which a test may move."""

    def __init__(self, day: date) -> None:
        self.day = day

    def now(self) -> datetime:
        return datetime(self.day.year, self.day.month, self.day.day, 12, tzinfo=UTC)


@pytest.fixture
def clock() -> Clock:
    return Clock(TODAY)


@pytest.fixture
def server(app: FastAPI, clock: Clock) -> Iterator[str]:
    app.state.v1.dependency_overrides[get_now] = clock.now
    with live_server(app) as url:
        yield url


_V_NUMBERS = itertools.count(3_000_000_000)


def heard(http: httpx.Client, held_on: date = TODAY, **facts: Any) -> str:
    """An application heard in detail; returns its URL."""
    body = application_body(v_number=str(next(_V_NUMBERS)), **facts)
    created = http.post("/api/v1/applications", json=body)
    assert created.status_code == 201, created.text
    url = f"/api/v1/applications/{created.json()['id']}"
    for kind in ("first", "detailed"):
        hearing = {"kind": kind, "held_on": held_on.isoformat(), "summary": "told of threats"}
        response = http.post(url + "/hearings", json=hearing)
        assert response.status_code == 201, response.text
    return url


def economic(http: httpx.Client) -> str:
    """Credible, economic reasons only: under the general presumption (2019) a grant of
    subsidiary protection; under the policy in force on TODAY a rejection."""
    return heard(
        http,
        application_date=LODGED.isoformat(),
        grounds=["economic"],
        risk_profiles=[],
        region_of_origin="SY-HA",
    )


def credible(http: httpx.Client) -> str:
    """Credible, LGBTIQ, with an individual risk indicator: a refugee status on TODAY."""
    return heard(http, individual_risk_indicators=1)


def assess(http: httpx.Client, url: str, as_of: date | None = None) -> dict[str, Any]:
    body = {} if as_of is None else {"as_of": as_of.isoformat()}
    response = http.post(url + "/assessments", json=body)
    assert response.status_code == 201, response.text
    out: dict[str, Any] = response.json()
    return out


def stored_purpose(world: World, assessment_id: str) -> str:
    with transaction(world.url) as s:
        return s.get_one(Assessment, uuid.UUID(assessment_id)).purpose


def state(http: httpx.Client, url: str) -> dict[str, Any]:
    response = http.get(url, headers=PURPOSE)
    assert response.status_code == 200, response.text
    out: dict[str, Any] = response.json()
    return out


def test_a_backdated_grant_is_not_the_basis_of_a_decision(server: str, world: World) -> None:
    with httpx.Client(base_url=server, headers=world.auth("caseworker")) as http:
        url = economic(http)
        old = assess(http, url, BACKDATED)
        assert old["recommendation"] == "grant_subsidiary"
        assert old["purpose"] == "analysis" and old["as_of"] == BACKDATED.isoformat()
        assert stored_purpose(world, old["id"]) == "analysis"

        # the attack: decide "as recommended" by the backdated assessment, today
        attack = http.post(url + "/decisions", json={"outcome": "grant_subsidiary"})
        assert attack.status_code == 409, attack.text
        problem = attack.json()
        assert problem["code"] == "assessment-not-on-decision-date"
        assert TODAY.isoformat() in problem["detail"] and BACKDATED.isoformat() in problem["detail"]
        assert problem["decision_date"] == TODAY.isoformat()
        assert problem["newest_as_of"] == BACKDATED.isoformat()
        app = state(http, url)
        assert app["state"] == "detailed_hearing" and app["decision"] is None

        # today's assessment is the basis: the grant departs from it and waits for a supervisor
        basis = assess(http, url)
        assert basis["recommendation"] == "reject" and basis["purpose"] == "decision_basis"
        assert basis["as_of"] == TODAY.isoformat()
        assert stored_purpose(world, basis["id"]) == "decision_basis"
        assess(http, url, BACKDATED)  # a newer backdated analysis changes nothing
        bare = http.post(url + "/decisions", json={"outcome": "grant_subsidiary"})
        assert bare.status_code == 400 and bare.json()["code"] == "deviation-needs-reasons"
        departing = {"outcome": "grant_subsidiary", "reasons": "the 2019 policy"}
        decided = http.post(url + "/decisions", json=departing)
        assert decided.status_code == 201, decided.text
        decision = decided.json()
        assert decision["status"] == "awaiting_approval"
        assert decision["deviates_from_recommendation"] is True
        assert decision["recommendation"] == "reject"
        assert decision["assessment_id"] == basis["id"]
        assert state(http, url)["state"] == "detailed_hearing"


def test_a_same_day_assessment_works_as_before(server: str, world: World) -> None:
    with httpx.Client(base_url=server, headers=world.auth("caseworker")) as http:
        url = credible(http)
        basis = assess(http, url, TODAY)  # the date sent explicitly: the same as none
        assert basis["recommendation"] == "grant_refugee"
        assert basis["purpose"] == "decision_basis"
        decided = http.post(url + "/decisions", json={"outcome": "grant_refugee"})
        assert decided.status_code == 201, decided.text
        decision = decided.json()
        assert decision["status"] == "in_effect" and not decision["deviates_from_recommendation"]
        assert decision["assessment_id"] == basis["id"]
        assert state(http, url)["state"] == "decided"


def test_a_future_date_is_analysis_and_no_basis(server: str, world: World) -> None:
    with httpx.Client(base_url=server, headers=world.auth("caseworker")) as http:
        url = credible(http)
        future = assess(http, url, TODAY + timedelta(days=30))
        assert future["purpose"] == "analysis"
        assert stored_purpose(world, future["id"]) == "analysis"
        refused = http.post(url + "/decisions", json={"outcome": future["recommendation"]})
        assert refused.status_code == 409, refused.text
        assert refused.json()["code"] == "assessment-not-on-decision-date"


def test_an_assessment_of_yesterday_is_no_basis_today(
    server: str, world: World, clock: Clock
) -> None:
    with httpx.Client(base_url=server, headers=world.auth("caseworker")) as http:
        url = credible(http)
        yesterday = assess(http, url)
        assert yesterday["purpose"] == "decision_basis"
        clock.day = TODAY + timedelta(days=1)
        refused = http.post(url + "/decisions", json={"outcome": "grant_refugee"})
        assert refused.status_code == 409, refused.text
        assert refused.json()["code"] == "assessment-not-on-decision-date"
        today = assess(http, url)
        decided = http.post(url + "/decisions", json={"outcome": "grant_refugee"})
        assert decided.status_code == 201, decided.text
        assert decided.json()["assessment_id"] == today["id"]


def test_the_approval_compares_with_the_recommendation_of_its_own_day(
    server: str, world: World, clock: Clock
) -> None:
    """A supervisor approving on a later day approves against that day's recommendation."""
    caseworker = httpx.Client(base_url=server, headers=world.auth("caseworker"))
    supervisor = httpx.Client(base_url=server, headers=world.auth("supervisor"))
    with caseworker, supervisor:
        url = economic(caseworker)
        first = assess(caseworker, url)
        departing = {"outcome": "grant_subsidiary", "reasons": "documents"}
        decided = caseworker.post(url + "/decisions", json=departing)
        assert decided.status_code == 201 and decided.json()["status"] == "awaiting_approval"
        assert decided.json()["assessment_id"] == first["id"]

        clock.day = TODAY + timedelta(days=2)
        refused = supervisor.post(url + "/decision-approvals", json={})
        assert refused.status_code == 409, refused.text
        assert refused.json()["code"] == "assessment-not-on-decision-date"
        assert state(supervisor, url)["decision"]["status"] == "awaiting_approval"

        assess(supervisor, url, BACKDATED)  # analysis: still no basis
        again = supervisor.post(url + "/decision-approvals", json={})
        assert again.status_code == 409, again.text

        basis = assess(supervisor, url)
        approved = supervisor.post(url + "/decision-approvals", json={"note": "documents"})
        assert approved.status_code == 201, approved.text
        body = approved.json()
        assert body["status"] == "in_effect" and body["assessment_id"] == basis["id"]
        assert body["recommendation"] == "reject" and body["deviates_from_recommendation"]
        assert state(supervisor, url)["state"] == "decided"


def test_no_assessment_or_decision_date_is_a_server_error(
    server: str, world: World, clock: Clock
) -> None:
    """Across the whole pack range: an assessment on any `as_of`, then a decision on any day
    (the server's today), answers 2xx or 4xx, never 5xx; a decision in effect always follows
    an assessment run on its own day, and departs from it only with reasons."""
    http = httpx.Client(base_url=server, headers=world.auth("caseworker"))
    lodged = PACK_STARTS
    days = st.dates(min_value=lodged, max_value=PACK_ENDS)

    @settings(
        max_examples=30,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(
        as_of=days,
        today=days,
        same_day=st.booleans(),
        outcome=st.sampled_from(OUTCOMES),
        reasons=st.sampled_from(["", "reasons"]),
    )
    @example(as_of=BACKDATED, today=TODAY, same_day=False, outcome="grant_subsidiary", reasons="")
    @example(as_of=PACK_STARTS, today=PACK_ENDS, same_day=True, outcome="reject", reasons="r")
    @example(as_of=PACK_ENDS, today=PACK_STARTS, same_day=False, outcome="reject", reasons="")
    def check(as_of: date, today: date, same_day: bool, outcome: str, reasons: str) -> None:
        clock.day = today
        url = heard(
            http,
            held_on=lodged,
            application_date=lodged.isoformat(),
            grounds=["economic"],
            risk_profiles=[],
        )
        assessed = http.post(url + "/assessments", json={"as_of": as_of.isoformat()})
        assert assessed.status_code < 500, assessed.text
        if assessed.status_code == 201:
            purpose = assessed.json()["purpose"]
            assert purpose == ("decision_basis" if as_of == today else "analysis")
        if same_day:
            basis = http.post(url + "/assessments", json={})
            assert basis.status_code < 500, basis.text
        decided = http.post(url + "/decisions", json={"outcome": outcome, "reasons": reasons})
        assert decided.status_code < 500, decided.text
        if decided.status_code == 201:
            decision = decided.json()
            with transaction(world.url) as s:
                basis_row = s.get_one(Assessment, uuid.UUID(decision["assessment_id"]))
                assert basis_row.as_of == today and basis_row.purpose == "decision_basis"
            assert decision["deviates_from_recommendation"] == (
                outcome != decision["recommendation"]
            )
            if decision["status"] == "in_effect":
                assert not decision["deviates_from_recommendation"]
        elif as_of != today and not same_day:
            assert decided.status_code in (400, 409), decided.text

    with http:
        check()
