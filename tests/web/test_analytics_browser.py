"""The analyst's job end to end in a real browser (Debian's Chromium), in Dutch and English:
count a cohort, run the bundled scenario, follow its progress, read the charts and download
the CSV; no console error and no serious axe violation on any page."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from browser import Tab, chromium, db_url, text_of
from sqlalchemy.orm import sessionmaker

from live_server import live_server
from refuge.casework.demo.accounts import DemoAccount, ensure_demo_accounts
from refuge.casework.demo.load import load_demo_caseload
from refuge.store.engine import engine_for, session_factory
from refuge.web.served import create_site

__all__ = ["chromium", "db_url"]


@pytest.fixture
def accounts(db_url: str, tmp_path: Path) -> dict[str, DemoAccount]:
    """300 synthetic persons (the loader wants an empty store), then the demo accounts."""
    load_demo_caseload(session_factory(db_url), persons=300, seed=1)
    with sessionmaker(engine_for(db_url))() as session:
        made = ensure_demo_accounts(session, tmp_path / "accounts.txt", datetime.now(UTC).date())
        session.commit()
    return {a.username.removeprefix("demo-"): a for a in made}


@pytest.fixture
def base_url(db_url: str, accounts: dict[str, DemoAccount]) -> Iterator[str]:
    with live_server(create_site(db_url, secure_cookies=False)) as url:  # plain HTTP
        yield url


WORDS = {
    "nl": {
        "heading": "Cohorten en scenario's",
        "refugee": "vluchtelingenstatus",
        "finished": "Klaar",
        "lapsed": "Vergunning: grond vervallen",
        "flow": "Van de huidige uitkomst naar die van het scenario",
        "workload": "Werklast",
    },
    "en": {
        "heading": "Cohorts and scenarios",
        "refugee": "refugee status",
        "finished": "Finished",
        "lapsed": "Permit: ground lapsed",
        "flow": "From today's outcome to the scenario's",
        "workload": "Workload",
    },
}


@pytest.mark.parametrize("language", ["nl", "en"])
def test_analyst_runs_the_bundled_scenario_and_downloads_its_tables(
    chromium: Any, base_url: str, accounts: dict[str, DemoAccount], language: str
) -> None:
    words = WORDS[language]
    tab = Tab(chromium, base_url, language)
    page = tab.page
    page.goto("/")
    page.fill("#username", accounts["analyst"].username)
    page.fill("#password", accounts["analyst"].password)
    page.click("button.primary")
    page.wait_for_url("**/analytics")
    assert words["heading"] in text_of(page, "h1")
    tab.check(f"{language}-analyst-analytics")
    # a cohort per permit ground: htmx puts the counts under the form
    page.select_option("#c-by", "permit_ground")
    page.click("#cohort-form button[type=submit]")
    page.wait_for_selector("#cohort-counts")
    counts = text_of(page, "#cohort-counts")
    assert words["refugee"] in counts and "83" in counts
    tab.check(f"{language}-analyst-cohort")
    # the bundled cessation scenario over the permit holders, four months from February 2026
    page.select_option("#s-scenario", "cessation-2026-03")
    page.fill("#s-start", "2026-02-01")
    page.fill("#s-months", "4")
    page.click("#scenario-form button[type=submit]")
    page.wait_for_url("**/analytics/scenario-runs/*")
    tab.check(f"{language}-analyst-run-started")
    page.wait_for_selector("#csv-link", timeout=60_000)  # htmx polls until the run is done
    assert words["finished"] in text_of(page, "#run-status p[role=status]")
    assert page.locator("svg[role=img]").count() == 3
    assert words["lapsed"] in text_of(page, "#run-status")
    assert words["flow"] in text_of(page, "#flow-heading")
    assert words["workload"] in text_of(page, "#workload-heading")
    tab.check(f"{language}-analyst-run-finished")
    with page.expect_download() as download:
        page.click("#csv-link")
    path = download.value.path()
    assert download.value.suggested_filename.endswith(".csv")
    rows = list(csv.DictReader(io.StringIO(Path(path).read_text(encoding="utf-8"))))
    lapsed = {
        r["persons"]
        for r in rows
        if (r["table"], r["row"], r["column"])
        == ("scenario", "2026-05-01", "permit: ground_lapsed")
    }
    assert lapsed == {"144"}
    tab.close()
