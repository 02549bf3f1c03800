"""Driving the web app in Debian's Chromium with Playwright (nothing downloads a browser), with
axe-core (the npm package in node_modules, injected by the tests) checking every page.

Without /usr/bin/chromium or node_modules/axe-core the browser tests are skipped, unless
REFUGE_REQUIRE_BROWSER=1 (CI: .ci/run installs both), when they fail instead."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARTEFACTS = ROOT / "test-artifacts" / "web"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# the flags a closed network needs (no background fetches that fail at every start)
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def require_browser() -> None:
    missing = [str(p) for p in (Path(CHROMIUM), AXE) if not p.exists()]
    if not missing:
        return
    why = f"browser tests need {', '.join(missing)} (.ci/run installs them)"
    if os.environ.get("REFUGE_REQUIRE_BROWSER") == "1":
        pytest.fail(why)
    pytest.skip(why)


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    """The browser tests run on SQLite (the pages' behaviour on PostgreSQL is covered by the
    in-process page tests); a browser test module imports this fixture to override conftest's."""
    from refuge.store.migrate import upgrade

    url = f"sqlite:///{tmp_path / 'refuge.db'}"
    upgrade(url)
    return url


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            yield browser
        finally:
            browser.close()


class Tab:
    """One page in a fresh browser context, recording console errors, with axe at hand."""

    def __init__(self, browser: Any, base_url: str, language: str) -> None:
        self.context = browser.new_context(base_url=base_url, locale=language)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def check(self, name: str, *, error_page: bool = False) -> None:
        """The page has no serious or critical axe violation and no console error; a
        screenshot of it goes to the test artefacts. An `error_page` (a 403 or 404 page,
        which the browser itself reports on the console as a failed load) is checked by axe
        only."""
        ARTEFACTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(ARTEFACTS / f"{name}.png"), full_page=True)
        self.page.evaluate(AXE.read_text(encoding="utf-8"))
        result = self.page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
        )
        serious = [
            f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
            for v in result["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        assert not serious, f"{name}: axe found {serious}"
        if error_page:
            self.errors.clear()
        assert not self.errors, f"{name}: console errors {self.errors}"

    def close(self) -> None:
        self.context.close()


def signed_in(
    browser: Any, base_url: str, account: Any, language: str, check: str | None = None
) -> Tab:
    """A new tab in `language` that opens the site, lands on the sign-in page (in that
    language; checked with axe as `check` when given) and signs `account` in."""
    tab = Tab(browser, base_url, language)
    tab.page.goto("/")
    assert tab.page.url.endswith("/sign-in")
    assert tab.page.get_attribute("html", "lang") == language
    if check is not None:
        tab.check(check)
    tab.page.fill("#username", account.username)
    tab.page.fill("#password", account.password)
    tab.page.click("button.primary")
    return tab


def text_of(page: Any, selector: str = "main") -> str:
    return re.sub(r"\s+", " ", page.inner_text(selector))
