"""The decision period of applications lodged from 12 June 2026: art. 35 of the Asylum
Procedure Regulation (EU) 2024/1348 (APR), which by its art. 79(3) governs them, while earlier
applications keep art. 42-43 Vw. Pure rules over dates, with property tests.
Sources and assumptions: docs/decisions/0006-decision-period-and-moratorium.md."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from refuge.casework.deadlines import (
    APR,
    APR_EXTENSION,
    APR_FROM,
    APR_GROUNDS,
    EXCEPTIONAL,
    ORDINARY,
    VW,
    Extension,
    Moratorium,
    add_months,
    check_extensions,
    days_left,
    decision_period,
    is_overdue,
    paused_days,
    regime_for,
)
from refuge.casework.errors import ExtensionNotAllowed

LAST_VW_DAY = date(2026, 6, 11)
FIRST_APR_DAY = date(2026, 6, 12)
COMPLEX = "complex issues of fact or law: three expert reports on the documents"


def apr(months: int, reason: str = COMPLEX) -> Extension:
    return Extension(months, APR_EXTENSION, reason)


# --- which law -------------------------------------------------------------------------------


def test_lodged_on_11_june_2026_follows_the_vw_and_on_12_june_the_apr() -> None:
    assert APR_FROM == FIRST_APR_DAY
    old, new = decision_period(LAST_VW_DAY), decision_period(FIRST_APR_DAY)
    assert (old.regime, old.legal_basis) == (VW, "art. 42 Vw")
    assert (new.regime, new.legal_basis) == (APR, "art. 35 Regulation (EU) 2024/1348")
    # both: six months from the application date
    assert old.due_on == date(2026, 12, 11) and new.due_on == date(2026, 12, 12)
    # the Vw application may be extended by 9 + 3 months, the APR one by 6 at most
    vw = decision_period(
        LAST_VW_DAY, [Extension(9, ORDINARY, "many at once"), Extension(3, EXCEPTIONAL, "x")]
    )
    assert vw.months == 18 and vw.due_on == date(2027, 12, 11)
    assert decision_period(FIRST_APR_DAY, [apr(6)]).due_on == date(2027, 6, 12)
    with pytest.raises(ExtensionNotAllowed):
        decision_period(FIRST_APR_DAY, [Extension(9, ORDINARY, "many at once")])
    with pytest.raises(ExtensionNotAllowed):
        decision_period(LAST_VW_DAY, [apr(6)])


def test_the_outer_limit_binds_only_from_12_june_2026() -> None:
    open_ended: list[Moratorium] = [(date(2026, 7, 1), None)]
    old = decision_period(LAST_VW_DAY, moratoria=open_ended)
    assert old.due_on is None and old.beyond_outer_limit and not old.held_at_outer_limit
    new = decision_period(FIRST_APR_DAY, moratoria=open_ended)
    assert new.due_on == new.outer_limit == date(2028, 3, 12)
    assert new.held_at_outer_limit and not new.beyond_outer_limit


# --- extensions: art. 35(5) APR only, at most 6 months, on one of its grounds ----------------


@pytest.mark.parametrize("ground", APR_GROUNDS)
def test_each_ground_of_art_35_5_allows_an_extension(ground: str) -> None:
    period = decision_period(date(2026, 9, 1), [apr(2, ground), apr(4, ground.upper() + ": more")])
    assert period.months == 12 and period.due_on == date(2027, 9, 1)


@pytest.mark.parametrize(
    ("extensions", "message"),
    [
        ([apr(7)], "at most 6 months"),
        ([apr(4), apr(3)], "at most 6 months of extension in all; this would make 7"),
        ([apr(4), apr(3)], "Extend by at most 2 months"),
        ([Extension(3, ORDINARY, "complex issues of fact or law")], "Regulation (EU) 2024/1348"),
        ([Extension(3, ORDINARY, "complex issues of fact or law")], "'art. 35(5) APR'"),
        ([Extension(1, EXCEPTIONAL, "complex issues of fact or law")], "Asylum Procedure"),
        ([apr(1, "the caseworker is on leave")], "one of its grounds"),
        ([apr(1, "  ")], "reason"),
        ([apr(0)], "at least 1 month"),
        ([Extension(1, "art. 99 Vw", "x")], "unknown legal basis"),
    ],
)
def test_apr_extensions_beyond_the_regulation_are_refused(
    extensions: list[Extension], message: str
) -> None:
    with pytest.raises(ExtensionNotAllowed) as err:
        decision_period(date(2026, 9, 1), extensions)
    assert err.value.code == "extension-not-allowed" and message in err.value.message


def test_an_apr_extension_of_an_older_application_is_refused_naming_both_laws() -> None:
    with pytest.raises(ExtensionNotAllowed) as err:
        decision_period(LAST_VW_DAY, [apr(1)])
    message = err.value.message
    assert "Regulation (EU) 2024/1348" in message and "art. 79(3)" in message
    assert "art. 42 Vw" in message and repr(ORDINARY) in message


# --- postponement (art. 35(7) APR): stops the clock, never past 21 months ----------------------


def test_a_short_postponement_moves_the_due_date_as_under_the_vw() -> None:
    period = decision_period(date(2026, 7, 1), moratoria=[(date(2026, 8, 1), date(2026, 9, 30))])
    assert period.days_paused == 61 and not period.held_at_outer_limit
    assert period.due_on == date(2027, 1, 1) + timedelta(days=61)


def test_a_postponement_that_would_pass_21_months_holds_the_due_date_at_the_limit() -> None:
    applied = date(2026, 7, 1)
    moratorium = (date(2026, 8, 1), date(2027, 12, 31))  # 518 days
    period = decision_period(applied, [apr(6)], [moratorium])
    # without the limit: 1 Jul 2027 + 518 days = 30 Nov 2028, past 1 Apr 2028
    assert period.unpaused_due_on + timedelta(days=518) > period.outer_limit
    assert period.outer_limit == add_months(applied, 21) == date(2028, 4, 1)
    assert period.due_on == date(2028, 4, 1) and period.held_at_outer_limit
    assert [(p.start, p.end, p.days) for p in period.pauses] == [(*moratorium, 518)]
    # the limit binds whatever the clock does: the days left are calendar days to it
    assert days_left(period, date(2027, 3, 1)) == (date(2028, 4, 1) - date(2027, 3, 1)).days
    assert days_left(period, date(2028, 4, 1)) == 0
    assert not is_overdue(period, date(2028, 4, 1)) and is_overdue(period, date(2028, 4, 2))


def test_a_postponement_with_no_end_yet_gives_the_limit_as_due_date() -> None:
    period = decision_period(date(2026, 7, 1), moratoria=[(date(2026, 8, 1), None)])
    assert period.due_on == date(2028, 4, 1) and period.held_at_outer_limit
    # the pause is counted up to the limit, the last day the examination may run
    assert [(p.start, p.end) for p in period.pauses] == [(date(2026, 8, 1), date(2028, 4, 1))]
    assert period.days_paused == (date(2028, 4, 1) - date(2026, 8, 1)).days + 1
    assert days_left(period, date(2027, 1, 1)) == (date(2028, 4, 1) - date(2027, 1, 1)).days


def test_a_due_date_exactly_on_the_limit_is_not_held() -> None:
    # 6 months run to 1 Jan 2027; a pause of exactly the days from there to the limit
    applied = date(2026, 7, 1)
    gap = (date(2028, 4, 1) - date(2027, 1, 1)).days
    period = decision_period(
        applied, moratoria=[(date(2026, 8, 1), date(2026, 8, 1) + timedelta(days=gap - 1))]
    )
    assert period.due_on == period.outer_limit and not period.held_at_outer_limit


# --- properties -------------------------------------------------------------------------------

lodged_under_apr = st.dates(min_value=APR_FROM, max_value=date(2045, 12, 31))
lodged_under_vw = st.dates(min_value=date(2000, 1, 1), max_value=LAST_VW_DAY)
grounds = st.sampled_from(APR_GROUNDS)


@st.composite
def apr_extensions(draw: st.DrawFn, total: int = 6) -> list[Extension]:
    """Up to `total` months in all, each on a ground of art. 35(5)."""
    out: list[Extension] = []
    left = total
    while left and draw(st.booleans()):
        months = draw(st.integers(1, left))
        out.append(Extension(months, APR_EXTENSION, draw(grounds)))
        left -= months
    return out


@st.composite
def moratoria_near(draw: st.DrawFn, applied: date) -> list[Moratorium]:
    """Moratoria around the application, long enough to reach the 21-month limit, some with
    no end set yet."""
    out: list[Moratorium] = []
    for _ in range(draw(st.integers(0, 4))):
        start = applied + timedelta(days=draw(st.integers(-200, 700)))
        length = draw(st.none() | st.integers(0, 800))
        out.append((start, None if length is None else start + timedelta(days=length)))
    return out


@st.composite
def apr_cases(draw: st.DrawFn) -> tuple[date, list[Extension], list[Moratorium]]:
    applied = draw(lodged_under_apr)
    return applied, draw(apr_extensions()), draw(moratoria_near(applied))


@given(apr_cases())
def test_the_apr_due_date_is_never_before_6_nor_after_21_months_from_lodging(
    case: tuple[date, list[Extension], list[Moratorium]],
) -> None:
    applied, ext, mor = case
    period = decision_period(applied, ext, mor)
    assert period.legal_basis == "art. 35 Regulation (EU) 2024/1348"
    assert period.due_on is not None
    assert add_months(applied, 6) <= period.due_on <= add_months(applied, 21)
    assert period.due_on == min(period.due_on, period.outer_limit)
    assert not period.beyond_outer_limit


@given(apr_cases())
def test_the_due_date_is_held_exactly_when_the_clock_would_run_past_the_limit(
    case: tuple[date, list[Extension], list[Moratorium]],
) -> None:
    applied, ext, mor = case
    period = decision_period(applied, ext, mor)
    assert period.due_on is not None
    limit = period.outer_limit
    needed = (period.unpaused_due_on - applied).days  # running days the period needs
    running_to_limit = (limit - applied).days - paused_days(period.moratoria, applied, limit)
    assert period.held_at_outer_limit == (running_to_limit < needed)
    inside = paused_days(period.moratoria, applied, period.due_on)
    assert period.days_paused == inside
    if period.held_at_outer_limit:
        assert period.due_on == limit
        assert days_left(period, applied) == (limit - applied).days
    else:  # as under the Vw: moved by exactly the moratorium days, never on one
        assert period.due_on == period.unpaused_due_on + timedelta(days=inside)
        assert not any(s <= period.due_on <= (e or date.max) for s, e in period.moratoria)
        assert days_left(period, applied) == needed


@given(apr_cases(), st.randoms(use_true_random=False))
def test_the_order_of_apr_extensions_and_moratoria_does_not_matter(
    case: tuple[date, list[Extension], list[Moratorium]], rnd: random.Random
) -> None:
    applied, ext, mor = case
    shuffled_ext, shuffled_mor = list(ext), list(mor)
    rnd.shuffle(shuffled_ext)
    rnd.shuffle(shuffled_mor)
    a = decision_period(applied, ext, mor)
    b = decision_period(applied, shuffled_ext, shuffled_mor)
    assert (a.due_on, a.days_paused, a.months, a.held_at_outer_limit) == (
        b.due_on,
        b.days_paused,
        b.months,
        b.held_at_outer_limit,
    )


@given(lodged_under_apr, apr_extensions(total=12), st.integers(1, 12), grounds)
def test_apr_extensions_beyond_6_months_in_all_are_refused(
    applied: date, ext: list[Extension], more: int, ground: str
) -> None:
    extensions = [*ext, Extension(more, APR_EXTENSION, ground)]
    total = sum(e.months for e in extensions)
    if total <= 6:
        assert decision_period(applied, extensions).months == 6 + total
    else:
        with pytest.raises(ExtensionNotAllowed, match="at most 6 months"):
            decision_period(applied, extensions)


@given(lodged_under_apr, apr_extensions(), st.sampled_from([ORDINARY, EXCEPTIONAL]))
def test_a_vw_extension_of_an_apr_application_is_refused(
    applied: date, ext: list[Extension], basis: str
) -> None:
    with pytest.raises(ExtensionNotAllowed, match=r"Regulation \(EU\) 2024/1348"):
        decision_period(applied, [*ext, Extension(1, basis, "complex issues of fact or law")])


@given(lodged_under_vw, grounds)
def test_an_apr_extension_of_an_older_application_is_refused(applied: date, ground: str) -> None:
    with pytest.raises(ExtensionNotAllowed, match=r"art\. 42 Vw"):
        decision_period(applied, [Extension(1, APR_EXTENSION, ground)])


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2045, 12, 31)))
def test_the_law_is_the_one_in_force_on_the_application_date(applied: date) -> None:
    regime = regime_for(applied)
    assert regime is (APR if applied >= date(2026, 6, 12) else VW)
    assert decision_period(applied).legal_basis == regime.legal_basis


def test_check_extensions_takes_the_regime() -> None:
    check_extensions([apr(6)], APR)
    check_extensions([Extension(9, ORDINARY, "x")])  # the Vw by default, as before
    with pytest.raises(ExtensionNotAllowed):
        check_extensions([apr(6)])


@given(apr_cases(), st.integers(-30, 900))
def test_apr_days_left_stand_still_in_a_moratorium_unless_the_limit_holds_the_date(
    case: tuple[date, list[Extension], list[Moratorium]], offset: int
) -> None:
    applied, ext, mor = case
    period = decision_period(applied, ext, mor)
    today = applied + timedelta(days=offset)
    tomorrow = today + timedelta(days=1)
    before, after = days_left(period, today), days_left(period, tomorrow)
    assert before is not None and after is not None
    stopped = any(s <= tomorrow <= (e or date.max) for s, e in period.moratoria)
    assert before - after == (0 if stopped and not period.held_at_outer_limit else 1)
