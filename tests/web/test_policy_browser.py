"""The policy pages in a real browser (Debian's Chromium), in Dutch and in English: an
administrator opens Policy, opens Syria, compares two dates and opens the legal review; no
console error and no serious axe violation on any page, a screenshot of each."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from browser import Tab, chromium, db_url, text_of

from live_server import live_server
from refuge.casework.demo.accounts import DemoAccount
from refuge.web.served import create_site

__all__ = ["chromium", "db_url"]


@pytest.fixture
def base_url(db_url: str, accounts: dict[str, DemoAccount]) -> Iterator[str]:
    with live_server(create_site(db_url, secure_cookies=False)) as url:  # plain HTTP
        yield url


WORDS = {
    "nl": {
        "index": "Landenbeleid",
        "moratorium": "Besluitmoratorium 9 dec 2024 9 jun 2025",
        "changes": "Van het beleid van 9 dec 2024 naar het beleid van 10 jun 2025",
        "after": "nee (vanaf 10 jun 2025)",
        "review": "Juridische toets SY",
        "first": "Eerst te toetsen:",
    },
    "en": {
        "index": "Country policy",
        "moratorium": "Decision moratorium Dec 9, 2024 Jun 9, 2025",
        "changes": "From the policy of Dec 9, 2024 to the policy of Jun 10, 2025",
        "after": "no (from Jun 10, 2025)",
        "review": "Legal review SY",
        "first": "To review first:",
    },
}


@pytest.mark.parametrize("language", ["nl", "en"])
def test_an_administrator_reads_the_policy_of_syria_compares_two_dates_and_the_legal_review(
    chromium: Any, base_url: str, accounts: dict[str, DemoAccount], language: str
) -> None:
    words = WORDS[language]
    account = accounts["admin"]
    tab = Tab(chromium, base_url, language)
    page = tab.page
    page.goto("/")
    page.fill("#username", account.username)
    page.fill("#password", account.password)
    page.click("button.primary")
    page.wait_for_url("**/policy")  # an administrator's start page
    assert page.get_attribute("html", "lang") == language
    assert words["index"] in text_of(page, "h1")
    tab.check(f"{language}-policy-index")
    page.click("main a[href='/policy/SY']")
    page.wait_for_url("**/policy/SY")
    assert words["moratorium"] in text_of(page, "#moratoria + table")
    tab.check(f"{language}-policy-country")
    # a rule opens to its legal basis and sources
    page.click("#rule-moratorium_in_force summary")
    assert "art. 43 Vw 2000" in text_of(page, "#rule-moratorium_in_force")
    # two dates: before the moratorium ended, and after the new country policy
    page.click("main a[href='/policy/SY/diff']")
    page.wait_for_url("**/policy/SY/diff")
    page.fill("#from", "2025-01-01")
    page.fill("#to", "2025-07-01")
    page.click("form button.primary")
    page.wait_for_selector("#changes")
    changes = text_of(page, "#changes")
    assert words["changes"] in changes
    assert "decision_moratorium" in changes and words["after"] in changes
    assert "moratorium_in_force" in changes
    tab.check(f"{language}-policy-diff")
    page.click("main a[href='/policy/SY']")
    page.wait_for_url("**/policy/SY")
    page.click("main a[href='/policy/SY/review']")
    page.wait_for_url("**/policy/SY/review")
    assert words["review"] in text_of(page, "h1")
    assert words["first"] in text_of(page)
    assumptions = page.locator("#review-assumptions + p + table tbody tr")
    assert assumptions.count() > 0 and assumptions.first.is_visible()
    tab.check(f"{language}-policy-review")
    tab.close()
