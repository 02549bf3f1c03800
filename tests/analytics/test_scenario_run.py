"""A what-if scenario over a cohort (issue 8, section 3): the bulk counts are exactly what each
member gets from `assess` with the same scenario, every table passes disclosure control, and the
command writes its tables; on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import re
import uuid
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from refuge.analytics.caseload import ROW, cohort_facts, first_days
from refuge.analytics.cohort import Cohort
from refuge.analytics.scenario_run import run_scenario
from refuge.assess import assess
from refuge.casework.case_facts import case_of
from refuge.casework.demo.load import load_demo_caseload
from refuge.casework.disclosure_table import TOTAL
from refuge.casework.models import Application, Person
from refuge.cli import app
from refuge.policy.country import load_country_pack
from refuge.policy.what_if import apply_what_if, read_what_if
from refuge.store.engine import session_factory

SCENARIO = """\
name: Cessation from March 2026
country: SY
changes:
  - parameter: cessation_established
    from: 2026-03-01
    value: true
"""
HOLDERS = Cohort(nationality="SY", permit="temporary_asylum")


@pytest.fixture
def scenario(tmp_path: Path) -> Path:
    path = tmp_path / "cessation.yaml"
    path.write_text(SCENARIO)
    return path


@pytest.fixture
def demo(db_url: str, session: Session) -> Session:
    load_demo_caseload(session_factory(db_url), 400, seed=3, chunk_size=200)
    return session


def _outcome(result: object) -> str:
    review = getattr(result, "permit_review", None)
    if review is not None:
        return f"permit: {review.reason_code}"
    return f"application: {result.recommendation}"


def test_the_caseload_gets_what_each_member_gets(demo: Session, scenario: Path) -> None:
    pack = load_country_pack("SY")
    derived = apply_what_if(pack, read_what_if(scenario, pack))
    with demo.begin():
        cases = cohort_facts(demo, HOLDERS, actor="test", purpose="test")
    day = date(2026, 4, 1)
    report = run_scenario(pack, derived, cases, [date(2026, 2, 1), day])
    one_by_one: Counter[str] = Counter()
    baseline: Counter[str] = Counter()
    ids = cases.column("person_id").to_pylist()
    assert len(set(ids)) == cases.num_rows == report.members
    for person_id in ids:
        person = demo.get_one(Person, uuid.UUID(person_id))
        application = demo.scalars(
            select(Application)
            .where(Application.person_id == person.id)
            .order_by(Application.application_date.desc())
        ).first()
        assert application is not None
        case = case_of(demo, application, person)
        one_by_one[_outcome(assess(case, day, pack=derived))] += 1
        baseline[_outcome(assess(case, day))] += 1
    for outcome, n in one_by_one.items():
        shown = report.scenario.cells[str(day), outcome]
        assert shown is None or shown == n, outcome
        if n >= 10:
            assert shown == n
    for outcome, n in baseline.items():
        shown = report.baseline.cells[str(day), outcome]
        assert shown is None or shown == n, outcome
    assert ROW in cases.column_names


def test_no_small_count_leaves(demo: Session, scenario: Path) -> None:
    pack = load_country_pack("SY")
    derived = apply_what_if(pack, read_what_if(scenario, pack))
    with demo.begin():
        cases = cohort_facts(demo, Cohort(nationality="SY"), actor="test", purpose="test")
    report = run_scenario(pack, derived, cases, first_days(date(2026, 1, 1), 4))
    for table in (report.baseline, report.scenario, report.transitions):
        for n in table.cells.values():
            assert n is None or n == 0 or n >= 10
    assert all(n is None or n >= 10 for n in report.rules.values())


def test_the_command_prints_and_writes_the_tables(
    demo: Session, scenario: Path, db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REFUGE_DATABASE_URL", db_url)
    cohort = tmp_path / "holders.yaml"
    cohort.write_text("nationality: SY\npermit: temporary_asylum\n")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app,
        [
            "scenario",
            "run",
            str(scenario),
            "--cohort",
            str(cohort),
            "--months",
            "3",
            "--output",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "Who changes" in result.stdout and "permit: ground_lapsed" in result.stdout
    with (out / "scenario.csv").open() as f:
        rows = list(csv.DictReader(f))
    total = next(r for r in rows if r["row"] == TOTAL and r["column"] == TOTAL)
    assert int(total["persons"]) == 3 * 301  # 301 holders, three months
    with (out / "scenario_regions.csv").open() as f:
        regions = list(csv.DictReader(f))
    grand = next(r for r in regions if r["row"] == TOTAL and r["column"] == TOTAL)
    assert int(grand["persons"]) == 301  # every holder in one region, on the last month
    assert all(
        r["suppressed"] == "True" or r["persons"] == "0" or int(r["persons"]) >= 10 for r in regions
    )
    bad = CliRunner().invoke(app, ["scenario", "run", str(cohort)])
    assert bad.exit_code == 2 and "the scenario has problems" in bad.output


def test_the_html_report_is_self_contained_and_shows_no_small_count(
    demo: Session, scenario: Path, db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REFUGE_DATABASE_URL", db_url)
    page = tmp_path / "report.html"
    result = CliRunner().invoke(
        app, ["scenario", "run", str(scenario), "--months", "4", "--html", str(page)]
    )
    assert result.exit_code == 0, result.output
    html = page.read_text()
    assert html.startswith("<!doctype html>") and '<html lang="en">' in html
    assert "SYNTHETIC demo data" in html
    assert html.count("<svg") == 3  # outcomes over time, the flow, the workload
    assert "<script" not in html and " src=" not in html and "<link" not in html
    assert set(re.findall(r"https?://[^'\"\s]+", html)) <= {"http://www.w3.org/2000/svg"}
    cells = [int(n.replace(",", "")) for n in re.findall(r"<td>([0-9,]+)</td>", html)]
    assert cells and all(n == 0 or n >= 10 for n in cells)


def test_a_stored_value_the_engine_cannot_read_is_named_not_a_traceback(
    demo: Session, scenario: Path, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REFUGE_DATABASE_URL", db_url)
    with demo.begin():
        application = demo.scalars(select(Application).limit(1)).one()
        application.grounds = ["a_ground_nobody_knows"]
        person = application.person_id
    result = CliRunner().invoke(app, ["scenario", "run", str(scenario)])
    assert result.exit_code == 2, result.output
    assert "cannot read" in result.stderr and str(person) in result.stderr
    assert "a_ground_nobody_knows" in result.stderr and "Traceback" not in result.output
