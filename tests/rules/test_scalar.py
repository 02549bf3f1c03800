"""The scalar evaluator: what each construct and function means for one case."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from refuge.policy.facts import FACTS
from refuge.rules.check import NameInfo, check
from refuge.rules.functions import days_between, overlaps, size, years_between
from refuge.rules.parse import parse
from refuge.rules.scalar import ScalarProgram, compile_expr
from refuge.rules.types import Type

CASE: dict[str, Any] = {
    "nationality": "SY",
    "region": "SY-DI",
    "application_date": date(2023, 3, 1),
    "decision_date": date(2025, 2, 28),
    "grounds": frozenset({"religion"}),
    "credibility": "credible",
    "risk_profiles": frozenset({"kurd"}),
    "individual_risk_indicators": 2,
    "exclusion_grounds": frozenset(),
    "has_permit": False,
    "permit_ground": "none",
    "legal_residence": False,
    "minor": True,
}


def value(text: str, **facts: Any) -> Any:
    return compile_expr(check(parse(text), FACTS))({**CASE, **facts})


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 < individual_risk_indicators < 3", True),
        ("1 < individual_risk_indicators < 2", False),
        ("0 < individual_risk_indicators > 1", True),
        ("'kurd' in risk_profiles", True),
        ("'kurd' not in risk_profiles", False),
        ("credibility in {'credible', 'partly_credible'}", True),
        ("credibility not in {'credible', 'partly_credible'}", False),
        ("individual_risk_indicators * 3 - 1 + -2", 3),
        ("'a' if minor and not has_permit else 'b'", "a"),
        ("minor or has_permit", True),
        ("decision_date > date(2025, 2, 27)", True),
        ("size(grounds) == 1", True),
        ("overlaps(risk_profiles, {'kurd', 'druze'})", True),
        ("overlaps(risk_profiles, {'druze'})", False),
        ("min(individual_risk_indicators, 1) + max(individual_risk_indicators, 5)", 6),
        ("days_between(application_date, decision_date)", 730),
        ("years_between(application_date, decision_date)", 1),
        ("size(exclusion_grounds) == 0", True),
    ],
)
def test_the_meaning_of_each_construct(text: str, expected: Any) -> None:
    assert value(text) == expected


def test_a_rule_reads_the_rules_before_it() -> None:
    program = ScalarProgram(
        [
            ("kurd", check(parse("'kurd' in risk_profiles"), FACTS)),
            (
                "credible_kurd",
                check(
                    parse("kurd and credibility == 'credible'"),
                    {**FACTS, "kurd": NameInfo("rule", Type.BOOL)},
                ),
            ),
        ]
    )
    assert program.run(CASE) == {"kurd": True, "credible_kurd": True}


def test_days_between_counts_backwards_too() -> None:
    assert days_between(date(2024, 3, 1), date(2024, 2, 28)) == -2


def test_a_birthday_completes_the_year_on_the_day() -> None:
    born = date(2000, 6, 15)
    assert years_between(born, date(2018, 6, 14)) == 17
    assert years_between(born, date(2018, 6, 15)) == 18


def test_someone_born_on_29_february_turns_a_year_older_on_1_march_in_common_years() -> None:
    born = date(2004, 2, 29)
    assert years_between(born, date(2022, 2, 28)) == 17
    assert years_between(born, date(2022, 3, 1)) == 18
    assert years_between(born, date(2024, 2, 28)) == 19
    assert years_between(born, date(2024, 2, 29)) == 20


def _anniversary(start: date, years: int) -> date:
    try:
        return start.replace(year=start.year + years)
    except ValueError:  # 29 February in a common year: the day after 28 February
        return date(start.year + years, 3, 1)


def _naive_years_between(start: date, end: date) -> int:
    years = 0
    while _anniversary(start, years + 1) <= end:
        years += 1
    return years


dates = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))


@given(dates, dates)
def test_years_between_counts_anniversaries(a: date, b: date) -> None:
    start, end = min(a, b), max(a, b)
    assert years_between(start, end) == _naive_years_between(start, end)


@given(dates, st.sampled_from([date(2000, 2, 29), date(1996, 2, 29), date(2024, 2, 29)]))
def test_years_between_from_a_leap_day(end: date, born: date) -> None:
    if end >= born:
        assert years_between(born, end) == _naive_years_between(born, end)


@given(dates, st.integers(min_value=-5000, max_value=5000))
def test_days_between_undoes_adding_days(start: date, days: int) -> None:
    end = start + timedelta(days=days)
    assert days_between(start, end) == days


def test_set_functions() -> None:
    assert size(frozenset({"a", "b"})) == 2
    assert overlaps(frozenset({"a"}), frozenset({"a", "b"}))
    assert not overlaps(frozenset(), frozenset({"a"}))
