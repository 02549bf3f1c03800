"""The same scenario over the same cohort on Apache Spark (local mode) and on DuckDB gives the
same counts, before disclosure control and so after it (issue 8, section 6)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from sqlalchemy.orm import Session

from refuge.analytics.caseload import cohort_facts, first_days
from refuge.analytics.cohort import Cohort
from refuge.analytics.scenario_run import count_duckdb, disclosed
from refuge.analytics.scenario_spark import count_spark
from refuge.casework.demo.load import load_demo_caseload
from refuge.policy.country import load_country_pack
from refuge.policy.what_if import apply_what_if, read_what_if
from refuge.store.engine import session_factory

pytestmark = pytest.mark.spark

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


def test_spark_and_duckdb_count_a_scenario_alike(
    spark: Any, db_url: str, session: Session, tmp_path: Path
) -> None:
    if not db_url.startswith("sqlite"):
        pytest.skip("the engines are compared once, on the SQLite store")
    load_demo_caseload(session_factory(db_url), 600, seed=9, chunk_size=300)
    with session.begin():
        cases = cohort_facts(session, Cohort(nationality="SY"), actor="test", purpose="test")
    path = tmp_path / "cohort.parquet"
    pq.write_table(cases, path)
    scenario = tmp_path / "scenario.yaml"
    scenario.write_text(SCENARIO)
    pack = load_country_pack("SY")
    derived = apply_what_if(pack, read_what_if(scenario, pack))
    months = first_days(date(2026, 1, 1), 6)

    on_duckdb = count_duckdb(pack, derived, cases, months)
    on_spark = count_spark(spark, pack, derived, str(path), months)

    assert on_spark == on_duckdb
    assert sum(on_duckdb.scenario.values()) == 6 * cases.num_rows
    assert on_duckdb.transitions  # the scenario changes something to compare
    assert disclosed(on_spark) == disclosed(on_duckdb)
