"""Return figures (issue 8, section 4): departures by month and route from the store, through
disclosure control, and the support the pack gives by date; on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date
from itertools import pairwise

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from refuge.analytics.returns import departures_by_month, support_by_date
from refuge.casework.demo.load import load_demo_caseload
from refuge.casework.disclosure_table import TOTAL
from refuge.cli import app
from refuge.policy.country import load_country_pack
from refuge.store.engine import session_factory

FROM, TO = date(2024, 12, 8), date(2025, 9, 30)


@pytest.fixture
def demo(db_url: str, session: Session) -> Session:
    load_demo_caseload(session_factory(db_url), 10_000, seed=4, chunk_size=5_000)
    return session


def test_departures_by_month_and_route_are_the_published_ones(demo: Session) -> None:
    table = departures_by_month(demo, "SY", FROM, TO)
    assert table.cells[TOTAL, "supported"] == 70  # 700 at the default 100,000 persons
    assert table.cells["2025-09", "charter"] == table.cells[TOTAL, "charter"]  # 16 Sep 2025
    assert table.cells[TOTAL, "forced"] == 0  # no forced return to Syria yet
    shown = [n for n in table.cells.values() if n is not None]
    assert all(n == 0 or n >= 10 for n in shown)
    by_hand = demo.scalar(
        text("SELECT count(*) FROM return_cases WHERE status = 'departed' AND route = 'supported'")
    )
    assert by_hand == 70


def test_the_support_is_the_packs_by_date() -> None:
    support = support_by_date(load_country_pack("SY"), FROM, TO)
    assert support[0] == (FROM, 900, 900)  # until June 2025: EUR 900 cash (law-and-figures §3.4)
    assert all(a[0] < b[0] for a, b in pairwise(support))


def test_the_command_prints_the_figures(
    demo: Session, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REFUGE_DATABASE_URL", db_url)
    result = CliRunner().invoke(app, ["analytics", "returns"])
    assert result.exit_code == 0, result.output
    assert "SYNTHETIC" in result.stdout and "charter" in result.stdout
    assert "EUR 900 per adult" in result.stdout
    bad = CliRunner().invoke(
        app, ["analytics", "returns", "--from", "2025-09-30", "--to", "2025-01-01"]
    )
    assert bad.exit_code == 2
