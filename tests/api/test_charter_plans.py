"""`GET /charter-plans` (issue 8, section 4) on SQLite and PostgreSQL: the team's ready return
cases by region and date within the seats, another team's never; the summary through disclosure
control with no ids; bad input a 400 naming the query key, with nothing changed; caseworkers
and supervisors only."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from api_helpers import World
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from charter_cases import TODAY, return_case
from refuge.audit.models import AuditEvent
from refuge.casework.actor import Actor
from refuge.casework.models import ReturnCase

FIRST = (TODAY + timedelta(days=10)).isoformat()
URL = "/api/v1/charter-plans"


def _caseworker(world: World, username: str, team: str) -> Actor:
    return Actor(world.ids[username], username, "caseworker", world.teams[team])


def _get(client: TestClient, world: World, who: str, **query: Any) -> Any:
    params = {"country": "SY", "firstFlight": FIRST, "seats": 2, **query}
    return client.get(URL, params=params, headers=world.auth(who))


def test_the_plan_holds_the_teams_cases_by_region_and_date(
    client: TestClient, world: World, session: Session
) -> None:
    north = _caseworker(world, "caseworker", "north")
    south = _caseworker(world, "south-caseworker", "south")
    di = [
        str(
            return_case(session, north, f"10000000{i:02d}", opened_on=TODAY - timedelta(days=5 - i))
        )
        for i in range(3)
    ]
    hl = str(return_case(session, north, "2000000000", region="SY-HL"))
    theirs = str(return_case(session, south, "3000000000"))

    for who in ("caseworker", "supervisor"):
        response = _get(client, world, who)
        assert response.status_code == 200, response.text
        plan = response.json()
        flights = {(f["region"], f["date"]): f["return_case_ids"] for f in plan["flights"]}
        assert flights == {("SY-DI", FIRST): di[:2], ("SY-HL", FIRST): [hl]}
        assert [(w["return_case_id"], w["reason"]) for w in plan["waiting"]] == [(di[2], "no_seat")]
        assert theirs not in response.text
        assert any("no source says how charter dates are chosen" in a for a in plan["assumptions"])

    # the other team's plan holds their case alone
    other = _get(client, world, "south-caseworker").json()
    assert [f["return_case_ids"] for f in other["flights"]] == [[theirs]]

    summary = _get(client, world, "caseworker", view="summary")
    assert summary.status_code == 200, summary.text
    assert not any(i in summary.text for i in [*di, hl])
    counts = [n for row in summary.json()["rows"] for n in row["counts"].values()]
    assert all(n is None or n == 0 or n >= 10 for n in counts)

    for role in ("analyst", "admin", "auditor", "publisher"):
        refused = _get(client, world, role)
        assert refused.status_code == 403
        assert refused.headers["content-type"] == "application/problem+json"


def _state(session: Session) -> tuple[int, list[str]]:
    with session.begin():
        events = session.scalar(select(func.count()).select_from(AuditEvent)) or 0
        cases = sorted(c.status for c in session.scalars(select(ReturnCase)))
    return events, cases


@pytest.mark.parametrize(
    ("query", "key"),
    [
        ({"country": "XX"}, "query:country"),
        ({"country": "S1"}, "query:country"),
        ({"seats": 0}, "query:seats"),
        ({"seats": "many"}, "query:seats"),
        ({"firstFlight": "2025-13-01"}, "query:firstFlight"),
        ({"firstFlight": "2020-01-01"}, "query:firstFlight"),
        ({"kind": "deportation"}, "query:kind"),
        ({"everyDays": 0}, "query:everyDays"),
    ],
)
def test_bad_input_is_a_400_naming_the_key_and_changes_nothing(
    client: TestClient, world: World, session: Session, query: dict[str, Any], key: str
) -> None:
    return_case(session, _caseworker(world, "caseworker", "north"), "4000000000")
    before = _state(session)
    response = _get(client, world, "caseworker", **query)
    assert response.status_code == 400, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["code"] == "invalid-input"
    assert [p["name"] for p in body["invalid_params"]] == [key]
    assert _state(session) == before
