"""A cohort as plain SQL over the caseload's tables (for Spark) counts exactly what the store
counts, for any cohort one can declare (issue 8, section 6)."""

from __future__ import annotations

from datetime import date

import duckdb
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session

from refuge.analytics.cohort import By, Cohort, count_cohort
from refuge.analytics.cohort_sql import TABLES, caseload_tables, count_sql, counted
from refuge.casework.demo.load import load_demo_caseload
from refuge.store.engine import session_factory

DAYS = st.sampled_from(
    [None, date(2015, 1, 1), date(2022, 3, 15), date(2025, 6, 1), date(2025, 12, 31)]
)


@st.composite
def cohorts(draw: st.DrawFn) -> Cohort:
    permit = draw(st.sampled_from([None, "temporary_asylum"]))
    granted = sorted(d for d in (draw(DAYS), draw(DAYS)) if d is not None) if permit else []
    return Cohort(
        nationality=draw(st.sampled_from([None, "SY", "AF", "ER"])),
        region=draw(st.sampled_from([None, "SY-DI", "SY-HL"])),
        permit=permit,
        permit_ground=draw(
            st.sampled_from([None, "refugee", "subsidiary_general_risk", "subsidiary_individual"])
        )
        if permit
        else None,
        granted_from=granted[0] if granted else None,
        granted_to=granted[-1] if len(granted) > 1 else None,
        at=draw(DAYS),
        application=draw(st.sampled_from([None, "pending", "decided"])),
    )


def test_the_sql_of_any_cohort_counts_what_the_store_counts(db_url: str, session: Session) -> None:
    load_demo_caseload(session_factory(db_url), 500, seed=5, chunk_size=250)
    tables = caseload_tables(session)
    assert tables["people"].num_rows == 500
    con = duckdb.connect()
    for name in TABLES:
        con.register(name, tables[name])
    names = {name: name for name in TABLES}

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(cohorts(), st.sampled_from([None, "region", "nationality", "permit_ground"]))
    def agree(cohort: Cohort, by: By | None) -> None:
        in_store = count_cohort(session, cohort, by, threshold=1)
        as_sql = counted(con.execute(count_sql(cohort, by, names)).fetchall(), threshold=1)
        assert as_sql == in_store, (cohort, by)

    agree()
    con.close()
