"""Every way a policy pack can be wrong is reported as file:line:column, a stable code and a
message that says how to fix it, never as a Python traceback.

Each test writes the valid pack `fixtures/XX.yaml` with one targeted change and checks where
the loader points.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from refuge.policy import PackError, PackProblem, find_pack, load_pack
from refuge.policy.facts import FACTS
from refuge.rules.check import check
from refuge.rules.errors import RuleError
from refuge.rules.parse import parse
from refuge.rules.types import Type

BASE = (Path(__file__).parent / "fixtures" / "XX.yaml").read_text(encoding="utf-8")
HAS_PROFILE = "expression: overlaps(risk_profiles, profiles)"


def pack_with(tmp_path: Path, old: str, new: str) -> tuple[Path, str]:
    """The base pack with the first `old` replaced by `new`, written to a file."""
    assert old in BASE, f"{old!r} is not in the base pack"
    text = BASE.replace(old, new, 1)
    path = tmp_path / "XX.yaml"
    path.write_text(text, encoding="utf-8")
    return path, text


def problems_of(path: Path, required: dict[str, Type] | None = None) -> list[PackProblem]:
    with pytest.raises(PackError) as caught:
        load_pack(path, FACTS, required)
    return caught.value.problems


def the_problem(path: Path, required: dict[str, Type] | None = None) -> PackProblem:
    """The one problem the change caused (a pack may report follow-on problems after it)."""
    problems = problems_of(path, required)
    assert problems, "expected a problem"
    return problems[0]


def where(text: str, needle: str, occurrence: int = 1, after: str = "") -> tuple[int, int]:
    """1-based (line, column) of the `occurrence`-th `needle` in `text` (after `after`)."""
    at = text.index(after) - 1 if after else -1
    for _ in range(occurrence):
        at = text.index(needle, at + 1)
    line = text.count("\n", 0, at) + 1
    return line, at - text.rfind("\n", 0, at)


def assert_at(problem: PackProblem, path: Path, position: tuple[int, int], code: str) -> None:
    assert (problem.file, problem.line, problem.column, problem.code) == (
        str(path),
        *position,
        code,
    ), str(problem)


def test_the_base_pack_is_valid() -> None:
    pack = load_pack(Path(__file__).parent / "fixtures" / "XX.yaml", FACTS)
    assert list(pack.rules) == ["has_profile", "credible", "recommendation"]


# -- YAML ---------------------------------------------------------------------------------


def test_yaml_syntax_error_points_where_the_parser_stopped(tmp_path: Path) -> None:
    path, text = pack_with(tmp_path, "title: Test", "title: [Test")
    problem = the_problem(path)
    assert_at(problem, path, where(text, ": 2020-01-01"), "yaml-syntax")
    assert "not valid YAML" in problem.message and "expected ','" in problem.message


def test_a_key_written_twice_points_at_the_second(tmp_path: Path) -> None:
    path, text = pack_with(tmp_path, "title: Test", "title: Test\ntitle: Again")
    problem = the_problem(path)
    assert_at(problem, path, where(text, "title: Again"), "duplicate-key")
    assert "'title' appears twice" in problem.message and "keep one" in problem.message


def test_an_impossible_date_in_yaml_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    path, text = pack_with(tmp_path, "valid_from: 2020-01-01\n", "valid_from: 2020-13-01\n")
    problem = the_problem(path)
    assert_at(problem, path, where(text, "2020-13-01"), "yaml-value")
    assert "YYYY-MM-DD" in problem.message


def test_a_character_yaml_forbids_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    path, text = pack_with(tmp_path, "title: Test", "title: Te\x07st")
    problem = the_problem(path)
    assert_at(problem, path, where(text, "\x07"), "yaml-syntax")
    assert "U+0007" in problem.message and "remove it" in problem.message


def test_an_alias_that_contains_itself_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    path, text = pack_with(tmp_path, "title: Test", "title: &t [a, *t]")
    problem = the_problem(path)
    assert_at(problem, path, where(text, "&t"), "recursive-alias")


def test_aliases_that_expand_without_end_are_refused(tmp_path: Path) -> None:
    bomb = "".join(
        f"x{i}: &a{i} [{', '.join([f'*a{i - 1}' if i else 'lol'] * 10)}]\n" for i in range(7)
    )
    path = tmp_path / "XX.yaml"
    path.write_text(bomb, encoding="utf-8")
    assert the_problem(path).code == "too-large"


# -- the shape of the file (pydantic) -------------------------------------------------------


def test_missing_field_points_at_the_mapping_that_lacks_it(tmp_path: Path) -> None:
    path, text = pack_with(tmp_path, "    description: x\n", "")
    problem = the_problem(path)
    assert_at(problem, path, where(text, "id: has_profile"), "missing-field")
    assert "missing field 'description'; add it" in problem.message


def test_unknown_field_points_at_its_value(tmp_path: Path) -> None:
    path, text = pack_with(
        tmp_path, "    description: x\n", "    description: x\n    descripton: y\n"
    )
    problem = the_problem(path)
    assert_at(problem, path, where(text, "y\n"), "unknown-field")
    assert "unknown field 'descripton'; remove it or fix its spelling" in problem.message


def test_valid_from_that_is_not_a_date_asks_for_yyyy_mm_dd(tmp_path: Path) -> None:
    path, text = pack_with(tmp_path, "valid_from: 2020-01-01\n", "valid_from: 1 January 2020\n")
    problem = the_problem(path)
    assert_at(problem, path, where(text, "1 January 2020"), "bad-value")
    assert problem.message.startswith("valid_from:")
    assert "write a date as YYYY-MM-DD" in problem.message


def test_unknown_source_kind_lists_the_kinds(tmp_path: Path) -> None:
    path, text = pack_with(tmp_path, "kind: law", "kind: statute")
    problem = the_problem(path)
    assert_at(problem, path, where(text, "statute"), "bad-value")
    assert "'kamerstuk'" in problem.message and "'assumption'" in problem.message


def test_an_outcome_value_that_is_a_list_is_one_problem(tmp_path: Path) -> None:
    path, text = pack_with(tmp_path, "value: grant_refugee", "value: [grant_refugee]")
    (problem,) = problems_of(path)
    assert_at(problem, path, where(text, "[grant_refugee]"), "bad-value")
    assert "true or false, an integer or a string" in problem.message


# -- sources and citations -----------------------------------------------------------------


def test_citing_an_unknown_source_suggests_the_closest_one(tmp_path: Path) -> None:
    path, text = pack_with(tmp_path, "    cite: [s1]", "    cite: [s11]")
    problem = the_problem(path)
    assert_at(problem, path, where(text, "s11"), "unknown-source")
    assert "unknown source 's11'; did you mean 's1'?" in problem.message


def test_citing_a_source_nothing_resembles_says_where_to_add_it(tmp_path: Path) -> None:
    path, text = pack_with(tmp_path, "    cite: [s1]", "    cite: [kst-2024-17]")
    problem = the_problem(path)
    assert_at(problem, path, where(text, "kst-2024-17"), "unknown-source")
    assert "add it under 'sources'" in problem.message


def test_an_assumption_must_say_what_is_assumed(tmp_path: Path) -> None:
    path, text = pack_with(tmp_path, ', note: "we assume"', "")
    problem = the_problem(path)
    assert_at(problem, path, where(text, "{id: a1"), "assumption-without-note")
    assert "needs a 'note' saying what is assumed" in problem.message


def test_a_source_id_used_twice(tmp_path: Path) -> None:
    path, text = pack_with(tmp_path, "{id: a1,", "{id: s1,")
    problem = the_problem(path)
    assert_at(problem, path, where(text, "s1", 2), "duplicate-source")


# -- dated parameter values ----------------------------------------------------------------

MORATORIUM_2020 = "{valid_from: 2020-01-01, value: false, cite: s1}"
MORATORIUM_2021 = "{valid_from: 2021-01-01, valid_to: 2021-06-30, value: true, cite: s1}"
MORATORIUM_LAST = "{valid_from: 2021-07-01, value: false, cite: a1}"


def test_a_value_of_the_wrong_type(tmp_path: Path) -> None:
    path, text = pack_with(tmp_path, MORATORIUM_2020, MORATORIUM_2020.replace("false", "3"))
    problem = the_problem(path)
    assert_at(problem, path, where(text, "3, cite"), "type-mismatch")
    assert "value 3 is not a bool" in problem.message


def test_a_set_value_written_as_one_string_asks_for_a_list(tmp_path: Path) -> None:
    path, text = pack_with(tmp_path, "value: [lgbtiq]", "value: lgbtiq")
    problem = the_problem(path)
    assert_at(problem, path, where(text, "lgbtiq"), "type-mismatch")
    assert "write a list of strings" in problem.message


def test_a_date_parameter_with_a_time_of_day_is_not_a_date(tmp_path: Path) -> None:
    param = (
        "parameters:\n  cutoff:\n    description: c\n    type: date\n    values:\n"
        "      - {valid_from: 2020-01-01, value: 2020-06-01 12:00:00, cite: s1}\n"
    )
    path, text = pack_with(tmp_path, "parameters:\n", param)
    problem = the_problem(path)
    assert_at(problem, path, where(text, "2020-06-01 12"), "type-mismatch")
    assert "is not a date" in problem.message


def test_overlapping_ranges_say_where_the_earlier_one_should_end(tmp_path: Path) -> None:
    path, text = pack_with(tmp_path, "valid_to: 2021-06-30", "valid_to: 2021-07-01")
    problem = the_problem(path)
    assert_at(problem, path, where(text, "2021-07-01,", 2), "overlap")
    assert "end the previous one on 2021-06-30" in problem.message


def test_gapped_ranges_name_the_missing_days(tmp_path: Path) -> None:
    path, text = pack_with(tmp_path, "valid_to: 2021-06-30", "valid_to: 2021-06-28")
    problem = the_problem(path)
    assert_at(problem, path, where(text, "2021-07-01"), "gap")
    assert "no value from 2021-06-29 to 2021-06-30" in problem.message
    assert "start this one on 2021-06-29" in problem.message


def test_a_parameter_must_have_a_value_from_the_pack_start(tmp_path: Path) -> None:
    path, text = pack_with(tmp_path, MORATORIUM_2020, MORATORIUM_2020.replace("2020-01", "2020-02"))
    problem = the_problem(path)
    assert_at(problem, path, where(text, "2020-02-01"), "gap")
    assert "the pack starts on 2020-01-01" in problem.message


def test_the_last_value_may_not_end(tmp_path: Path) -> None:
    ended = MORATORIUM_LAST.replace("value:", "valid_to: 2021-12-31, value:")
    path, text = pack_with(tmp_path, MORATORIUM_LAST, ended)
    problem = the_problem(path)
    assert_at(problem, path, where(text, "2021-12-31"), "gap")
    assert "remove valid_to or add a value from the next day on" in problem.message


def test_values_out_of_date_order(tmp_path: Path) -> None:
    path, text = pack_with(tmp_path, "valid_from: 2022-01-01", "valid_from: 2019-06-01")
    problem = the_problem(path)
    assert_at(problem, path, where(text, "2019-06-01"), "out-of-order")
    assert "list values in date order" in problem.message


def test_a_range_that_ends_before_it_starts(tmp_path: Path) -> None:
    path, text = pack_with(tmp_path, "valid_to: 2021-06-30", "valid_to: 2020-06-30")
    problem = the_problem(path)
    assert_at(problem, path, where(text, "2020-06-30"), "empty-range")


# -- rule expressions: names and types ---------------------------------------------------


def test_an_unknown_name_suggests_the_closest_one(tmp_path: Path) -> None:
    path, text = pack_with(tmp_path, HAS_PROFILE, "expression: overlaps(risk_profile, profiles)")
    problem = the_problem(path)
    assert_at(problem, path, where(text, "risk_profile,"), "unknown-name")
    assert problem.message == "rules.0: unknown name 'risk_profile'; did you mean 'risk_profiles'?"


def test_an_unknown_name_nothing_resembles_says_what_names_exist(tmp_path: Path) -> None:
    path, text = pack_with(tmp_path, HAS_PROFILE, "expression: qqq")
    problem = the_problem(path)
    assert_at(problem, path, where(text, "qqq"), "unknown-name")
    assert "use a case fact, a parameter or another rule" in problem.message


def test_an_integer_compared_with_a_string(tmp_path: Path) -> None:
    path, text = pack_with(tmp_path, HAS_PROFILE, "expression: individual_risk_indicators == 'two'")
    problem = the_problem(path)
    assert_at(problem, path, where(text, "'two'"), "type-mismatch")
    assert "'==' compares int with str" in problem.message


def test_and_on_an_integer(tmp_path: Path) -> None:
    path, text = pack_with(
        tmp_path, HAS_PROFILE, "expression: minor and individual_risk_indicators"
    )
    problem = the_problem(path)
    assert_at(problem, path, where(text, "individual_risk_indicators"), "type-mismatch")
    assert "'and' needs bool, but this is int" in problem.message


def test_a_misspelt_value_of_a_case_fact_is_rejected(tmp_path: Path) -> None:
    path, text = pack_with(tmp_path, "credibility == 'credible'", 'credibility == "credibel"')
    problem = the_problem(path)
    assert_at(problem, path, where(text, "credibility =="), "unknown-value")
    assert "'credibel' is not a value of 'credibility'" in problem.message
    assert "partly_credible" in problem.message


def test_an_outcome_when_that_is_not_true_or_false(tmp_path: Path) -> None:
    path, text = pack_with(tmp_path, "{when: moratorium,", "{when: individual_risk_indicators,")
    problem = the_problem(path)
    assert_at(problem, path, where(text, "individual_risk_indicators,"), "type-mismatch")
    assert "'when' must be true or false" in problem.message


def test_an_outcome_row_value_of_another_type_than_otherwise(tmp_path: Path) -> None:
    path, text = pack_with(tmp_path, "value: grant_refugee", "value: 3")
    problem = the_problem(path)
    assert_at(problem, path, where(text, "3, cite"), "type-mismatch")
    assert "value 3 is not a str like the 'otherwise' value" in problem.message


# -- rule expressions: positions inside the YAML ---------------------------------------------


@pytest.mark.parametrize(
    ("expression", "at"),
    [
        ("expression: overlaps(risk_profiles, profile)", "profile)"),
        ('expression: "overlaps(risk_profiles, profile)"', "profile)"),
        ("expression: 'overlaps(risk_profiles,   profile)'", "profile)"),
        ("expression:    overlaps(risk_profiles, profile)  # a comment", "profile)"),
        ("expression: '  overlaps(risk_profiles, profile)'", "profile)"),
        (
            "expression: |\n      minor and\n      overlaps(risk_profiles,\n        profile)",
            "profile)",
        ),
        ("expression: >-\n      minor and\n      overlaps(risk_profiles, profile)", "profile)"),
        ("expression: >\n\n      minor and\n\n      overlaps(risk_profiles, profile)", "profile)"),
        ("expression: minor and\n      overlaps(risk_profiles, profile)", "profile)"),
        ('expression: "minor and \\\n      overlaps(risk_profiles, profile)"', "profile)"),
        ("expression: \"'région' != region and profile\"", "profile"),
    ],
    ids=[
        "plain",
        "double-quoted",
        "single-quoted",
        "plain-with-comment",
        "leading-blanks",
        "literal-block",
        "folded-block",
        "folded-block-blank-lines",
        "plain-on-two-lines",
        "double-quoted-escaped-break",
        "non-ascii",
    ],
)
def test_the_column_is_that_of_the_name_in_the_file(
    tmp_path: Path, expression: str, at: str
) -> None:
    path, text = pack_with(tmp_path, HAS_PROFILE, expression)
    problem = the_problem(path)
    assert_at(problem, path, where(text, at, after="expression:"), "unknown-name")


def test_a_syntax_error_in_a_block_scalar_points_into_the_block(tmp_path: Path) -> None:
    block = "expression: |\n      minor and\n      overlaps(risk_profiles, profiles) $ 1"
    path, text = pack_with(tmp_path, HAS_PROFILE, block)
    problem = the_problem(path)
    assert_at(problem, path, where(text, "$"), "syntax-error")
    assert problem.message.startswith("rules.0: not a valid expression")


# -- rule expressions: outside the language ---------------------------------------------------


@pytest.mark.parametrize(
    ("expression", "at", "code"),
    [
        ("credibility.upper() == 'X'", "credibility.upper()", "call-not-allowed"),
        ("minor.real", "minor.real", "outside-language"),
        ("risk_profiles[0] == 'kurd'", "risk_profiles[0]", "outside-language"),
        ("minor and (lambda: True)", "lambda", "outside-language"),
        ("size([p for p in risk_profiles]) > 0", "[p for", "outside-language"),
        ("size({p for p in risk_profiles}) > 0", "{p for", "outside-language"),
        ("size({p: 1 for p in risk_profiles}) > 0", "{p: 1", "outside-language"),
        ("any(p for p in risk_profiles)", "(p for", "outside-language"),
        ("open('/etc/passwd') == ''", "open(", "unknown-function"),
        ("__import__('os') == ''", "__import__", "private-name"),
        ("minor and __class__", "__class__", "private-name"),
        ("minor and _hidden", "_hidden", "private-name"),
        (
            "individual_risk_indicators ** 2 > 1",
            "individual_risk_indicators **",
            "outside-language",
        ),
        ("individual_risk_indicators / 2 > 1", "individual_risk_indicators /", "outside-language"),
        (
            "individual_risk_indicators // 2 > 1",
            "individual_risk_indicators //",
            "outside-language",
        ),
        ("individual_risk_indicators % 2 == 1", "individual_risk_indicators %", "outside-language"),
        ("f'{region}' == 'SY-DI'", "f'", "outside-language"),
        ("(n := individual_risk_indicators) > 1", "n :=", "outside-language"),
        ("minor is True", "minor is", "outside-language"),
        ("individual_risk_indicators > 1.5", "1.5", "literal-not-allowed"),
        ("region == None", "None", "literal-not-allowed"),
        ("region in ['SY-DI']", "['SY-DI']", "outside-language"),
        ("max(1, b=2) > 0", "max(", "keyword-arguments"),
        ("size(*risk_profiles) > 0", "*risk_profiles", "outside-language"),
        ("minor and", "minor and", "syntax-error"),
    ],
    ids=[
        "method-call",
        "attribute",
        "subscript",
        "lambda",
        "list-comprehension",
        "set-comprehension",
        "dict-comprehension",
        "generator",
        "open",
        "__import__",
        "dunder-name",
        "underscore-name",
        "power",
        "division",
        "floor-division",
        "modulo",
        "f-string",
        "walrus",
        "is",
        "float",
        "none",
        "list",
        "keyword-argument",
        "starred",
        "incomplete",
    ],
)
def test_what_is_outside_the_language_is_rejected_at_load_time(
    tmp_path: Path, expression: str, at: str, code: str
) -> None:
    path, text = pack_with(tmp_path, HAS_PROFILE, f'expression: "{expression}"')
    problem = the_problem(path)
    line, column = where(text, at)
    if code == "syntax-error":  # the text ended too soon: the column after its end
        column += len(at)
    assert_at(problem, path, (line, column), code)
    assert problem.message.startswith("rules.0: ")


def test_nesting_too_deep_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    path, _ = pack_with(tmp_path, HAS_PROFILE, "expression: " + "not " * 300 + "minor")
    problem = the_problem(path)
    assert problem.code == "too-deep"
    assert "split it into rules" in problem.message


# -- rules: ids, cycles, required --------------------------------------------------------


def test_rules_that_read_one_another_in_a_circle_show_the_circle(tmp_path: Path) -> None:
    path, text = pack_with(
        tmp_path, "years_between(application_date, decision_date) < 2", "has_profile"
    )
    path.write_text(
        text.replace(HAS_PROFILE, "expression: credible and overlaps(risk_profiles, profiles)"),
        encoding="utf-8",
    )
    text = path.read_text(encoding="utf-8")
    problem = the_problem(path)
    assert_at(problem, path, where(text, "has_profile"), "rule-cycle")
    assert "has_profile -> credible -> has_profile" in problem.message
    assert "break the circle" in problem.message


def test_a_rule_that_reads_itself(tmp_path: Path) -> None:
    path, text = pack_with(tmp_path, HAS_PROFILE, "expression: has_profile or minor")
    problem = the_problem(path)
    assert_at(problem, path, where(text, "has_profile"), "rule-cycle")
    assert "has_profile -> has_profile" in problem.message


def test_a_rule_id_used_twice(tmp_path: Path) -> None:
    path, text = pack_with(tmp_path, "  - id: credible", "  - id: has_profile")
    problem = the_problem(path)
    assert_at(problem, path, where(text, "has_profile", 2), "duplicate-rule")
    assert "'has_profile' is defined twice; rename one" in problem.message


@pytest.mark.parametrize(("name", "what"), [("minor", "case fact"), ("moratorium", "parameter")])
def test_a_rule_may_not_take_the_name_of_a_fact_or_parameter(
    tmp_path: Path, name: str, what: str
) -> None:
    path, text = pack_with(tmp_path, "  - id: credible", f"  - id: {name}")
    problem = the_problem(path)
    line, column = where(text, f"- id: {name}")
    assert_at(problem, path, (line, column + len("- id: ")), "name-clash")
    assert f"{name!r} is already a {what}; rename the rule" in problem.message


def test_a_parameter_may_not_take_the_name_of_a_fact(tmp_path: Path) -> None:
    path, text = pack_with(tmp_path, "  moratorium:\n", "  minor:\n")
    problems = problems_of(path)
    clash = next(p for p in problems if p.code == "name-clash")
    assert_at(clash, path, where(text, "description: moratorium"), "name-clash")
    assert "parameter 'minor' has the name of a case fact; rename it" in clash.message


def test_a_required_rule_the_pack_lacks(tmp_path: Path) -> None:
    path, text = pack_with(tmp_path, "title: Test", "title: Test")
    problem = the_problem(path, {"recommendation": Type.STR, "eligible": Type.BOOL})
    assert_at(problem, path, where(text, "- id: has_profile"), "missing-rule")
    assert "must define a rule or outcome table 'eligible' (bool)" in problem.message


def test_a_required_rule_of_the_wrong_type(tmp_path: Path) -> None:
    path, _ = pack_with(tmp_path, "title: Test", "title: Test")
    problem = the_problem(path, {"recommendation": Type.BOOL})
    assert problem.code == "type-mismatch"
    assert "'recommendation' must be a bool, but is str" in problem.message


# -- never a traceback ---------------------------------------------------------------------


def test_the_cli_facing_message_has_no_traceback(tmp_path: Path) -> None:
    path, _ = pack_with(tmp_path, HAS_PROFILE, "expression: __import__('os').system('true')")
    with pytest.raises(PackError) as caught:
        load_pack(path, FACTS)
    message = str(caught.value)
    assert "Traceback" not in message and 'File "' not in message
    assert message.startswith(f"{path}:")
    error = caught.value
    assert error.__cause__ is None
    assert error.__context__ is None or error.__suppress_context__


def test_every_problem_is_listed_in_file_order(tmp_path: Path) -> None:
    path, text = pack_with(tmp_path, "    cite: [s1]", "    cite: [s9]")
    path.write_text(text.replace(HAS_PROFILE, "expression: qqq"), encoding="utf-8")
    problems = problems_of(path)
    assert [p.code for p in problems] == ["unknown-name", "unknown-source"]
    lines = [p.line for p in problems]
    assert lines == sorted(lines)


def test_an_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "XX.yaml"
    path.write_bytes(b"country: \xff\n")
    problem = the_problem(path)
    assert_at(problem, path, (1, 1), "unreadable-file")


def test_an_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "XX.yaml"
    path.write_text("# nothing yet\n", encoding="utf-8")
    assert the_problem(path).code == "empty-file"


TOKENS = [
    *FACTS,
    "and", "or", "not", "in", "not in", "if", "else", "==", "!=", "<", "<=", ">", ">=",
    "+", "-", "*", "/", "**", "(", ")", "{", "}", "[", "]", ",", ":", ".", "=", ":=",
    "0", "1", "17", "-3", "True", "False", "None", "'credible'", "'kurd'", '"x"', "1.5",
    "date", "date(2024, 2, 29)", "date(2023, 2, 29)", "days_between", "years_between",
    "size", "overlaps", "min", "max", "open", "__import__", "_x", "lambda", "for", "x",
    "f'{x}'", "\n", "  ", "#",
]  # fmt: skip


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(st.text(max_size=60), st.lists(st.sampled_from(TOKENS), max_size=14).map(" ".join))
)
def test_any_text_either_builds_ir_or_raises_rule_error(text: str) -> None:
    try:
        expr = check(parse(text), FACTS)
    except RuleError as exc:
        assert exc.code and exc.message and exc.line >= 1 and exc.column >= 1
    else:
        assert expr.type in set(Type)


def test_a_typo_in_a_value_of_an_outcome_table_is_caught(tmp_path: Path) -> None:
    pack = tmp_path / "SY.yaml"
    text = (find_pack("SY")).read_text()  # type: ignore[union-attr]
    pack.write_text(text.replace("{'reject', 'reject_excluded'}", "{'reject', 'reject_exclude'}"))
    with pytest.raises(PackError) as info:
        load_pack(pack, FACTS)
    (problem,) = info.value.problems
    assert problem.code == "unknown-value"
    assert "'reject_exclude' is not a value of 'recommendation'" in problem.message


def test_a_file_that_is_not_a_mapping_is_named_and_not_dumped(tmp_path: Path) -> None:
    path = tmp_path / "XX.yaml"
    path.write_text("just a line of text " * 50)
    problem = the_problem(path)
    assert (problem.line, problem.column) == (1, 1)
    assert "a pack is a YAML mapping with country, title" in problem.message
    assert len(problem.message) < 250


def test_judgment_when_needs_a_true_or_false_rule(tmp_path: Path) -> None:
    path, text = pack_with(
        tmp_path,
        "    expression: overlaps(risk_profiles, profiles)\n    cite: s1\n",
        "    expression: size(risk_profiles)\n    cite: s1\n"
        "    judgment: weigh it\n    judgment_when: true\n",
    )
    problem = the_problem(path)
    assert_at(problem, path, where(text, "true", after="judgment_when"), "type-mismatch")
    assert "'judgment_when' needs a rule that is true or false" in problem.message


def test_judgment_when_without_a_judgment_is_refused(tmp_path: Path) -> None:
    path, text = pack_with(
        tmp_path, HAS_PROFILE + "\n", HAS_PROFILE + "\n    judgment_when: true\n"
    )
    problem = the_problem(path)
    assert_at(problem, path, where(text, "id: has_profile"), "bad-value")
    assert "give 'judgment' too" in problem.message, problem


def test_why_not_is_true_or_false(tmp_path: Path) -> None:
    path, text = pack_with(tmp_path, "value: grant_refugee,", "value: grant_refugee, why_not: 3,")
    problem = the_problem(path)
    assert_at(problem, path, where(text, "3,", after="why_not"), "bad-value")
    assert "why_not" in problem.message and "boolean" in problem.message
