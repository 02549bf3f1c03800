"""The return job end to end in a real browser (Debian's Chromium), in Dutch and in English: the
demo caseworker opens Return, sees the team's return cases by state, opens charter planning,
plans a charter and reads the plan; no console error and no serious axe violation on any page."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from browser import chromium, db_url, signed_in, text_of
from sqlalchemy.orm import sessionmaker

from live_server import live_server
from refuge.casework.demo.accounts import DemoAccount
from refuge.casework.demo.returns import add_demo_return_cases
from refuge.store.engine import engine_for
from refuge.web.served import create_site

__all__ = ["chromium", "db_url"]

TODAY = datetime.now(UTC).date()


@pytest.fixture
def base_url(db_url: str, accounts: dict[str, DemoAccount]) -> Iterator[str]:
    with sessionmaker(engine_for(db_url))() as session:  # what `refuge demo` adds
        add_demo_return_cases(session, accounts["caseworker"].username, TODAY)
        session.commit()
    with live_server(create_site(db_url, secure_cookies=False)) as url:  # plain HTTP
        yield url


@pytest.mark.parametrize("language", ["nl", "en"])
def test_caseworker_sees_the_return_board_and_plans_a_charter(
    chromium: Any, base_url: str, accounts: dict[str, DemoAccount], language: str
) -> None:
    words = {
        "nl": (
            "Terugkeerzaken van het team",
            "Zelfstandig vertrek",
            "Charterplanning",
            "Charter voor zelfstandig vertrek naar Syrië",
            "Er loopt nog een aanvraag",
        ),
        "en": (
            "Return cases of the team",
            "Voluntary departure",
            "Charter planning",
            "Voluntary charter to Syria",
            "An application is still open",
        ),
    }[language]
    tab = signed_in(
        chromium, base_url, accounts["caseworker"], language, check=f"{language}-returns-sign-in"
    )
    page = tab.page
    page.wait_for_url("**/cases")
    tab.check(f"{language}-returns-cases")
    page.click("nav a[href='/returns']")
    page.wait_for_url("**/returns")
    assert words[0] in text_of(page, "h1")
    columns = page.locator("section.board-column h2")
    assert columns.count() == 6 and words[1] in columns.nth(1).inner_text()
    assert page.locator("li.card").count() == 8
    assert "8000000101" in text_of(page, "section[aria-labelledby='state-voluntary_departure']")
    tab.check(f"{language}-returns-board")
    page.click("a[href='/returns/charters']")
    page.wait_for_url("**/returns/charters")
    assert words[2] in text_of(page, "h1")
    tab.check(f"{language}-returns-charter-form")
    # a voluntary charter a week from now, two seats a flight
    page.fill("#firstFlight", (TODAY + timedelta(days=7)).isoformat())
    page.fill("#seats", "2")
    page.click("form[action='/returns/charters'] button[type=submit]")
    page.wait_for_selector("#charter-plan")
    assert words[3] in text_of(page, "#charter-plan .headline")
    seated = text_of(page, "#charter-flights")
    assert "8000000101" in seated and "8000000102" in seated
    waiting = text_of(page, "#charter-waiting")
    assert words[4] in waiting and "8000000103" in waiting
    assert page.locator("#assumptions li").count() == 6
    tab.check(f"{language}-returns-charter-plan")
    tab.close()
