"""What an error message may quote of a rejected value: a short plain value of an ordinary
field; never a value under a special-category field, and never an object or a list."""

from __future__ import annotations

import pytest

from refuge.quote import reason, rejected


@pytest.mark.parametrize(
    ("loc", "value", "shown"),
    [
        (("credibility",), "maybe", "'maybe'"),
        (("individual_risk_indicators",), -1, "-1"),
        (("legal_residence",), "maybe", "'maybe'"),
        (("grounds", 1), "SECRET", None),
        (("case", "risk_profiles", 0), "SECRET", None),
        (("exclusion_grounds",), ["article_1F"], None),
        (("hearing_summary",), "SECRET", None),
        ((), {"grounds": ["religion"]}, None),  # a model-level error: the whole record
        (("credibility",), {"grounds": ["religion"]}, None),
        (("minor",), ["religion"], None),
    ],
)
def test_what_may_be_quoted(loc: tuple[object, ...], value: object, shown: str | None) -> None:
    assert rejected(loc, value) == shown


def test_a_value_outside_a_closed_set_lists_the_allowed_values_not_the_input() -> None:
    err = {
        "type": "literal_error",
        "loc": ("grounds", 1),
        "msg": "Input should be 'religion' or 'ethnicity'",
        "input": "SECRET",
        "ctx": {"expected": "'religion' or 'ethnicity'"},
    }
    assert reason(err) == "not one of the allowed values (religion, ethnicity)"
    assert reason({"type": "value_error", "msg": "Value error, lists a value twice"}) == (
        "lists a value twice"
    )
