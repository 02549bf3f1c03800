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

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import duckdb
import pyarrow as pa

from refuge.analytics.caseload import ROW
from refuge.analytics.distinct_cases import MEMBERS, distinct_cases
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


@dataclass(frozen=True)
class ScenarioCounts:
    """The counts of a run before disclosure control: what DuckDB and Spark must agree on."""

    months: tuple[date, ...]
    members: int
    baseline: dict[tuple[str, str], int]
    scenario: dict[tuple[str, str], int]
    baseline_regions: dict[tuple[str, str], int]
    scenario_regions: dict[tuple[str, str], int]
    transitions: dict[tuple[str, str], int]
    rules: dict[str, int]


Fetch = Callable[[str], list[tuple[Any, ...]]]


def count_evaluated(
    fetch: Fetch,
    rules: Sequence[str],
    months: Sequence[date],
    members: int,
    nulls_safe: str,
    weight: str | None = None,
) -> ScenarioCounts:
    """The counts from the evaluated tables `base` and `what_if` (same rows, one more column
    per rule), through `fetch` (one SQL query -> rows) on any engine that has them as tables.
    `nulls_safe` is the engine's null-safe inequality, with {a} and {b} for the operands.
    A row counts once, or, with `weight`, as many times as that column says (a row standing
    for that many members, `distinct_cases`)."""
    last = max(months)
    day = f"DATE '{last.isoformat()}'"
    each, each_b = ("1", "1") if weight is None else (weight, f"b.{weight}")

    def per_month(table: str) -> dict[tuple[str, str], int]:
        rows = fetch(
            f"SELECT decision_date, {outcome()} AS outcome, SUM({each}) FROM {table} "  # noqa: S608
            f"GROUP BY decision_date, {outcome()}"
        )
        return {(str(d), str(o)): int(n) for d, o, n in rows}

    def per_region(table: str) -> dict[tuple[str, str], int]:
        rows = fetch(
            f"SELECT region, {outcome()} AS outcome, SUM({each}) FROM {table} "  # noqa: S608
            f"WHERE decision_date = {day} GROUP BY region, {outcome()}"
        )
        return {(str(r), str(o)): int(n) for r, o, n in rows}

    joined = (
        f"FROM base b JOIN what_if s ON b.{ROW} = s.{ROW} "
        f"AND b.decision_date = s.decision_date WHERE b.decision_date = {day}"
    )
    moves = fetch(
        f"SELECT {outcome('b')}, {outcome('s')}, SUM({each_b}) {joined} "
        f"GROUP BY {outcome('b')}, {outcome('s')}"
    )
    changed: dict[str, int] = {}
    if rules:
        sums = ", ".join(
            "SUM(CASE WHEN "
            + nulls_safe.format(a=f"b.{r}", b=f"s.{r}")
            + f" THEN {each_b} ELSE 0 END)"
            for r in rules
        )
        (found,) = fetch(f"SELECT {sums} {joined}")
        changed = {r: int(n or 0) for r, n in zip(rules, found, strict=True)}
    return ScenarioCounts(
        months=tuple(months),
        members=members,
        baseline=per_month("base"),
        scenario=per_month("what_if"),
        baseline_regions=per_region("base"),
        scenario_regions=per_region("what_if"),
        transitions={(str(a), str(b)): int(n) for a, b, n in moves},
        rules=changed,
    )


def disclosed(counts: ScenarioCounts) -> ScenarioReport:
    """The report of `counts` with every table through disclosure control."""
    labels = tuple(str(m) for m in counts.months)
    outcomes = sorted({o for _, o in counts.baseline} | {o for _, o in counts.scenario})
    return ScenarioReport(
        months=counts.months,
        members=counts.members,
        baseline=disclose_table(counts.baseline, labels, outcomes),
        scenario=disclose_table(counts.scenario, labels, outcomes),
        baseline_regions=disclose_table(counts.baseline_regions, columns=outcomes),
        scenario_regions=disclose_table(counts.scenario_regions, columns=outcomes),
        transitions=disclose_table(counts.transitions),
        rules=disclose({r: n for r, n in counts.rules.items() if n}),
    )


def count_duckdb(
    baseline: PolicyPack, derived: PolicyPack, cases: pa.Table, months: Sequence[date]
) -> ScenarioCounts:
    """Evaluate `cases` (a facts table with `_row`) on each day of `months` under both packs,
    on DuckDB in this process: each distinct combination of facts the rules can tell apart
    once (`distinct_cases`), counted as many times as it has members."""
    con = duckdb.connect()
    try:
        combinations = distinct_cases(con, cases, (baseline, derived), months)
        days = pa.table({"day": pa.array(list(months), pa.date32())})
        con.register("combinations", combinations)
        con.register("days", days)
        grid = con.sql(
            "SELECT c.*, d.day AS decision_date FROM combinations c CROSS JOIN days d"
        ).to_arrow_table()
        con.register("base", duckdb_relation(baseline, grid, con).to_arrow_table())
        con.register("what_if", duckdb_relation(derived, grid, con).to_arrow_table())
        return count_evaluated(
            lambda sql: con.execute(sql).fetchall(),
            list(baseline.rules),
            months,
            cases.num_rows,
            "{a} IS DISTINCT FROM {b}",
            weight=MEMBERS,
        )
    finally:
        con.close()


def run_scenario(
    baseline: PolicyPack, derived: PolicyPack, cases: pa.Table, months: Sequence[date]
) -> ScenarioReport:
    """`count_duckdb`, through disclosure control."""
    return disclosed(count_duckdb(baseline, derived, cases, months))
