"""The checks on the rows of a case table (no null fact, no null member of a set, no case
before the pack), answered as cheaply as the input allows on DuckDB.

A Parquet file's footer holds each column's null count and the least `decision_date`: what
they prove needs no reading. What they cannot prove (a list column with an empty list counts
as holding nulls there) is either read by one aggregate before the evaluation
(`compile.check_sql`, for a relation handed back unevaluated) or tested inside the
evaluating query itself (`guarded_source`): a row that fails stops the query, and the same
aggregate then names the column and counts the cases, so the error is the same either way.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path

import duckdb

from refuge.bulk.compile import (
    DECISION_DATE,
    check_rows,
    check_sql,
    null_member_sql,
    required_facts,
)
from refuge.policy.pack import PolicyPack
from refuge.rules.sql import DIALECTS, literal
from refuge.rules.types import Type

STOPPED = "refuge: a case failed the checks"  # the guard's error, caught by `run_checked`


def proven_by_statistics(
    pack: PolicyPack, path: str | Path, con: duckdb.DuckDBPyConnection
) -> frozenset[str]:
    """The checks the footer of the Parquet file(s) at `path` answers for every row group:
    the fact columns with no null (for a list column: no null, empty list or null member)
    and `before-pack` when no decision date is before the pack starts."""
    facts = required_facts(pack)
    rows = con.execute(
        "SELECT path_in_schema, bool_and(stats_null_count IS NOT NULL), "
        "sum(stats_null_count), min(stats_min_value) FILTER (WHERE path_in_schema = ?) "
        "FROM parquet_metadata(?) GROUP BY path_in_schema",
        [DECISION_DATE, str(path)],
    ).fetchall()
    proven: set[str] = set()
    for column_path, known, nulls, least in rows:
        name = str(column_path).split(", ")[0]
        if name in facts and known and nulls == 0:
            proven.add(name)
        starts = pack.valid_from
        if name == DECISION_DATE and known and least and date.fromisoformat(least) >= starts:
            proven.add("before-pack")
    return frozenset(proven)


def guard_sql(pack: PolicyPack, skip: Iterable[str] = ()) -> str | None:
    """A condition true on every row that passes the checks and that stops the query (an
    error) on the first that does not; None when `skip` (what is already proven) leaves
    nothing to test."""
    ident = DIALECTS["duckdb"].ident
    done = set(skip)
    bad = []
    for name, typ in required_facts(pack).items():
        if name in done:
            continue
        bad.append(f"{ident(name)} IS NULL")
        if typ == Type.STRSET:
            bad.append(null_member_sql(ident(name), "duckdb"))
    if "before-pack" not in done:
        bad.append(f"{ident(DECISION_DATE)} < {literal(pack.valid_from, Type.DATE, 'duckdb')}")
    if not bad:
        return None
    return f"CASE WHEN {' OR '.join(bad)} THEN error('{STOPPED}') ELSE TRUE END"


def guarded_source(pack: PolicyPack, source: str, skip: Iterable[str] = ()) -> str:
    """`source` as a subquery that stops at the first row failing a check not in `skip`."""
    guard = guard_sql(pack, skip)
    return source if guard is None else f"(SELECT * FROM {source} WHERE {guard})"  # noqa: S608


def check_now(pack: PolicyPack, rel: duckdb.DuckDBPyRelation, proven: frozenset[str]) -> None:
    """Run the checks on `rel` now, by one aggregate, unless `proven` already answers all."""
    if proven >= {*required_facts(pack), "before-pack"}:
        return
    found = rel.query("cases", check_sql(pack, '"cases"', "duckdb"))
    assert found is not None
    (row,) = found.fetchall()
    check_rows(pack, row)


def is_stop(error: duckdb.Error) -> bool:
    """Whether `error` is the guard of `guard_sql` stopping a query."""
    return STOPPED in str(error)
