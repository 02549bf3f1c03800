"""A what-if scenario over a cohort: every member evaluated on the first day of each month,
under the pack (baseline) and under the pack with the scenario, by the bulk evaluator; then
outcome counts by month for both, who changes from what to what, and which rules changed.

A member's outcome is the permit review for a permit holder (`permit: ground_lapsed`,
`permit: ground_persists`, ...: whether revocation could be proposed, or protection continues on
another ground) and the draft recommendation for anyone else (`application: reject`, ...),
exactly as one case gets it (`refuge assess`): the same rules, the same legal principles.
Every table that leaves passes disclosure control (`casework.disclosure_table`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import duckdb
import pyarrow as pa

from refuge.analytics.caseload import ROW
from refuge.bulk.evaluate import duckdb_relation
from refuge.casework.disclosure import disclose
from refuge.casework.disclosure_table import DisclosedTable, disclose_table
from refuge.policy.pack import PolicyPack


def outcome(alias: str = "") -> str:
    """The SQL of a member's outcome: the permit review for a holder, else the recommendation."""
    p = f"{alias}." if alias else ""
    return (
        f"CASE WHEN {p}has_permit THEN 'permit: ' || {p}permit_review_reason "
        f"ELSE 'application: ' || {p}recommendation END"
    )


@dataclass(frozen=True)
class ScenarioReport:
    months: tuple[date, ...]
    members: int
    baseline: DisclosedTable  # month x outcome
    scenario: DisclosedTable
    baseline_regions: DisclosedTable  # region x outcome, on the last month
    scenario_regions: DisclosedTable
    transitions: DisclosedTable  # baseline outcome x scenario outcome, on the last month
    rules: dict[str, int | None]  # rule -> members (last month) whose value it changed


def run_scenario(
    baseline: PolicyPack, derived: PolicyPack, cases: pa.Table, months: Sequence[date]
) -> ScenarioReport:
    """Evaluate `cases` (a facts table with `_row`) on each day of `months` under both packs."""
    con = duckdb.connect()
    try:
        days = pa.table({"day": pa.array(list(months), pa.date32())})
        con.register("members", cases)
        con.register("days", days)
        grid = con.sql(
            "SELECT m.* REPLACE (d.day AS decision_date) FROM members m CROSS JOIN days d"
        ).to_arrow_table()
        base = duckdb_relation(baseline, grid, con).to_arrow_table()
        what_if = duckdb_relation(derived, grid, con).to_arrow_table()
        con.register("base", base)
        con.register("what_if", what_if)
        base_counts = _counts(con, "base")
        what_if_counts = _counts(con, "what_if")
        last = max(months)
        base_regions = _by_region(con, "base", last)
        what_if_regions = _by_region(con, "what_if", last)
        moves = {
            (str(a), str(b)): int(n)
            for a, b, n in con.execute(
                # only constants and the pack's rule ids (identifiers the loader checked)
                f"SELECT {outcome('b')}, {outcome('s')}, count(*) FROM base b "  # noqa: S608
                f"JOIN what_if s ON b.{ROW} = s.{ROW} AND b.decision_date = s.decision_date "
                "WHERE b.decision_date = ? GROUP BY ALL",
                [last],
            ).fetchall()
        }
        changed = [
            r for r in baseline.rules if r in base.column_names and r in what_if.column_names
        ]
        rule_counts = _rule_changes(con, changed, last)
    finally:
        con.close()
    labels = tuple(str(m) for m in months)
    outcomes = sorted({o for _, o in base_counts} | {o for _, o in what_if_counts})
    return ScenarioReport(
        months=tuple(months),
        members=cases.num_rows,
        baseline=disclose_table(base_counts, labels, outcomes),
        scenario=disclose_table(what_if_counts, labels, outcomes),
        baseline_regions=disclose_table(base_regions, columns=outcomes),
        scenario_regions=disclose_table(what_if_regions, columns=outcomes),
        transitions=disclose_table(moves),
        rules=disclose({r: n for r, n in rule_counts.items() if n}),
    )


def _counts(con: duckdb.DuckDBPyConnection, table: str) -> dict[tuple[str, str], int]:
    found = con.execute(
        f"SELECT CAST(decision_date AS VARCHAR), {outcome()}, count(*) "  # noqa: S608
        f"FROM {table} GROUP BY ALL"
    ).fetchall()
    return {(str(day), str(result)): int(n) for day, result, n in found}


def _by_region(con: duckdb.DuckDBPyConnection, table: str, day: date) -> dict[tuple[str, str], int]:
    found = con.execute(
        f"SELECT region, {outcome()}, count(*) FROM {table} "  # noqa: S608
        "WHERE decision_date = ? GROUP BY ALL",
        [day],
    ).fetchall()
    return {(str(region), str(result)): int(n) for region, result, n in found}


def _rule_changes(con: duckdb.DuckDBPyConnection, rules: list[str], day: date) -> dict[str, int]:
    """Per rule, the members whose value of it differs between baseline and scenario."""
    if not rules:
        return {}
    sums = ", ".join(
        f'sum(CASE WHEN b."{r}" IS DISTINCT FROM s."{r}" THEN 1 ELSE 0 END)' for r in rules
    )
    row = con.execute(
        f"SELECT {sums} FROM base b JOIN what_if s ON b.{ROW} = s.{ROW} "  # noqa: S608
        "AND b.decision_date = s.decision_date WHERE b.decision_date = ?",
        [day],
    ).fetchone()
    assert row is not None
    return {r: int(n or 0) for r, n in zip(rules, row, strict=True)}
