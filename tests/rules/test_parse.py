"""The parser accepts exactly the rule language and never runs the text it reads."""

from __future__ import annotations

import ast
import builtins

import pytest

from refuge.rules.errors import RuleError
from refuge.rules.parse import MAX_DEPTH, parse, position


@pytest.mark.parametrize(
    "text",
    [
        "minor and not legal_residence or has_permit",
        "1 < individual_risk_indicators <= 3",
        "credibility not in {'not_credible', 'not_assessed'}",
        "'kurd' in risk_profiles",
        "-individual_risk_indicators + 2 * 3 - 1",
        "'a' if minor else 'b'",
        "decision_date >= date(2024, 12, 8)",
        "years_between(application_date, decision_date) < 2",
        "True != False",
        "(minor\n and has_permit)",
        "minor and\n  has_permit",
    ],
)
def test_the_language_parses(text: str) -> None:
    assert isinstance(parse(text), ast.expr)


def test_parsing_never_calls_eval_or_exec(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("eval/exec/compile called")

    for name in ("eval", "exec"):
        monkeypatch.setattr(builtins, name, refuse)
    assert isinstance(parse("minor and region in {'SY-DI'}"), ast.BoolOp)
    with pytest.raises(RuleError):
        parse("__import__('os').system('echo pwned')")


@pytest.mark.parametrize(
    ("text", "code", "column"),
    [
        ("a.b", "outside-language", 1),
        ("minor and a[0]", "outside-language", 11),
        ("x ** 2", "outside-language", 1),
        ("1 + x ** 2", "outside-language", 5),
        ("x / 2", "outside-language", 1),
        ("lambda: 1", "outside-language", 1),
        ("[x for x in y]", "outside-language", 1),
        ("{x for x in y}", "outside-language", 1),
        ("{x: 1 for x in y}", "outside-language", 1),
        ("(x := 1)", "outside-language", 2),
        ("f'{x}'", "outside-language", 1),
        ("x is None", "outside-language", 1),
        ("x is y", "outside-language", 1),
        ("a.b(1)", "call-not-allowed", 1),
        ("__import__('os')", "private-name", 1),
        ("minor or _x", "private-name", 10),
        ("max(a=1)", "keyword-arguments", 1),
        ("1.5", "literal-not-allowed", 1),
        ("b'x'", "literal-not-allowed", 1),
        ("...", "literal-not-allowed", 1),
        ("(1, 2)", "outside-language", 1),
        ("{'a': 1}", "outside-language", 1),
        ("~1", "outside-language", 1),
    ],
)
def test_what_is_outside_the_language(text: str, code: str, column: int) -> None:
    with pytest.raises(RuleError) as caught:
        parse(text)
    assert (caught.value.code, caught.value.line, caught.value.column) == (code, 1, column)


def test_the_outside_language_message_says_what_is_not_allowed() -> None:
    with pytest.raises(RuleError, match=r"'\*\*' \(the language has integer \+ - \* only\)"):
        parse("2 ** 8")
    with pytest.raises(RuleError, match=r"write a set: \{'a', 'b'\}"):
        parse("region in ['SY-DI']")


def test_an_empty_expression() -> None:
    with pytest.raises(RuleError) as caught:
        parse("  \n ")
    assert caught.value.code == "empty-expression"


def test_a_syntax_error_names_its_column() -> None:
    with pytest.raises(RuleError) as caught:
        parse("minor and $")
    assert (caught.value.code, caught.value.line, caught.value.column) == ("syntax-error", 1, 11)


def test_a_syntax_error_at_the_end_points_past_the_text() -> None:
    with pytest.raises(RuleError) as caught:
        parse("minor and")
    assert (caught.value.line, caught.value.column) == (1, 10)


def test_positions_count_the_blank_space_in_front_of_the_text() -> None:
    with pytest.raises(RuleError) as caught:
        parse("\n\n   minor and a.b")
    assert (caught.value.line, caught.value.column) == (3, 14)


def test_positions_count_characters_not_bytes() -> None:
    with pytest.raises(RuleError) as caught:
        parse("'éé' == region and a.b")
    assert caught.value.column == 20


def test_nodes_carry_their_position_in_the_text_as_written() -> None:
    tree = parse("  minor and\n   'é' == region")
    assert isinstance(tree, ast.BoolOp)
    assert [position(v) for v in tree.values] == [(1, 3), (2, 4)]
    compare = tree.values[1]
    assert isinstance(compare, ast.Compare)
    assert position(compare.comparators[0]) == (2, 11)


def test_nesting_is_limited_so_that_nothing_downstream_runs_out_of_stack() -> None:
    parse("not " * (MAX_DEPTH - 1) + "minor")
    for text in ("not " * MAX_DEPTH + "minor", "-" * 100_000 + "1", "not " * 5000 + "x"):
        with pytest.raises(RuleError) as caught:
            parse(text)
        assert caught.value.code == "too-deep"


def test_null_bytes_and_huge_literals_are_syntax_errors() -> None:
    for text in ("minor\x00", "1" * 5000):
        with pytest.raises(RuleError) as caught:
            parse(text)
        assert caught.value.code == "syntax-error"
