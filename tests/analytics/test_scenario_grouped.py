"""A scenario run evaluates each distinct combination of facts once and counts it as often as
it has members (`distinct_cases`): every count and every table is what evaluating each member
on each month gives, for any cohort and any months."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from refuge.analytics.caseload import ROW, first_days
from refuge.analytics.distinct_cases import application_date_bounds, distinct_cases
from refuge.analytics.scenario_run import ScenarioCounts, count_duckdb, count_evaluated, disclosed
from refuge.bulk.evaluate import duckdb_relation, facts_table
from refuge.policy.country import load_country_pack
from refuge.policy.facts import FACTS
from refuge.policy.loader import load_pack
from refuge.policy.pack import PolicyPack
from refuge.policy.what_if import apply_what_if, read_what_if

SCENARIOS = {
    "cessation": """\
name: Cessation from March 2026
country: SY
changes:
  - parameter: cessation_established
    from: 2026-03-01
    value: true
""",
    "cessation and return agreement": """\
name: Cessation and a return agreement
country: SY
changes:
  - parameter: cessation_established
    from: 2026-01-01
    value: true
  - parameter: return_agreement_in_force
    from: 2026-05-01
    value: true
""",
}
FIXTURE = Path(__file__).parents[1] / "policy" / "fixtures" / "XX.yaml"


@pytest.fixture(scope="module")
def packs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[PolicyPack, PolicyPack]]:
    pack = load_country_pack("SY")
    out = {}
    for name, text in SCENARIOS.items():
        path = tmp_path_factory.mktemp("scenario") / "scenario.yaml"
        path.write_text(text)
        out[name] = (pack, apply_what_if(pack, read_what_if(path, pack)))
    return out


def _each_member(
    baseline: PolicyPack, derived: PolicyPack, cases: pa.Table, months: list[date]
) -> ScenarioCounts:
    """The counts of evaluating every member on every month, one row each."""
    con = duckdb.connect()
    try:
        con.register("members", cases)
        con.register("days", pa.table({"day": pa.array(months, pa.date32())}))
        grid = con.sql(
            "SELECT m.* REPLACE (d.day AS decision_date) FROM members m CROSS JOIN days d"
        ).to_arrow_table()
        con.register("base", duckdb_relation(baseline, grid, con).to_arrow_table())
        con.register("what_if", duckdb_relation(derived, grid, con).to_arrow_table())
        return count_evaluated(
            lambda sql: con.execute(sql).fetchall(),
            list(baseline.rules),
            months,
            cases.num_rows,
            "{a} IS DISTINCT FROM {b}",
        )
    finally:
        con.close()


def _words(name: str) -> st.SearchStrategy[frozenset[str]]:
    return st.frozensets(st.sampled_from(sorted(FACTS[name].domain or ())), max_size=3)


def _finding() -> st.SearchStrategy[str]:
    return st.sampled_from(["yes", "no", "not_assessed"])


@st.composite
def member(draw: st.DrawFn) -> dict[str, Any]:
    ground = draw(
        st.sampled_from(["none", "refugee", "subsidiary_general_risk", "subsidiary_individual"])
    )
    lodged = draw(st.dates(date(2012, 1, 1), date(2026, 6, 30)))
    return {
        "nationality": "SY",
        "region": draw(st.sampled_from(["SY-DI", "SY-HM", "SY-HL", "SY-RD", "SY-LA"])),
        "application_date": lodged,
        "decision_date": lodged,
        "grounds": draw(_words("grounds")),
        "credibility": draw(
            st.sampled_from(["credible", "partly_credible", "not_credible", "not_assessed"])
        ),
        "risk_profiles": draw(_words("risk_profiles")),
        "individual_risk_indicators": draw(st.integers(0, 3)),
        "indicators_assessed": draw(st.booleans()),
        "exclusion_grounds": draw(_words("exclusion_grounds")),
        "exclusion_indications": draw(st.booleans()),
        "regime_support_indications": draw(st.booleans()),
        "ipa_safe_there": draw(_finding()),
        "ipa_travel": draw(_finding()),
        "ipa_admittance": draw(_finding()),
        "ipa_reasonable": draw(_finding()),
        "has_permit": ground != "none",
        "permit_ground": ground,
        "legal_residence": draw(st.booleans()),
        "minor": draw(st.booleans()),
    }


@st.composite
def cohort(draw: st.DrawFn) -> pa.Table:
    """Members, some of them alike but for the day they applied."""
    kinds = draw(st.lists(member(), min_size=1, max_size=8))
    rows = []
    for _ in range(draw(st.integers(1, 60))):
        row = dict(draw(st.sampled_from(kinds)))
        if draw(st.booleans()):
            row["application_date"] = row["decision_date"] = draw(
                st.dates(date(2025, 9, 1), date(2025, 11, 1))  # about the scheme's presence date
            )
        rows.append({ROW: len(rows), "person_id": f"p{len(rows)}", **row})
    return facts_table(rows, FACTS)


@settings(max_examples=20, deadline=None)
@given(
    cases=cohort(),
    first=st.dates(date(2025, 6, 1), date(2026, 8, 1)),
    months=st.integers(1, 4),
    scenario=st.sampled_from(sorted(SCENARIOS)),
)
def test_counting_each_combination_once_gives_every_members_counts(
    packs: dict[str, tuple[PolicyPack, PolicyPack]],
    cases: pa.Table,
    first: date,
    months: int,
    scenario: str,
) -> None:
    baseline, derived = packs[scenario]
    days = first_days(first, months)
    grouped = count_duckdb(baseline, derived, cases, days)
    one_by_one = _each_member(baseline, derived, cases, days)
    assert grouped == one_by_one
    assert sum(grouped.scenario.values()) == months * cases.num_rows
    assert disclosed(grouped) == disclosed(one_by_one)


ALIKE = {
    "nationality": "SY",
    "region": "SY-DI",
    "decision_date": date(2025, 11, 1),
    "grounds": frozenset({"fear_non_state_actor"}),
    "credibility": "credible",
    "risk_profiles": frozenset(),
    "individual_risk_indicators": 0,
    "indicators_assessed": True,
    "exclusion_grounds": frozenset(),
    "exclusion_indications": False,
    "regime_support_indications": False,
    "ipa_safe_there": "not_assessed",
    "ipa_travel": "not_assessed",
    "ipa_admittance": "not_assessed",
    "ipa_reasonable": "not_assessed",
    "has_permit": True,
    "permit_ground": "subsidiary_general_risk",
    "legal_residence": True,
    "minor": False,
}
# sixty members alike but for the day they applied: 1 September to 30 October 2025
SIXTY = facts_table(
    [{**ALIKE, "application_date": date(2025, 9, 1) + timedelta(days=n)} for n in range(60)],
    FACTS,
)


def _combinations(table: pa.Table) -> list[tuple[date, int]]:
    return sorted(
        zip(
            table.column("application_date").to_pylist(),
            table.column("_members").to_pylist(),
            strict=True,
        )
    )


def test_the_application_date_counts_only_where_the_rules_compare_it(
    packs: dict[str, tuple[PolicyPack, PolicyPack]],
) -> None:
    baseline, derived = packs["cessation"]
    # the temporary return scheme is open from 17 November 2025 to 1 January 2026, for those
    # present before 1 October 2025; from March 2026 on no rule reads the application date
    during, after = [date(2025, 12, 1)], first_days(date(2026, 3, 1), 12)
    assert application_date_bounds((baseline, derived), during) == (date(2025, 10, 1),)
    assert application_date_bounds((baseline, derived), after) == ()
    con = duckdb.connect()
    assert _combinations(distinct_cases(con, SIXTY, (baseline, derived), during)) == [
        (date(2025, 9, 1), 30),  # before 1 October
        (date(2025, 10, 1), 1),
        (date(2025, 10, 2), 29),
    ]
    assert _combinations(distinct_cases(con, SIXTY, (baseline, derived), after)) == [
        (date(2025, 9, 1), 60)
    ]


def test_a_rule_that_computes_with_the_application_date_keeps_every_date() -> None:
    pack = load_pack(FIXTURE, FACTS)  # reads years_between(application_date, decision_date)
    days = [date(2023, 1, 1)]
    assert application_date_bounds((pack,), days) is None
    combinations = distinct_cases(duckdb.connect(), SIXTY, (pack,), days)
    assert _combinations(combinations) == [
        (date(2025, 9, 1) + timedelta(days=n), 1) for n in range(60)
    ]
