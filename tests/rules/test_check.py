"""The checker types every expression at load time and refuses what would go wrong later."""

from __future__ import annotations

from datetime import date

import pytest

from refuge.policy.facts import FACTS
from refuge.rules import ir
from refuge.rules.check import NameInfo, check
from refuge.rules.errors import RuleError
from refuge.rules.parse import parse
from refuge.rules.types import Type

ENV: dict[str, NameInfo] = {
    **FACTS,
    "moratorium": NameInfo("param", Type.BOOL),
    "threshold": NameInfo("param", Type.INT),
    "profiles": NameInfo("param", Type.STRSET, known=frozenset({"lgbtiq", "kurd"})),
    "safe_region": NameInfo("param", Type.STR, known=frozenset({"SY-DI"})),
}


def typed(text: str) -> ir.Expr:
    return check(parse(text), ENV)


def refused(text: str) -> RuleError:
    with pytest.raises(RuleError) as caught:
        typed(text)
    return caught.value


@pytest.mark.parametrize(
    ("text", "type_"),
    [
        ("True", Type.BOOL),
        ("17", Type.INT),
        ("'kurd'", Type.STR),
        ("{'kurd', 'druze'}", Type.STRSET),
        ("date(2024, 2, 29)", Type.DATE),
        ("size(risk_profiles) + 1", Type.INT),
        ("days_between(application_date, decision_date)", Type.INT),
        ("overlaps(risk_profiles, profiles)", Type.BOOL),
        ("min(threshold, 3)", Type.INT),
        ("'grant' if minor else 'reject'", Type.STR),
        ("-threshold", Type.INT),
    ],
)
def test_every_expression_has_a_type(text: str, type_: Type) -> None:
    assert typed(text).type == type_


def test_a_chained_comparison_is_each_pair_anded() -> None:
    indicators = ir.Name("individual_risk_indicators", "fact", Type.INT)
    threshold = ir.Name("threshold", "param", Type.INT)
    assert typed("1 <= individual_risk_indicators < threshold") == ir.BoolOp(
        "and",
        (
            ir.Compare("<=", ir.Const(1, Type.INT), indicators),
            ir.Compare("<", indicators, threshold),
        ),
    )


def test_not_in_is_a_negated_membership() -> None:
    expr = typed("'kurd' not in risk_profiles")
    assert isinstance(expr, ir.Member) and expr.negated


def test_a_set_literal_holds_its_strings_once() -> None:
    assert typed("{'kurd', 'kurd', 'druze'}") == ir.Const(frozenset({"kurd", "druze"}), Type.STRSET)


def test_a_date_literal_is_a_constant() -> None:
    assert typed("date(2024, 12, 8)") == ir.Const(date(2024, 12, 8), Type.DATE)


@pytest.mark.parametrize(
    "text",
    ["date(2023, 2, 29)", "date(2024, 13, 1)", "date(2024, 0, 1)", "date(2024, 1, 32)"],
)
def test_a_date_not_on_the_calendar(text: str) -> None:
    error = refused(text)
    assert error.code == "bad-date" and "not a calendar date" in error.message


@pytest.mark.parametrize(
    "text", ["date(2024, 1)", "date('2024', 1, 1)", "date(2024, 1, threshold)", "date(True, 1, 1)"]
)
def test_a_date_literal_takes_three_integer_literals(text: str) -> None:
    error = refused(text)
    assert error.code == "bad-date" and "date(YYYY, M, D)" in error.message


@pytest.mark.parametrize(
    ("text", "column", "says"),
    [
        ("individual_risk_indicators == 'two'", 31, "'==' compares int with str"),
        ("minor and individual_risk_indicators", 11, "'and' needs bool, but this is int"),
        ("not threshold", 5, "'not' needs bool, but this is int"),
        ("-minor", 2, "unary '-' needs int, but this is bool"),
        ("region + 1", 1, "'+' needs int, but this is str"),
        ("1 if threshold else 2", 6, "the condition of 'x if c else y' needs bool"),
        ("1 if minor else 'one'", 1, "both branches of 'x if c else y' need one type"),
        ("region < 'SY-DI'", 1, "'<' orders integers and dates only, not str"),
        ("risk_profiles == profiles", 1, "sets cannot be compared"),
        ("'kurd' in region", 11, "'in' needs a set of strings on the right, got str"),
        ("threshold in risk_profiles", 1, "'in' needs a string on the left, got int"),
        ("years_between(application_date, 3)", 33, "argument 2 of years_between() needs date"),
    ],
)
def test_type_errors_are_found_at_load_time(text: str, column: int, says: str) -> None:
    error = refused(text)
    assert (error.code, error.line, error.column) == ("type-mismatch", 1, column)
    assert says in error.message


def test_an_unknown_name_suggests_a_close_one() -> None:
    error = refused("minr")
    assert error.code == "unknown-name" and "did you mean 'minor'?" in error.message


def test_an_unknown_function_lists_the_functions() -> None:
    error = refused("open('x') == 'y'")
    assert error.code == "unknown-function"
    assert "days_between" in error.message and "date" in error.message


def test_a_function_with_the_wrong_number_of_arguments_shows_its_signature() -> None:
    error = refused("size(risk_profiles, grounds) > 0")
    assert error.code == "wrong-arguments"
    assert "size(set): number of members: takes 1 arguments, got 2" in error.message


def test_a_set_literal_holds_string_literals_only() -> None:
    error = refused("region in {'SY-DI', 1}")
    assert (error.code, error.column) == ("set-of-strings", 21)


@pytest.mark.parametrize(
    "text",
    [
        "credibility == 'credibel'",
        "credibility != 'credibel'",
        "'credibel' == credibility",
        "credibility in {'credible', 'credibel'}",
        "'lgbtqi' in risk_profiles",
        "overlaps(risk_profiles, {'lgbtqi'})",
        "(credibility if minor else 'credibel') == 'credible'",
        "permit_ground == 'refuge'",
    ],
)
def test_a_value_a_case_fact_cannot_take_is_rejected(text: str) -> None:
    error = refused(text)
    assert error.code == "unknown-value"
    assert "is not a value of" in error.message and "expected one of" in error.message


def test_values_of_a_fact_without_a_closed_list_are_free() -> None:
    assert typed("region == 'SY-XX'").type == Type.BOOL


def test_a_parameter_value_outside_a_facts_values_is_rejected() -> None:
    env = {**ENV, "profiles": NameInfo("param", Type.STRSET, known=frozenset({"lgbtqi"}))}
    with pytest.raises(RuleError) as caught:
        check(parse("overlaps(risk_profiles, profiles)"), env)
    assert caught.value.code == "unknown-value"
