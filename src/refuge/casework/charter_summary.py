"""A charter plan in aggregate, fit to leave the system: per destination, how many cases are on a
flight and how many wait for each reason, with totals, through disclosure control
(`casework.disclosure_table`): no case id, and no count from 1 to 9 that could be worked back."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from refuge.casework.charter import By, Kind
from refuge.casework.charter_plan import CharterPlan
from refuge.casework.disclosure import THRESHOLD
from refuge.casework.disclosure_table import TOTAL, disclose_table

ON_A_FLIGHT = "on_a_flight"


class SummaryRow(BaseModel):
    destination: str = Field(description="a region of return, the country, or `total`")
    counts: dict[str, int | None] = Field(description="per column; null where suppressed")


class CharterSummary(BaseModel):
    planned_on: date
    country: str
    kind: Kind
    by: By
    seats: int
    dates: list[date]
    threshold: int = Field(description="counts from 1 to threshold - 1 are suppressed")
    columns: list[str] = Field(description="on_a_flight, then each waiting reason, then total")
    rows: list[SummaryRow]
    assumptions: list[str]


def summarise(plan: CharterPlan) -> CharterSummary:
    counts: dict[tuple[str, str], int] = {}
    for flight in plan.flights:
        key = (flight.region or flight.country, ON_A_FLIGHT)
        counts[key] = counts.get(key, 0) + flight.booked
    for w in plan.waiting:
        key = (w.region if plan.by == "region" else plan.country, w.reason)
        counts[key] = counts.get(key, 0) + 1
    reasons = sorted({w.reason for w in plan.waiting})
    columns = [ON_A_FLIGHT, *reasons]
    table = disclose_table(counts, sorted({d for d, _ in counts}), columns)
    return CharterSummary(
        planned_on=plan.planned_on,
        country=plan.country,
        kind=plan.kind,
        by=plan.by,
        seats=plan.seats,
        dates=plan.dates,
        threshold=THRESHOLD,
        columns=[*columns, TOTAL],
        rows=[
            SummaryRow(destination=row, counts={c: table.cells[row, c] for c in (*columns, TOTAL)})
            for row in (*table.rows, TOTAL)
        ],
        assumptions=plan.assumptions,
    )
