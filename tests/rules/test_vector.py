"""The DuckDB vector evaluator: its compiled query, its API and the checks on a case table."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from vector_cases import mismatches, sample_rows

from refuge.bulk.compile import _plan, hidden_columns, rule_levels, rule_sql
from refuge.bulk.evaluate import (
    CasesBeforePack,
    CaseTableError,
    compile_sql,
    duckdb_relation,
    evaluate_duckdb,
    facts_table,
)
from refuge.policy import PolicyNotInForce, PolicyPack
from refuge.policy.facts import FACTS


def cases(pack: PolicyPack, n: int = 200) -> pa.Table:
    return facts_table(sample_rows(pack, n, seed=7), FACTS)


def test_rules_are_staged_by_dependency_depth(vt_pack: PolicyPack) -> None:
    levels = rule_levels(vt_pack)
    assert levels[0][:2] == ["has_profile", "shared_ground"]
    assert "recommendation" in levels[2] and levels[3] == ["support_amount"]
    sql = compile_sql(vt_pack, "cases")
    assert sql.count(" AS (SELECT *, ") == len(levels) + 1
    assert sql.startswith('WITH "_s0" AS (SELECT *, ("decision_date" ')
    assert sql.endswith('"support_amount", "flagged" FROM "_s4"')


def test_periods_and_set_tests_are_computed_once_per_row(vt_pack: PolicyPack) -> None:
    """The first stage holds the periods of decision dates the rules differ by and every test
    on a set-valued fact; the rules read them by name and the result drops them again."""
    first = _plan(vt_pack, "duckdb").stages[0]
    hidden = hidden_columns(vt_pack)
    assert all(f'AS "{name}"' in first for name in hidden)
    assert any(name.startswith("_p") for name in hidden)
    assert any(name.startswith("_t") for name in hidden)
    sql = compile_sql(vt_pack, "cases")
    for fact in ("grounds", "risk_profiles", "exclusion_grounds"):  # a rule's set stays
        assert sql.count(f'list_contains("{fact}"') == first.count(f'list_contains("{fact}"')
    assert "list_distinct" not in first  # size(x) against 0 is the length of the list


def test_a_rule_every_version_agrees_on_has_no_period(vt_pack: PolicyPack) -> None:
    assert '"_p' not in rule_sql(vt_pack, "waited_days", "duckdb")
    # the moratorium (version 1) makes the recommendation constant there
    assert re.search(
        r"WHEN \"_p\d+\" THEN 'no_decision_moratorium'",
        rule_sql(vt_pack, "recommendation", "duckdb"),
    )


def test_compiles_once_per_pack_and_dialect(vt_pack: PolicyPack) -> None:
    compile_sql(vt_pack, "a")
    before = _plan.cache_info()
    compile_sql(vt_pack, "b")
    evaluate_duckdb(vt_pack, cases(vt_pack, 3))
    after = _plan.cache_info()
    assert after.misses == before.misses
    assert after.hits >= before.hits + 2


def test_keeps_input_columns_and_order_and_adds_one_column_per_rule(
    vt_pack: PolicyPack,
) -> None:
    rows = sample_rows(vt_pack, 300, seed=1)
    table = facts_table([{"case_id": f"c{i}", **r} for i, r in enumerate(rows)], FACTS)
    out = evaluate_duckdb(vt_pack, table)
    assert out.column_names == [*table.column_names, *vt_pack.rules]
    assert out.column("case_id").to_pylist() == [f"c{i}" for i in range(300)]
    assert mismatches(vt_pack, rows, out.to_pylist()) == []


def test_reads_a_parquet_file(vt_pack: PolicyPack, tmp_path: Path) -> None:
    rows = sample_rows(vt_pack, 50, seed=2)
    pq.write_table(facts_table(rows, FACTS), tmp_path / "cases.parquet")
    out = evaluate_duckdb(vt_pack, tmp_path / "cases.parquet")
    assert mismatches(vt_pack, rows, out.to_pylist()) == []


def test_a_relation_can_be_queried_further_on_the_callers_connection(
    vt_pack: PolicyPack,
) -> None:
    con = duckdb.connect()
    table = cases(vt_pack)
    rel = duckdb_relation(vt_pack, table, con)
    counts = dict(rel.aggregate("recommendation, count(*)", "recommendation").fetchall())
    assert sum(counts.values()) == table.num_rows
    assert con.sql("SELECT count(*) FROM duckdb_views() WHERE NOT internal").fetchall() == [(0,)]


def test_a_decision_before_the_pack_starts_is_refused_with_count_and_date(
    vt_pack: PolicyPack,
) -> None:
    rows = sample_rows(vt_pack, 10, seed=3)
    rows[2] = {**rows[2], "decision_date": date(2019, 12, 31), "application_date": date(2019, 1, 1)}
    rows[5] = {**rows[5], "decision_date": date(2018, 5, 1), "application_date": date(2018, 1, 1)}
    with pytest.raises(CasesBeforePack) as caught:
        evaluate_duckdb(vt_pack, facts_table(rows, FACTS))
    assert isinstance(caught.value, PolicyNotInForce)
    assert caught.value.count == 2 and caught.value.earliest == date(2018, 5, 1)
    assert "2 case(s)" in str(caught.value) and "2018-05-01" in str(caught.value)
    assert "2020-01-01" in str(caught.value)


def test_a_missing_fact_column_is_named(vt_pack: PolicyPack) -> None:
    with pytest.raises(CaseTableError, match="no column 'grounds'") as caught:
        evaluate_duckdb(vt_pack, cases(vt_pack).drop_columns(["grounds"]))
    assert caught.value.code == "missing-fact-column" and caught.value.column == "grounds"


def test_a_fact_column_of_the_wrong_type_is_named(vt_pack: PolicyPack) -> None:
    table = cases(vt_pack)
    i = table.column_names.index("decision_date")
    table = table.set_column(i, "decision_date", table.column(i).cast(pa.string()))
    with pytest.raises(CaseTableError, match="'decision_date' has type VARCHAR") as caught:
        evaluate_duckdb(vt_pack, table)
    assert caught.value.code == "wrong-fact-type"


def test_narrower_integer_columns_are_read(vt_pack: PolicyPack) -> None:
    rows = sample_rows(vt_pack, 20, seed=4)
    table = facts_table(rows, FACTS)
    i = table.column_names.index("individual_risk_indicators")
    table = table.set_column(i, "individual_risk_indicators", table.column(i).cast(pa.int16()))
    assert mismatches(vt_pack, rows, evaluate_duckdb(vt_pack, table).to_pylist()) == []


def test_a_null_fact_is_refused(vt_pack: PolicyPack) -> None:
    table = cases(vt_pack, 5)
    i = table.column_names.index("minor")
    table = table.set_column(i, "minor", pa.array([True, None, False, None, True]))
    with pytest.raises(CaseTableError, match="'minor' is empty \\(null\\) in 2 case"):
        evaluate_duckdb(vt_pack, table)


def test_a_column_named_like_a_rule_is_refused(vt_pack: PolicyPack) -> None:
    table = cases(vt_pack, 5).append_column("recommendation", pa.array(["x"] * 5))
    with pytest.raises(CaseTableError, match="already has a column 'recommendation'"):
        evaluate_duckdb(vt_pack, table)


def test_an_empty_table_gives_an_empty_result(vt_pack: PolicyPack) -> None:
    out = evaluate_duckdb(vt_pack, facts_table([], FACTS))
    assert out.num_rows == 0 and out.column_names[-1] == "flagged"


def test_facts_table_types(vt_pack: PolicyPack) -> None:
    table = facts_table(sample_rows(vt_pack, 3, seed=5), FACTS)
    assert table.schema.field("grounds").type == pa.list_(pa.string())
    assert table.schema.field("decision_date").type == pa.date32()
    assert table.schema.field("individual_risk_indicators").type == pa.int64()
    lists = table.column("risk_profiles").to_pylist()
    assert all(v == sorted(v) for v in lists)


def test_a_null_member_of_a_set_is_refused(vt_pack: PolicyPack) -> None:
    """A set has no null member; a list column holding one is refused, not read as smaller."""
    table = cases(vt_pack, 4)
    i = table.column_names.index("risk_profiles")
    lists = pa.array([["kurd"], [None], [], ["lgbtiq", None]], pa.list_(pa.string()))
    table = table.set_column(i, "risk_profiles", lists)
    with pytest.raises(
        CaseTableError, match="'risk_profiles' holds an empty \\(null\\) member in 2"
    ):
        evaluate_duckdb(vt_pack, table)
