"""Charter planning, the pure part: return cases ready for a charter onto flights by destination
and date, within the seats of each flight, and the cases left waiting with the reason why.

Nothing here reads the store or the clock; `casework.charter_plan` finds the candidates and what
bars each of them on a given day, and passes them in
(docs/decisions/0010-charter-flights-seats-and-bars.md).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from pydantic import BaseModel, Field

Kind = Literal["voluntary", "forced"]
By = Literal["region", "country"]
KINDS: tuple[Kind, ...] = ("voluntary", "forced")
# the return-case states a charter of each kind carries (casework.lifecycle.RETURN)
TRACKS: dict[str, frozenset[str]] = {
    "voluntary": frozenset({"voluntary_departure", "facilitated_departure"}),
    "forced": frozenset({"forced_departure"}),
}
NO_SEAT = "no_seat"


@dataclass(frozen=True)
class Candidate:
    """A return case that may go on a flight to `destination`, in the order of `waiting_since`."""

    return_case_id: uuid.UUID
    destination: str  # a region (SY-DI) or, planned by country, the country (SY)
    waiting_since: date  # the day the return case was opened


@dataclass(frozen=True)
class Bar:
    """Why a case cannot go on a flight: a stable `reason` and words for the planner."""

    reason: str
    detail: str


class Flight(BaseModel):
    date: date
    country: str
    region: str | None = Field(description="the region of return; null when planned by country")
    seats: int
    booked: int
    return_case_ids: list[uuid.UUID]


class Waiting(BaseModel):
    return_case_id: uuid.UUID
    region: str
    reason: str = Field(description="e.g. no_seat, no_track_chosen, article_3")
    detail: str


def flight_dates(first: date, every_days: int, flights: int) -> list[date]:
    """The planned dates of one destination: `first`, then every `every_days` days."""
    return [first + timedelta(days=every_days * i) for i in range(flights)]


def assign_seats(
    candidates: Sequence[Candidate],
    dates: Sequence[date],
    seats: int,
    barred_on: Callable[[Candidate, date], Bar | None],
) -> tuple[dict[tuple[str, date], list[uuid.UUID]], dict[uuid.UUID, Bar]]:
    """Seat each candidate on the earliest flight to its destination that has a seat left and
    on whose date nothing bars it; the case waiting longest is seated first. Returns the cases
    on each (destination, date) flight, in seating order, and for every case not seated, why:
    the bar of the last date it was barred on, or `no_seat` when every flight it could take
    is full."""
    booked: dict[tuple[str, date], list[uuid.UUID]] = {}
    waiting: dict[uuid.UUID, Bar] = {}
    order = sorted(candidates, key=lambda c: (c.waiting_since, str(c.return_case_id)))
    for case in order:
        bar: Bar | None = None
        seated = False
        for day in dates:
            flight = booked.setdefault((case.destination, day), [])
            if len(flight) >= seats:
                continue
            bar = barred_on(case, day)
            if bar is None:
                flight.append(case.return_case_id)
                seated = True
                break
        if not seated:
            waiting[case.return_case_id] = bar or Bar(
                NO_SEAT, f"every planned flight to {case.destination} is full"
            )
    return {key: ids for key, ids in booked.items() if ids}, waiting
