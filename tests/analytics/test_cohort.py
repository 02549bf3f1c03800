"""Cohorts (issue 8, section 2) on the synthetic caseload, on SQLite and PostgreSQL: the counts
agree with hand-written SQL, small counts never leave, and bad cohort files are named."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from refuge.analytics.cohort import Cohort, CohortFileError, count_cohort, read_cohort
from refuge.casework.demo.calibration import Groups
from refuge.casework.demo.load import load_demo_caseload
from refuge.cli import app
from refuge.store.engine import session_factory

PERSONS = 400
HOLDERS = Cohort(nationality="SY", permit="temporary_asylum", at=date(2025, 6, 1))
runner = CliRunner()


@pytest.fixture
def demo(db_url: str, session: Session) -> Session:
    load_demo_caseload(session_factory(db_url), PERSONS, seed=11, chunk_size=150)
    return session


def _sql(session: Session, query: str, **params: object) -> int:
    return int(session.scalar(text(query), params) or 0)


def test_the_holders_on_the_reference_date_are_the_calibrated_number(demo: Session) -> None:
    expected = Groups.of(PERSONS).holders
    assert count_cohort(demo, HOLDERS) == {"total": expected}
    by_hand = _sql(
        demo,
        "SELECT count(DISTINCT x.id) FROM people x JOIN permits p ON p.person_id = x.id "
        "WHERE x.nationality = 'SY' AND p.kind = 'temporary_asylum' AND p.status <> 'revoked' "
        "AND p.granted <= :day AND p.valid_until >= :day",
        day=date(2025, 6, 1),
    )
    assert by_hand == expected


def test_a_count_per_ground_adds_up_and_hides_small_cells(demo: Session) -> None:
    per_ground = count_cohort(demo, HOLDERS, by="permit_ground")
    shown = [n for n in per_ground.values() if n is not None]
    hidden = [g for g, n in per_ground.items() if n is None]
    assert len(hidden) != 1  # one hidden cell alone could be worked back from a total
    if not hidden:
        assert sum(shown) == Groups.of(PERSONS).holders
    assert all(n >= 10 for n in shown)


def test_a_small_cohort_is_suppressed(demo: Session) -> None:
    counts = dict(
        demo.execute(text("SELECT nationality, count(*) FROM people GROUP BY nationality")).all()
    )
    small = sorted(c for c, n in counts.items() if 0 < n < 10)
    assert small  # a handful of each other nationality in 400 synthetic persons
    assert count_cohort(demo, Cohort(nationality=small[0])) == {"total": None}
    large = max(counts, key=lambda c: counts[c])
    assert count_cohort(demo, Cohort(nationality=large)) == {"total": counts[large]}


def test_pending_on_a_date_counts_the_undecided_then(demo: Session) -> None:
    at_moratorium = count_cohort(
        demo, Cohort(nationality="SY", application="pending", at=date(2024, 12, 9))
    )["total"]
    by_hand = _sql(
        demo,
        "SELECT count(DISTINCT a.person_id) FROM applications a JOIN people x ON x.id = "
        "a.person_id WHERE x.nationality = 'SY' AND a.application_date <= :day "
        "AND a.status <> 'withdrawn' AND NOT EXISTS "
        "(SELECT 1 FROM decisions d WHERE d.application_id = a.id AND d.status = 'in_effect' "
        "AND d.decided_at <= :end)",
        day=date(2024, 12, 9),
        end="2024-12-09 23:59:59.999999",
    )
    assert at_moratorium == by_hand >= Groups.of(PERSONS).pending_moratorium


def test_a_cohort_file_is_read_and_its_mistakes_are_named(tmp_path: Path) -> None:
    good = tmp_path / "holders.yaml"
    good.write_text("nationality: SY\npermit: temporary_asylum\nat: 2025-06-01\n")
    assert read_cohort(good) == HOLDERS
    broken = tmp_path / "broken.yaml"
    broken.write_text("nationality: SY\npermit: [temporary_asylum\n")
    with pytest.raises(CohortFileError, match=r"broken.yaml:\d+: not YAML"):
        read_cohort(broken)
    unknown = tmp_path / "unknown.yaml"
    unknown.write_text("nationality: SY\ncolour: blue\n")
    with pytest.raises(CohortFileError, match="field 'colour'"):
        read_cohort(unknown)
    incoherent = tmp_path / "incoherent.yaml"
    incoherent.write_text("nationality: SY\npermit_ground: refugee\n")
    with pytest.raises(CohortFileError, match="need permit"):
        read_cohort(incoherent)


def test_the_command_prints_counts_in_every_format(
    demo: Session, db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REFUGE_DATABASE_URL", db_url)
    flags = ["--nationality", "SY", "--permit", "temporary_asylum", "--at", "2025-06-01"]
    expected = Groups.of(PERSONS).holders
    table = runner.invoke(app, ["analytics", "cohort", *flags])
    assert table.exit_code == 0, table.output
    assert f"{expected:,}" in table.stdout and "SYNTHETIC" in table.stdout
    as_json = runner.invoke(app, ["analytics", "cohort", *flags, "--format", "json"])
    assert json.loads(as_json.stdout)["rows"][0]["persons"] == expected
    as_csv = runner.invoke(app, ["analytics", "cohort", *flags, "--format", "csv"])
    assert as_csv.stdout.splitlines()[1] == f"total,{expected},False,True"
    out = tmp_path / "holders.parquet"
    written = runner.invoke(
        app, ["analytics", "cohort", *flags, "--format", "parquet", "--output", str(out)]
    )
    assert written.exit_code == 0, written.output
    assert pq.read_table(out).to_pylist()[0]["persons"] == expected
    tiny = runner.invoke(
        app,
        [
            "analytics",
            "cohort",
            "--nationality",
            "SY",
            "--region",
            "SY-HL",
            "--permit",
            "temporary_asylum",
            "--permit-ground",
            "refugee",
            "--granted-to",
            "2014-12-31",
        ],
    )
    assert tiny.exit_code == 0, tiny.output
    by_hand = _sql(
        demo,
        "SELECT count(*) FROM permits p JOIN people x ON x.id = p.person_id WHERE "
        "x.region_of_origin = 'SY-HL' AND p.ground = 'refugee' AND p.status = 'active' "
        "AND p.granted <= '2014-12-31'",
    )
    assert ("<10" in tiny.stdout) == (0 < by_hand < 10)
    bad = runner.invoke(app, ["analytics", "cohort", "--nationality", "Syria"])
    assert bad.exit_code == 2 and "--nationality" in bad.output
