"""A cohort's cases as the distinct combinations of facts that the rules can tell apart, each
with the number of members it stands for (`_members`).

A caseload's facts are low in cardinality (a handful of regions, grounds, findings), except
the application date. The rules read that date only by comparing it with a date of the policy
(`application_date < temporary_scheme_presence_before`), so two dates on the same side of every
such date give every rule the same value: each date is replaced by the earliest date of the
cohort that no rule in force on the evaluated days can tell apart from it. Evaluating each
combination once and weighting its outcome by its members gives exactly the counts of
evaluating every member. Where a rule reads the application date any other way (an
arithmetic, a comparison with another fact), every date stays as it is.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

import duckdb
import pyarrow as pa

from refuge.analytics.caseload import ROW
from refuge.policy.facts import FACTS
from refuge.policy.pack import PolicyPack
from refuge.rules import ir

MEMBERS = "_members"  # how many members a combination stands for
APPLICATION_DATE = "application_date"
DECISION_DATE = "decision_date"  # set per evaluated day, not read from the cases


def distinct_cases(
    con: duckdb.DuckDBPyConnection,
    cases: pa.Table,
    packs: Iterable[PolicyPack],
    days: Sequence[date],
) -> pa.Table:
    """The distinct combinations of the facts of `cases` that the rules of `packs` in force on
    `days` can tell apart, numbered in `_row`, with their members in `_members`; no
    `decision_date` (the caller sets the days)."""
    facts = [name for name in cases.column_names if name in FACTS and name != DECISION_DATE]
    columns = ", ".join(f'"{name}"' for name in facts)
    bounds = application_date_bounds(packs, days)
    if bounds is not None and APPLICATION_DATE in facts:
        cell = _cell(bounds)
        shown = ", ".join(
            f'min("{APPLICATION_DATE}") OVER (PARTITION BY {cell}) AS "{APPLICATION_DATE}"'
            if name == APPLICATION_DATE
            else f'"{name}"'
            for name in facts
        )
    else:
        shown = columns
    relation = con.from_arrow(cases).query(
        "cases",
        f'SELECT {columns}, count(*) AS "{MEMBERS}" '  # noqa: S608
        f"FROM (SELECT {shown} FROM cases) GROUP BY {columns}",
    )
    assert relation is not None
    grouped = relation.to_arrow_table()
    return grouped.add_column(0, ROW, pa.array(range(grouped.num_rows), pa.int64()))


def application_date_bounds(
    packs: Iterable[PolicyPack], days: Sequence[date]
) -> tuple[date, ...] | None:
    """Every date that a rule in force on one of `days`, in one of `packs`, compares the
    application date with; None when a rule reads the application date any other way."""
    found: set[date] = set()
    for pack in packs:
        for index in sorted({pack.version_index(day) for day in days}):
            for expr in pack.version(index).folded.values():
                if not _compared_with_dates(expr, found):
                    return None
    return tuple(sorted(found))


def _compared_with_dates(expr: ir.Expr, found: set[date]) -> bool:
    """Add to `found` the dates `expr` compares the application date with; False if it reads
    the application date otherwise."""
    stack = [expr]
    while stack:
        node = stack.pop()
        if isinstance(node, ir.Compare):
            for fact, other in ((node.left, node.right), (node.right, node.left)):
                if _is_application_date(fact) and isinstance(other, ir.Const):
                    if not isinstance(other.value, date):
                        return False
                    found.add(other.value)
                    break
            else:
                stack.extend((node.left, node.right))
            continue
        if _is_application_date(node):
            return False
        stack.extend(ir.children(node))
    return True


def _is_application_date(node: ir.Expr) -> bool:
    return isinstance(node, ir.Name) and node.kind == "fact" and node.name == APPLICATION_DATE


def _cell(bounds: Sequence[date]) -> str:
    """SQL numbering the stretch of dates an application date falls in: before the first
    bound, on it, between it and the next, ..., after the last."""
    column = f'"{APPLICATION_DATE}"'
    arms = []
    for i, bound in enumerate(bounds):
        day = f"DATE '{bound.isoformat()}'"
        arms.append(f"WHEN {column} < {day} THEN {2 * i}")
        arms.append(f"WHEN {column} = {day} THEN {2 * i + 1}")
    return f"CASE {' '.join(arms)} ELSE {2 * len(bounds)} END" if arms else "0"
