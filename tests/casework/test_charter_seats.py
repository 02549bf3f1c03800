"""Seating a charter (the pure part): whatever the cases, dates and seats, no flight carries more
than its seats, every case is either on exactly one flight to its own destination or waiting
with a reason, nobody is seated on a day that bars them, and nobody who waited longer is left
for want of a seat while a later case flies."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from refuge.casework.charter import NO_SEAT, Bar, Candidate, assign_seats, flight_dates

FIRST = date(2025, 11, 3)
REGIONS = ("SY-DI", "SY-HL", "SY-HM")


@st.composite
def situations(draw: st.DrawFn) -> tuple[list[Candidate], list[date], int, set[tuple[int, int]]]:
    n = draw(st.integers(0, 40))
    candidates = [
        Candidate(
            uuid.UUID(int=i + 1),
            draw(st.sampled_from(REGIONS)),
            date(2025, 1, 1) + timedelta(days=draw(st.integers(0, 200))),
        )
        for i in range(n)
    ]
    flights = draw(st.integers(1, 4))
    dates = flight_dates(FIRST, draw(st.integers(1, 21)), flights)
    seats = draw(st.integers(1, 12))
    # (case index, date index) pairs on which the policy bars the case
    barred = draw(st.sets(st.tuples(st.integers(0, max(n - 1, 0)), st.integers(0, flights - 1))))
    return candidates, dates, seats, barred


@given(situations())
def test_seats_destinations_bars_and_order_hold(
    situation: tuple[list[Candidate], list[date], int, set[tuple[int, int]]],
) -> None:
    candidates, dates, seats, barred = situation
    index = {c.return_case_id: i for i, c in enumerate(candidates)}

    def barred_on(c: Candidate, day: date) -> Bar | None:
        if (index[c.return_case_id], dates.index(day)) in barred:
            return Bar("article_3", "barred that day")
        return None

    booked, waiting = assign_seats(candidates, dates, seats, barred_on)
    seated = [i for ids in booked.values() for i in ids]
    assert len(seated) == len(set(seated))
    assert set(seated).isdisjoint(waiting)
    assert set(seated) | set(waiting) == set(index)
    by_id = {c.return_case_id: c for c in candidates}
    for (destination, day), ids in booked.items():
        assert 1 <= len(ids) <= seats
        assert day in dates
        for i in ids:
            assert by_id[i].destination == destination
            assert (index[i], dates.index(day)) not in barred
    for i, bar in waiting.items():
        if bar.reason == NO_SEAT:
            # every flight it could take was full, of cases waiting at least as long
            c = by_id[i]
            for day in dates:
                if (index[i], dates.index(day)) in barred:
                    continue
                on = booked.get((c.destination, day), [])
                assert len(on) == seats
                assert all(by_id[o].waiting_since <= c.waiting_since for o in on)


def test_the_case_waiting_longest_gets_the_last_seat() -> None:
    early = Candidate(uuid.UUID(int=2), "SY-DI", date(2025, 1, 1))
    late = Candidate(uuid.UUID(int=1), "SY-DI", date(2025, 3, 1))
    booked, waiting = assign_seats([late, early], [FIRST], 1, lambda c, d: None)
    assert booked == {("SY-DI", FIRST): [early.return_case_id]}
    assert waiting[late.return_case_id].reason == NO_SEAT


def test_a_case_barred_on_the_first_date_flies_on_the_next() -> None:
    case = Candidate(uuid.UUID(int=1), "SY-DI", date(2025, 1, 1))
    dates = flight_dates(FIRST, 14, 2)
    assert dates == [FIRST, FIRST + timedelta(days=14)]

    def bar(c: Candidate, day: date) -> Bar | None:
        return Bar("departure_moratorium", "moratorium") if day == FIRST else None

    booked, waiting = assign_seats([case], dates, 5, bar)
    assert booked == {("SY-DI", dates[1]): [case.return_case_id]} and not waiting
