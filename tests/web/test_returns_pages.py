"""The return pages in-process, on SQLite and PostgreSQL: the team's return cases on a board by
state (another team's never, no special-category fact on it), and charter planning — who goes on
which flight, who waits and why, the plan's assumptions; a bad value is a message naming the
field, and a forced charter never carries a person with an established real risk on return."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker
from web_helpers import sign_in

from charter_cases import EXCLUDED_NO_RISK, actor, return_case, write_agreement_pack
from refuge.accounts.models import User
from refuge.audit.models import AuditEvent
from refuge.casework.actor import Actor
from refuge.casework.charter_plan import CharterRequest, assumptions
from refuge.casework.demo.accounts import DemoAccount
from refuge.casework.demo.returns import add_demo_return_cases
from refuge.casework.models import ReturnCase
from refuge.store.engine import engine_for

TODAY = datetime.now(UTC).date()
EN = {"Accept-Language": "en"}
OTHER_TEAM = "8000000901"  # a return case of another team, on the voluntary track to SY-DI
SPECIAL = ("economic", "not_credible", "fear_non_state_actor", "article_1F", "credible")


@pytest.fixture
def returns(db_url: str, accounts: dict[str, DemoAccount]) -> str:
    """The demo team's return cases (`refuge demo` adds them) and one of another team."""
    with sessionmaker(engine_for(db_url))() as session:
        assert add_demo_return_cases(session, accounts["caseworker"].username, TODAY) == 8
        session.commit()
        other = actor(session, "other-caseworker", "caseworker", "Other team")
        return_case(session, other, OTHER_TEAM, region="SY-DI")
    return db_url


def _demo_caseworker(session: Session, account: DemoAccount) -> Actor:
    user = session.scalars(select(User).where(User.username == account.username)).one()
    return Actor(user.id, user.username, user.role, user.team_id)


def _audited(db_url: str, entity: str) -> int:
    with sessionmaker(engine_for(db_url))() as session:
        return (
            session.scalar(
                select(func.count()).select_from(AuditEvent).where(AuditEvent.entity == entity)
            )
            or 0
        )


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _column(html: str, state: str) -> str:
    found = re.search(
        rf'<section class="board-column" aria-labelledby="state-{state}">(.*?)</section>',
        html,
        re.S,
    )
    assert found, state
    return found.group(1)


def test_the_board_shows_the_teams_return_cases_by_state_in_the_lifecycles_order(
    returns: str, site: FastAPI, accounts: dict[str, DemoAccount]
) -> None:
    reads = _audited(returns, "application")
    for role in ("caseworker", "supervisor"):
        with TestClient(site, base_url="https://testserver") as client:
            sign_in(client, accounts[role])
            page = client.get("/returns")  # Dutch by default
            assert page.status_code == 200
            headings = re.findall(
                r'<h2 id="state-[a-z_]+">([^<]+?) <span class="badge">(\d+)</span>', page.text
            )
            assert headings == [
                ("Geopend", "2"),
                ("Zelfstandig vertrek", "2"),
                ("Gefaciliteerd vertrek", "1"),
                ("Gedwongen vertrek", "0"),
                ("Vertrokken", "2"),
                ("Afgesloten", "1"),
            ], role
            assert "8000000101" in page.text and OTHER_TEAM not in page.text
    # the longest waiting first; the route each person takes or took
    opened = _column(page.text, "opened")
    assert opened.index("8000000104") < opened.index("8000000105")
    assert "nog geen vertrekspoor gekozen" in opened
    assert "zelfstandig, met ondersteuning" in _column(page.text, "facilitated_departure")
    departed = _text(_column(page.text, "departed"))
    assert "chartervlucht" in departed and "zelfstandig, zonder ondersteuning" in departed
    assert "geen vertrek vastgelegd" in _column(page.text, "closed")
    # no special-category fact on the board, and showing it reads none
    shown = _text(page.text)
    assert not [word for word in SPECIAL if re.search(rf"\b{word}\b", shown)]
    assert _audited(returns, "application") == reads
    # each card opens its case
    with sessionmaker(engine_for(returns))() as session:
        cases = session.scalars(select(ReturnCase.application_id)).all()
    linked = re.findall(r'href="/cases/([0-9a-f-]{36})"', page.text)
    assert len(linked) == 8 and set(linked) < {str(c) for c in cases}
    with TestClient(site, base_url="https://testserver") as client:
        sign_in(client, accounts["caseworker"])
        assert client.get(f"/cases/{linked[0]}").status_code == 200
        english = client.get("/returns", headers=EN).text
    assert "Voluntary departure" in english and "Damascus (SY-DI)" in english


def test_a_voluntary_charter_seats_the_longest_waiting_first_and_says_who_waits_and_why(
    returns: str, browser_of: TestClient, accounts: dict[str, DemoAccount]
) -> None:
    sign_in(browser_of, accounts["supervisor"])
    form = browser_of.get("/returns/charters", headers=EN)
    assert form.status_code == 200 and 'id="charter-plan"' not in form.text
    assert _audited(returns, "charter_plan") == 0
    first = TODAY + timedelta(days=7)
    query = f"country=SY&firstFlight={first.isoformat()}&seats=1&kind=voluntary&flights=1"
    page = browser_of.get(f"/returns/charters?{query}&everyDays=7&by=region", headers=EN)
    assert page.status_code == 200
    flights = _text(page.text.split('id="charter-flights"')[1].split("</table>")[0])
    # one seat to Damascus: the case opened 120 days ago, not the one opened 90 days ago
    assert "Damascus (SY-DI)" in flights and "1 of 1" in flights
    assert "8000000101" in flights and "8000000102" not in flights
    waiting = _text(page.text.split('id="charter-waiting"')[1].split("</div>")[0])
    for reason, who in (
        ("No seat left", "8000000102"),
        ("An application is still open", "8000000103"),
        ("No departure track chosen", "8000000104"),
    ):
        assert re.search(rf"{reason} \d+ .*{who}", waiting), (reason, who)
    assert OTHER_TEAM not in page.text  # another team's case is nowhere, not even waiting
    told = re.findall(r'<li class="assumption">', page.text)
    service = CharterRequest("SY", first, 1, "voluntary", 1, 7, "region")
    assert len(told) == len(assumptions(service))
    assert "no source gives a charter&#39;s capacity" in page.text
    assert _audited(returns, "charter_plan") == 1  # the reading, recorded once


REFUSED = [
    ("country=XX&seats=5", "country", "Destination: choose a country with a policy pack."),
    ("firstFlight=2025-01-01&seats=5", "firstFlight", "First flight: the date is before today."),
    ("firstFlight=tomorrow&seats=5", "firstFlight", "First flight: give a date"),
    ("seats=0", "seats", "Seats per flight: give a whole number from 1 to 1,000."),
    ("seats=5&everyDays=400", "everyDays", "Days between flights: give a whole number"),
    ("seats=5&kind=deport", "kind", "Kind of charter: choose voluntary or forced."),
    ("seats=5&by=city", "by", "Destinations: choose one flight per region or per country."),
    (f"seats={'9' * 5000}", "seats", "Seats per flight: give a whole number"),
]


def test_a_value_that_cannot_be_planned_is_a_message_naming_the_field(
    db_url: str, browser_of: TestClient, accounts: dict[str, DemoAccount]
) -> None:
    sign_in(browser_of, accounts["caseworker"])
    tomorrow = (TODAY + timedelta(days=1)).isoformat()
    for query, field, message in REFUSED:
        if "firstFlight" not in query:
            query += f"&firstFlight={tomorrow}"
        page = browser_of.get(f"/returns/charters?{query}", headers=EN)
        assert page.status_code == 200, query
        alert = re.search(
            r'<p class="error" role="alert" id="charter-error">([^<]+)</p>', page.text
        )
        assert alert and alert.group(1).startswith(message), query
        assert re.search(rf'id="{field}"[^>]*aria-invalid="true"', page.text), query
        assert 'id="charter-plan"' not in page.text
    dutch = browser_of.get(f"/returns/charters?seats=2000&firstFlight={tomorrow}")
    assert "Stoelen per vlucht: geef een geheel getal van 1 tot en met 1.000." in dutch.text
    assert _audited(db_url, "charter_plan") == 0  # nothing read, nothing recorded


def test_a_forced_charter_never_carries_a_person_with_an_established_real_risk(
    returns: str,
    browser_of: TestClient,
    accounts: dict[str, DemoAccount],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # a test pack with a return agreement, under which the general presumption of real risk
    # on return comes back in force 30 days from now (the real Syria pack has no agreement)
    packs = tmp_path / "packs"
    packs.mkdir()
    monkeypatch.setenv("REFUGE_POLICY_DIR", str(packs))
    write_agreement_pack(packs, risk_from=TODAY + timedelta(days=30))
    with sessionmaker(engine_for(returns), expire_on_commit=False)() as session:
        who = _demo_caseworker(session, accounts["caseworker"])
        return_case(session, who, "8000000201", to_state="forced_departure", facts=EXCLUDED_NO_RISK)
    sign_in(browser_of, accounts["caseworker"])

    def forced(first: date) -> str:
        query = f"country=SY&firstFlight={first.isoformat()}&seats=5&kind=forced"
        page = browser_of.get(f"/returns/charters?{query}", headers=EN)
        assert page.status_code == 200
        return page.text

    soon = forced(TODAY + timedelta(days=1))
    assert "Forced charter to Syria (SY)" in soon
    assert "8000000201" in soon.split('id="charter-flights"')[1].split("</table>")[0]
    assert re.search(r"Chose to leave voluntarily.*8000000101", _text(soon))

    late = forced(TODAY + timedelta(days=60))
    assert "Nobody can go on a flight of this plan." in late
    waiting = _text(late.split('id="charter-waiting"')[1].split("</div>")[0])
    assert re.search(r"Real risk on return \(Article 3 ECHR\) 1 .* 8000000201", waiting)
    assert "Article 3 ECHR bars forced return while it lasts" in waiting
