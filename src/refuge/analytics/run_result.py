"""A scenario run's result as JSON, to store with the run and read back for its page and its
CSV: the disclosed tables (`ScenarioReport`), the workload timeline made from them, the
scenario's changes and the cohort. Nothing else goes in: what `disclosed` hid stays hidden
(null), and the number of members is itself disclosed.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from refuge.analytics.cohort import Cohort
from refuge.analytics.workload import Timeline, Workload
from refuge.casework.disclosure import disclose
from refuge.casework.disclosure_table import DisclosedTable
from refuge.policy.what_if import WhatIf, shown_value

if TYPE_CHECKING:  # the bulk evaluator (DuckDB, Arrow) is imported by the run only
    from refuge.analytics.scenario_run import ScenarioReport

TABLES = ("scenario", "baseline", "transitions", "scenario_regions", "baseline_regions")


def table_json(table: DisclosedTable) -> dict[str, Any]:
    return {
        "rows": list(table.rows),
        "columns": list(table.columns),
        "cells": [[row, column, n] for (row, column), n in table.cells.items()],
    }


def table_of(data: dict[str, Any]) -> DisclosedTable:
    return DisclosedTable(
        tuple(data["rows"]),
        tuple(data["columns"]),
        {(str(row), str(column)): n for row, column, n in data["cells"]},
    )


def result_json(
    report: ScenarioReport,
    work: Timeline,
    workload: Workload,
    what_if: WhatIf,
    bundled: str | None,
    cohort: Cohort,
    synthetic: bool,
) -> dict[str, Any]:
    return {
        "scenario": what_if.name,
        "bundled": bundled,
        "country": what_if.country,
        "changes": [
            {"parameter": c.parameter, "from": c.start.isoformat(), "value": shown_value(c.value)}
            for c in what_if.changes
        ],
        "cohort": cohort.model_dump(mode="json", exclude_none=True),
        "members": disclose({"members": report.members})["members"],
        "months": [m.isoformat() for m in report.months],
        "synthetic": synthetic,
        "tables": {name: table_json(getattr(report, name)) for name in TABLES},
        "rules": report.rules,
        "workload": {
            "fte": workload.fte,
            "hours_per_fte_week": workload.hours_per_fte_week,
            "total_hours": work.total_hours,
            "weeks": work.weeks,
            "remaining": [list(point) for point in work.remaining],
            "cases": work.cases,
        },
    }


@dataclass(frozen=True)
class RunResult:
    """A stored result, read back."""

    data: dict[str, Any]

    def table(self, name: str) -> DisclosedTable:
        return table_of(self.data["tables"][name])

    @property
    def months(self) -> list[str]:
        return list(self.data["months"])

    @property
    def rules(self) -> dict[str, int | None]:
        return dict(self.data["rules"])

    @property
    def workload(self) -> dict[str, Any]:
        return dict(self.data["workload"])


def csv_rows(result: RunResult) -> Iterator[list[Any]]:
    """Every table of the result as rows of one CSV: table, row, column, persons, suppressed."""
    yield ["table", "row", "column", "persons", "suppressed", "synthetic"]
    synthetic = bool(result.data.get("synthetic"))
    for name in TABLES:
        for (row, column), n in result.table(name).cells.items():
            yield [name, row, column, "" if n is None else n, n is None, synthetic]
    for rule, n in result.rules.items():
        yield ["rules", rule, "persons", "" if n is None else n, n is None, synthetic]
    for week, left in result.workload["remaining"]:
        yield ["workload", week, "cases_left", left, False, synthetic]


def as_csv(result: RunResult) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(csv_rows(result))
    return buffer.getvalue()
