"""The rules a condition's value rests on: change every other rule and the value stays."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from refuge.assess.relevance import resting_on
from refuge.rules import ir
from refuge.rules.scalar import compile_expr
from refuge.rules.types import Type

RULES = ["a", "b", "c", "d"]
leaves = st.sampled_from([ir.Name(n, "rule", Type.BOOL) for n in RULES])
conditions = st.recursive(
    leaves,
    lambda inner: st.one_of(
        inner.map(ir.Not),
        st.builds(
            ir.BoolOp,
            st.sampled_from(["and", "or"]),
            st.lists(inner, min_size=2, max_size=3).map(tuple),
        ),
    ),
    max_leaves=8,
)
envs = st.fixed_dictionaries({n: st.booleans() for n in RULES})


@given(expr=conditions, env=envs, flipped=envs)
def test_rules_a_value_does_not_rest_on_can_change_without_changing_it(
    expr: ir.Expr, env: dict[str, bool], flipped: dict[str, bool]
) -> None:
    rests_on = resting_on(expr, env)
    assert rests_on <= ir.names(expr, "rule")
    changed = {n: (env[n] if n in rests_on else flipped[n]) for n in RULES}
    value = compile_expr(expr)
    assert value(changed) == value(env)


def test_a_false_and_rests_on_its_first_false_operand_a_true_or_on_every_true_one() -> None:
    need, ipa = (ir.Name(n, "rule", Type.BOOL) for n in ("need", "ipa"))
    condition = ir.BoolOp("and", (need, ipa))
    assert resting_on(condition, {"need": False, "ipa": False}) == {"need"}
    assert resting_on(condition, {"need": True, "ipa": False}) == {"ipa"}
    assert resting_on(condition, {"need": True, "ipa": True}) == {"need", "ipa"}
    either = ir.BoolOp("or", (need, ipa))
    assert resting_on(either, {"need": False, "ipa": True}) == {"ipa"}
    assert resting_on(either, {"need": True, "ipa": True}) == {"need", "ipa"}
    assert resting_on(ir.Not(either), {"need": False, "ipa": False}) == {"need", "ipa"}
