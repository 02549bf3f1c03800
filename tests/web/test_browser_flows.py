"""Each role's job, end to end, in a real browser (Debian's Chromium), in Dutch and in English:
no console error and no serious axe violation on any page, a screenshot of each."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from browser import chromium, db_url, signed_in, text_of
from sqlalchemy import select
from sqlalchemy.orm import sessionmaker

from live_server import live_server
from refuge.assess import assess
from refuge.casework import service
from refuge.casework.actor import Actor
from refuge.casework.case_facts import case_of
from refuge.casework.demo.accounts import DemoAccount
from refuge.casework.models import Application, Decision, Person
from refuge.casework.schemas import DecisionIn, HearingIn
from refuge.coi.demo import load_demo_documents
from refuge.store.engine import engine_for, session_factory
from refuge.web.served import create_site

__all__ = ["chromium", "db_url"]

GRANTS = ("grant_refugee", "grant_subsidiary")


@pytest.fixture
def base_url(db_url: str, accounts: dict[str, DemoAccount]) -> Iterator[str]:
    load_demo_documents(session_factory(db_url))  # the passages an assessment cites
    with live_server(create_site(db_url, secure_cookies=False)) as url:  # plain HTTP
        yield url


def _recommendation(db_url: str, v_number: str) -> str:
    with sessionmaker(engine_for(db_url))() as session:
        app, person = session.execute(
            select(Application, Person).join(Person).where(Person.v_number == v_number)
        ).one()
        return assess(case_of(session, app, person), datetime.now(UTC).date()).recommendation


@pytest.mark.parametrize("language", ["nl", "en"])
def test_caseworker_decides_a_case_with_reasons_for_departing(
    chromium: Any, base_url: str, db_url: str, accounts: dict[str, DemoAccount], language: str
) -> None:
    words = {
        "nl": ("Mijn zaken", "Feiten", "Beoordeling", "wijkt af", "Het besluit is vastgelegd"),
        "en": ("My cases", "Facts", "Assessment", "departs from", "The decision is recorded"),
    }[language]
    tab = signed_in(
        chromium, base_url, accounts["caseworker"], language, check=f"{language}-sign-in"
    )
    page = tab.page
    assert page.url.endswith("/cases"), (page.url, text_of(page))
    assert words[0] in text_of(page, "h1")
    tab.check(f"{language}-caseworker-cases")
    page.click("text=8000000001")
    tab.check(f"{language}-caseworker-case")
    # the facts, for a stated purpose (htmx swaps them in)
    page.click("#facts button[type=submit]")
    page.wait_for_selector("#facts dl.facts")
    assert "lgbtiq" in text_of(page, "#facts")
    # two hearings, so that the case can be decided
    for kind in ("first", "detailed"):
        page.click("#hearings summary")
        page.select_option("#hearing_kind", kind)
        page.fill("#hearing_summary", f"{kind} hearing held (synthetic)")
        page.click("#hearings form[action$='/hearings'] button")
        page.wait_for_selector("p.notice")
    # the assessment for today, with its steps and sources
    page.click("#assessment button[type=submit]")
    page.wait_for_selector("#assessment .headline")
    assert words[2] in text_of(page, "#assessment")
    tab.check(f"{language}-caseworker-assessment")
    recommended = _recommendation(db_url, "8000000001")
    departing = next(o for o in GRANTS if o != recommended)
    # keyboard only: choose the outcome, leave the reasons empty, send with Enter
    page.focus("#outcome")
    page.select_option("#outcome", departing)
    page.keyboard.press("Tab")  # the reasons
    assert page.evaluate("document.activeElement.id") == "reasons"
    page.keyboard.press("Tab")  # the button
    page.keyboard.press("Enter")
    page.wait_for_selector("#decision-error")
    assert words[3] in text_of(page, "#decision-error")
    with sessionmaker(engine_for(db_url))() as session:
        assert session.scalar(select(Decision.id)) is None  # nothing was saved
    page.focus("#reasons")
    page.keyboard.type("The account supports a different ground (synthetic test reasons).")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_selector("p.notice")
    assert words[4] in text_of(page, "p.notice")
    tab.check(f"{language}-caseworker-decided")
    with sessionmaker(engine_for(db_url))() as session:
        decision = session.scalars(select(Decision)).one()
        assert (decision.outcome, decision.deviates_from_recommendation) == (departing, True)
        assert decision.status == "awaiting_approval"
    tab.close()


@pytest.mark.parametrize("language", ["nl", "en"])
def test_auditor_verifies_the_chain(
    chromium: Any, base_url: str, accounts: dict[str, DemoAccount], language: str
) -> None:
    tab = signed_in(chromium, base_url, accounts["auditor"], language, check=f"{language}-sign-in")
    page = tab.page
    assert page.url.endswith("/audit")
    tab.check(f"{language}-auditor-trail")
    page.click("form[action='/audit/verification'] button")
    page.wait_for_selector("#verification")
    intact = {"nl": "De keten is intact", "en": "The chain is intact"}[language]
    assert intact in text_of(page, "#verification")
    tab.check(f"{language}-auditor-verified")
    tab.close()


def test_the_language_switch_overrides_the_browser(
    chromium: Any, base_url: str, accounts: dict[str, DemoAccount]
) -> None:
    tab = signed_in(chromium, base_url, accounts["caseworker"], "en")
    page = tab.page
    page.click("button[name=language]")
    page.wait_for_load_state()
    assert page.get_attribute("html", "lang") == "nl"
    assert "Mijn zaken" in text_of(page, "h1")
    tab.close()


def _departing_decision(db_url: str, caseworker: DemoAccount) -> tuple[str, str]:
    """The demo caseworker decides case 8000000001 today against the recommendation, with
    reasons (through the casework service): it awaits a supervisor. Its id and outcome."""
    today = datetime.now(UTC).date()
    with sessionmaker(engine_for(db_url))() as session:
        app, _person = session.execute(
            select(Application, Person).join(Person).where(Person.v_number == "8000000001")
        ).one()
        actor = Actor(app.caseworker_id, caseworker.username, "caseworker", app.team_id)
        for kind in ("first", "detailed"):
            hearing = HearingIn(kind=kind, held_on=today, summary="synthetic")  # type: ignore[arg-type]
            service.record_hearing(session, actor, app.id, hearing, today)
        recommended = service.run_assessment(session, actor, app.id, today, today).recommendation
        outcome = next(o for o in GRANTS if o != recommended)
        reasons = DecisionIn(outcome=outcome, reasons="synthetic reasons for departing")  # type: ignore[arg-type]
        service.record_decision(session, actor, app.id, reasons, today)
        session.commit()
        return str(app.id), outcome


@pytest.mark.parametrize("language", ["nl", "en"])
def test_supervisor_approves_a_departing_decision_which_then_takes_effect(
    chromium: Any, base_url: str, db_url: str, accounts: dict[str, DemoAccount], language: str
) -> None:
    application_id, outcome = _departing_decision(db_url, accounts["caseworker"])
    tab = signed_in(chromium, base_url, accounts["supervisor"], language)
    page = tab.page
    assert page.url.endswith("/cases")
    page.click("nav a[href='/approvals']")
    page.wait_for_url("**/approvals")
    tab.check(f"{language}-supervisor-approvals")
    page.click(f"a[href='/cases/{application_id}']")
    page.fill("#note", "The reasons carry the departure (synthetic).")
    page.click(f"button[formaction='/cases/{application_id}/approval']")
    page.wait_for_selector("p.notice")
    approved = {"nl": "goedgekeurd en van kracht", "en": "approved and in effect"}[language]
    assert approved in text_of(page, "p.notice")
    tab.check(f"{language}-supervisor-approved")
    with sessionmaker(engine_for(db_url))() as session:
        decision = session.scalars(select(Decision)).one()
        assert (decision.outcome, decision.status) == (outcome, "in_effect")
    tab.close()


def test_the_other_pages_pass_axe_the_cited_passage_the_password_and_the_error_pages(
    chromium: Any, base_url: str, accounts: dict[str, DemoAccount]
) -> None:
    tab = signed_in(chromium, base_url, accounts["caseworker"], "nl")
    page = tab.page
    page.click("text=8000000001")
    page.click("#assessment button[type=submit]")
    page.wait_for_selector("#assessment .headline")
    page.click("#assessment a[href^='/library/documents/']")
    page.wait_for_url("**/passages/**")
    assert "Antwoord op vraag" in text_of(page) or "vraag" in text_of(page)
    tab.check("nl-cited-passage")
    page.goto("/password")
    tab.check("nl-password")
    page.goto("/audit")  # not a caseworker's page
    assert "Uw rol mag deze pagina niet openen" in text_of(page)
    tab.check("nl-403", error_page=True)
    page.goto("/no-such-page")
    assert "Deze pagina bestaat niet" in text_of(page)
    tab.check("nl-404", error_page=True)
    tab.close()
