"""The decision period (art. 42 Vw) and the clock a decision moratorium stops (art. 43 Vw):
pure rules over dates, with property tests."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from refuge.casework.deadlines import (
    EXCEPTIONAL,
    ORDINARY,
    Extension,
    add_months,
    clock_stopped,
    days_left,
    decision_period,
    is_overdue,
    merge,
    paused_days,
)
from refuge.casework.errors import ExtensionNotAllowed
from refuge.casework.moratoria import decision_moratoria, moratorium_in_force

SYRIA_2024 = (date(2024, 12, 9), date(2025, 6, 9))


def test_six_months_from_the_application_date() -> None:
    assert decision_period(date(2025, 7, 1)).due_on == date(2026, 1, 1)
    assert decision_period(date(2025, 8, 31)).due_on == date(2026, 2, 28)  # month end
    assert decision_period(date(2023, 8, 31)).due_on == date(2024, 2, 29)


def test_watch_the_deadline_move_across_the_2024_syria_moratorium() -> None:
    # an application of 1 November 2024: due 1 May 2025 without the moratorium; the 183
    # moratorium days (9 Dec 2024 - 9 Jun 2025) stop the clock and push the date out
    period = decision_period(date(2024, 11, 1), moratoria=decision_moratoria("SY"))
    assert period.unpaused_due_on == date(2025, 5, 1)
    assert period.days_paused == 183
    assert period.due_on == date(2025, 5, 1) + timedelta(days=183) == date(2025, 10, 31)
    assert [(p.start, p.end, p.days) for p in period.pauses] == [(*SYRIA_2024, 183)]
    # the days left stand still while the clock is stopped
    assert days_left(period, date(2024, 12, 8)) == 144
    assert days_left(period, date(2025, 1, 15)) == 144
    assert days_left(period, date(2025, 6, 9)) == 144
    assert days_left(period, date(2025, 6, 10)) == 143
    assert clock_stopped(period, date(2025, 3, 1)) and not clock_stopped(period, date(2025, 7, 1))
    assert not is_overdue(period, date(2025, 10, 31)) and is_overdue(period, date(2025, 11, 1))
    assert days_left(period, date(2025, 11, 3)) == -3


def test_an_application_lodged_during_the_moratorium_starts_its_clock_after_it() -> None:
    period = decision_period(date(2025, 1, 10), moratoria=[SYRIA_2024])
    assert period.days_paused == (SYRIA_2024[1] - date(2025, 1, 10)).days
    assert period.due_on == date(2025, 7, 10) + timedelta(days=period.days_paused)


def test_a_moratorium_after_the_due_date_changes_nothing() -> None:
    period = decision_period(date(2024, 1, 2), moratoria=[SYRIA_2024])
    assert period.due_on == date(2024, 7, 2) and period.days_paused == 0 and not period.pauses


def test_a_moratorium_the_move_reaches_also_counts() -> None:
    # due 1 Mar without pauses; a 10-day pause in Feb moves it to 11 Mar, where a second
    # pause (5-9 Mar) is now inside the period too
    moratoria = [(date(2025, 2, 1), date(2025, 2, 10)), (date(2025, 3, 5), date(2025, 3, 9))]
    period = decision_period(date(2024, 9, 1), moratoria=moratoria)
    assert period.days_paused == 15 and period.due_on == date(2025, 3, 16)


def test_a_moratorium_without_an_end_stops_the_clock_with_no_due_date() -> None:
    period = decision_period(date(2025, 1, 1), moratoria=[(date(2025, 2, 1), None)])
    assert period.due_on is None and period.beyond_outer_limit
    assert days_left(period, date(2025, 3, 1)) is None


def test_extensions_add_months_with_a_basis_and_a_reason() -> None:
    ext = [Extension(9, ORDINARY, "many applications at once"), Extension(3, EXCEPTIONAL, "x")]
    period = decision_period(date(2025, 1, 15), ext)
    assert period.months == 18 and period.due_on == date(2026, 7, 15)
    assert period.outer_limit == date(2026, 10, 15) and not period.beyond_outer_limit


@pytest.mark.parametrize(
    ("extensions", "message"),
    [
        ([Extension(6, ORDINARY, "a"), Extension(4, ORDINARY, "b")], "at most 9 months"),
        ([Extension(4, EXCEPTIONAL, "a")], "at most 3 months"),
        ([Extension(1, "art. 99 Vw", "a")], "unknown legal basis"),
        ([Extension(1, ORDINARY, "  ")], "reason"),
        ([Extension(0, ORDINARY, "a")], "at least 1 month"),
    ],
)
def test_extensions_beyond_the_law_are_refused(extensions: list[Extension], message: str) -> None:
    with pytest.raises(ExtensionNotAllowed) as err:
        decision_period(date(2025, 1, 1), extensions)
    assert err.value.code == "extension-not-allowed" and message in err.value.message


def test_the_syria_pack_gives_both_moratoria() -> None:
    assert decision_moratoria("SY") == [(date(2011, 7, 6), date(2012, 7, 5)), SYRIA_2024]
    assert moratorium_in_force("SY", date(2025, 6, 9))
    assert not moratorium_in_force("SY", date(2025, 6, 10))
    assert decision_moratoria("XX") == []


# --- properties -------------------------------------------------------------------------------

days = st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31))
# applications lodged from 12 June 2026 follow the APR (test_deadlines_apr.py)
lodged = st.dates(min_value=date(2000, 1, 1), max_value=date(2026, 6, 11))


@st.composite
def moratoria(draw: st.DrawFn) -> list[tuple[date, date | None]]:
    out: list[tuple[date, date | None]] = []
    for _ in range(draw(st.integers(0, 4))):
        start = draw(days)
        out.append((start, start + timedelta(days=draw(st.integers(0, 400)))))
    return out


extensions = st.lists(
    st.builds(Extension, st.integers(1, 3), st.just(ORDINARY), st.just("reason")), max_size=3
)


@given(lodged, extensions, moratoria())
def test_the_due_date_is_never_before_six_months_after_the_application(
    applied: date, ext: list[Extension], mor: list[tuple[date, date | None]]
) -> None:
    period = decision_period(applied, ext, mor)
    assert period.due_on is not None and period.due_on >= add_months(applied, 6)


@given(lodged, extensions, moratoria())
def test_moratorium_days_inside_the_period_move_the_due_date_by_exactly_that_many(
    applied: date, ext: list[Extension], mor: list[tuple[date, date | None]]
) -> None:
    period = decision_period(applied, ext, mor)
    assert period.due_on is not None
    inside = paused_days(period.moratoria, applied, period.due_on)
    assert period.days_paused == inside
    assert period.due_on == period.unpaused_due_on + timedelta(days=inside)
    assert not any(s <= period.due_on <= (e or date.max) for s, e in period.moratoria)
    assert days_left(period, applied) == (period.unpaused_due_on - applied).days


@given(lodged, extensions, moratoria(), st.randoms(use_true_random=False))
def test_the_order_of_moratoria_and_extensions_does_not_matter(
    applied: date, ext: list[Extension], mor: list[tuple[date, date | None]], rnd: object
) -> None:
    import random

    assert isinstance(rnd, random.Random)
    shuffled_ext, shuffled_mor = list(ext), list(mor)
    rnd.shuffle(shuffled_ext)
    rnd.shuffle(shuffled_mor)
    a = decision_period(applied, ext, mor)
    b = decision_period(applied, shuffled_ext, shuffled_mor)
    assert (a.due_on, a.days_paused, a.months) == (b.due_on, b.days_paused, b.months)


@given(days, moratoria())
def test_overlapping_moratoria_count_each_day_once(
    applied: date, mor: list[tuple[date, date | None]]
) -> None:
    doubled = mor + [(s, e) for s, e in mor]  # every moratorium twice
    assert decision_period(applied, (), doubled) == decision_period(applied, (), mor)
    merged = merge(mor)
    for (_, end), (start, _) in pairwise(merged):
        assert end is not None and start > end + timedelta(days=1)


@given(lodged, moratoria(), days)
def test_days_left_fall_by_one_per_running_day_and_stand_still_in_a_moratorium(
    applied: date, mor: list[tuple[date, date | None]], today: date
) -> None:
    period = decision_period(applied, (), mor)
    before, after = days_left(period, today), days_left(period, today + timedelta(days=1))
    assert before is not None and after is not None
    tomorrow = today + timedelta(days=1)
    stopped = any(s <= tomorrow <= (e or date.max) for s, e in period.moratoria)
    assert before - after == (0 if stopped else 1)
