"""`--engine spark` on `refuge analytics cohort` and `refuge scenario run` (issue 8, section 6):
on the same demo caseload, every output (table, CSV, JSON, Parquet; the scenario's terminal
summary, CSV files and HTML report) is the same as with `--engine duckdb`, from the store and
from Parquet; without PySpark the option says which extra to install."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from refuge.analytics.caseload import cohort_facts
from refuge.analytics.cohort import Cohort
from refuge.analytics.cohort_sql import caseload_tables
from refuge.casework.demo.load import load_demo_caseload
from refuge.cli import app
from refuge.store.engine import session_factory

runner = CliRunner()
SCENARIO = """\
name: Cessation and a return agreement
country: SY
changes:
  - parameter: cessation_established
    from: 2026-03-01
    value: true
  - parameter: return_agreement_in_force
    from: 2026-05-01
    value: true
"""


@pytest.fixture
def demo(db_url: str, session: Session, monkeypatch: pytest.MonkeyPatch) -> Session:
    monkeypatch.setenv("REFUGE_DATABASE_URL", db_url)
    monkeypatch.setenv("REFUGE_LOG_LEVEL", "warning")
    load_demo_caseload(session_factory(db_url), 600, seed=9, chunk_size=300)
    return session


def _refuge(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.mark.spark
def test_spark_gives_the_analyst_the_same_outputs_as_duckdb(
    spark: Any, demo: Session, db_url: str, tmp_path: Path
) -> None:
    if not db_url.startswith("sqlite"):
        pytest.skip("the engines are compared once, on the SQLite store")
    holders = ["--nationality", "SY", "--permit", "temporary_asylum", "--at", "2025-06-01"]
    for shape in (
        ["--format", "table"],
        ["--format", "csv", "--by", "region"],
        ["--format", "json"],
    ):
        on_duckdb = _refuge("analytics", "cohort", *holders, *shape)
        assert _refuge("analytics", "cohort", *holders, *shape, "--engine", "spark") == on_duckdb
    assert "SYNTHETIC" in _refuge("analytics", "cohort", *holders, "--engine", "spark")
    for engine in ("duckdb", "spark"):
        _refuge(
            "analytics", "cohort", "--nationality", "SY", "--by", "permit_ground", "--permit",
            "temporary_asylum", "--format", "parquet", "--engine", engine,
            "--output", str(tmp_path / f"{engine}.parquet"),
        )  # fmt: skip
    assert pq.read_table(tmp_path / "spark.parquet") == pq.read_table(tmp_path / "duckdb.parquet")

    # the caseload's tables as Parquet, as on object storage: the same count without the store
    caseload = tmp_path / "caseload"
    caseload.mkdir()
    with demo.begin():
        for name, table in caseload_tables(demo).items():
            pq.write_table(table, caseload / f"{name}.parquet")
    from_parquet = _refuge(
        "analytics", "cohort", *holders, "--format", "json", "--engine", "spark",
        "--caseload", str(caseload),
    )  # fmt: skip
    assert from_parquet == _refuge("analytics", "cohort", *holders, "--format", "json")
    missing = runner.invoke(
        app, ["analytics", "cohort", "--engine", "spark", "--caseload", str(tmp_path / "none")]
    )
    assert missing.exit_code == 2 and "Traceback" not in missing.output
    assert str(tmp_path / "none" / "people.parquet") in missing.output

    scenario = tmp_path / "scenario.yaml"
    scenario.write_text(SCENARIO)
    printed = {}
    for engine in ("duckdb", "spark"):
        printed[engine] = _refuge(
            "scenario", "run", str(scenario), "--months", "4", "--engine", engine,
            "--output", str(tmp_path / engine), "--html", str(tmp_path / f"{engine}.html"),
        )  # fmt: skip
    assert printed["spark"] == printed["duckdb"]
    assert "Who changes" in printed["spark"] and "permit: ground_lapsed" in printed["spark"]
    assert _files(tmp_path / "spark") == _files(tmp_path / "duckdb")
    assert (tmp_path / "spark.html").read_text() == (tmp_path / "duckdb.html").read_text()

    # the cohort's facts as Parquet: the same tables, read by Spark instead of the store
    with demo.begin():
        cases = cohort_facts(demo, Cohort(nationality="SY"), actor="test", purpose="test")
    pq.write_table(cases, tmp_path / "cohort.parquet")
    _refuge(
        "scenario", "run", str(scenario), "--months", "4", "--engine", "spark",
        "--cases", str(tmp_path / "cohort.parquet"), "--output", str(tmp_path / "from_parquet"),
    )  # fmt: skip
    assert _files(tmp_path / "from_parquet") == _files(tmp_path / "duckdb")


def test_without_pyspark_the_spark_engine_names_the_extra(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setitem(sys.modules, "pyspark", None)  # as if the extra were not installed
    scenario = tmp_path / "scenario.yaml"
    scenario.write_text(SCENARIO)
    for args in (
        ["analytics", "cohort", "--nationality", "SY", "--engine", "spark"],
        ["scenario", "run", str(scenario), "--engine", "spark"],
    ):
        result = runner.invoke(app, args)
        assert result.exit_code == 2, result.output
        assert "pip install 'refuge[spark]'" in result.output
        assert "Traceback" not in result.output


def test_engine_options_are_checked_before_any_work(tmp_path: Path) -> None:
    scenario = tmp_path / "scenario.yaml"
    scenario.write_text(SCENARIO)
    for args, says in (
        (["analytics", "cohort", "--engine", "flink"], "--engine 'flink': one of duckdb, spark"),
        (["analytics", "cohort", "--spark-master", "local[2]"], "--spark-master: only with"),
        (
            ["analytics", "cohort", "--caseload", "s3a://b/c"],
            "--caseload: only with --engine spark",
        ),
        (["scenario", "run", str(scenario), "--cases", "x.parquet"], "--cases: only with"),
    ):
        result = runner.invoke(app, args)
        assert result.exit_code == 2, result.output
        assert says in result.output
