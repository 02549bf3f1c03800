"""Folding a version's parameters into a rule never changes what the rule says."""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from refuge.policy.facts import FACTS
from refuge.rules import ir
from refuge.rules.check import NameInfo, check
from refuge.rules.fold import fold
from refuge.rules.functions import FUNCTIONS
from refuge.rules.parse import parse
from refuge.rules.scalar import compile_expr
from refuge.rules.types import Type, Value

B, INT, S, D, SET = Type.BOOL, Type.INT, Type.STR, Type.DATE, Type.STRSET
WORDS = ["kurd", "druze", "lgbtiq"]

KINDS: list[tuple[str, ir.NameKind]] = [("f", "fact"), ("p", "param"), ("r", "rule")]
# a small world: for each type, one fact, one parameter and one earlier rule
NAMES: dict[Type, list[ir.Name]] = {
    t: [ir.Name(f"{prefix}_{t.name.lower()}", kind, t) for prefix, kind in KINDS] for t in Type
}

VALUES: dict[Type, st.SearchStrategy[Any]] = {
    B: st.booleans(),
    INT: st.integers(-50, 50),
    S: st.sampled_from(WORDS),
    D: st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31)),
    SET: st.frozensets(st.sampled_from(WORDS)),
}


@cache
def leaf(t: Type) -> st.SearchStrategy[ir.Expr]:
    const = VALUES[t].map(lambda v: ir.Const(v, t))
    return st.one_of(const, st.sampled_from(NAMES[t]))


@cache
def exprs(t: Type, depth: int) -> st.SearchStrategy[ir.Expr]:
    """Well-typed expressions of type `t`, nested at most `depth` deep."""
    if depth == 0:
        return leaf(t)

    def sub(u: Type) -> st.SearchStrategy[ir.Expr]:
        return exprs(u, depth - 1)

    options: list[st.SearchStrategy[ir.Expr]] = [
        leaf(t),
        st.builds(lambda c, a, b: ir.IfElse(c, a, b, t), sub(B), sub(t), sub(t)),
    ]
    if t == B:
        ordered = st.sampled_from(["==", "!=", "<", "<=", ">", ">="])
        options += [
            sub(B).map(ir.Not),
            st.builds(
                lambda op, xs: ir.BoolOp(op, tuple(xs)),
                st.sampled_from(["and", "or"]),
                st.lists(sub(B), min_size=2, max_size=3),
            ),
            st.builds(ir.Compare, ordered, sub(INT), sub(INT)),
            st.builds(ir.Compare, ordered, sub(D), sub(D)),
            st.builds(ir.Compare, st.sampled_from(["==", "!="]), sub(S), sub(S)),
            st.builds(ir.Compare, st.sampled_from(["==", "!="]), sub(B), sub(B)),
            st.builds(ir.Member, sub(S), sub(SET), st.booleans()),
            st.builds(lambda a, b: ir.Call("overlaps", (a, b), B), sub(SET), sub(SET)),
        ]
    if t == INT:
        options += [
            st.builds(ir.Arith, st.sampled_from(["+", "-", "*"]), sub(INT), sub(INT)),
            sub(INT).map(ir.Neg),
            st.builds(
                lambda f, a, b: ir.Call(f, (a, b), INT),
                st.sampled_from(["days_between", "years_between"]),
                sub(D),
                sub(D),
            ),
            st.builds(
                lambda f, a, b: ir.Call(f, (a, b), INT),
                st.sampled_from(["min", "max"]),
                sub(INT),
                sub(INT),
            ),
            sub(SET).map(lambda a: ir.Call("size", (a,), INT)),
        ]
    return st.one_of(options)


ANY_EXPR = st.one_of([exprs(t, 3) for t in Type])


def environments() -> st.SearchStrategy[dict[str, Value]]:
    return st.fixed_dictionaries({n.name: VALUES[t] for t, names in NAMES.items() for n in names})


def run(expr: ir.Expr, env: dict[str, Value]) -> Value:
    result: Value = compile_expr(expr)(env)
    return result


@settings(max_examples=400, deadline=None)
@given(
    ANY_EXPR,
    environments(),
    st.sets(st.sampled_from([n.name for names in NAMES.values() for n in names[1:]])),
)
def test_folding_in_some_parameters_never_changes_the_value(
    expr: ir.Expr, env: dict[str, Value], bound: set[str]
) -> None:
    folded = fold(expr, {name: env[name] for name in bound})
    assert folded.type == expr.type
    assert run(folded, env) == run(expr, env)


@settings(max_examples=200, deadline=None)
@given(ANY_EXPR, environments())
def test_with_every_parameter_and_rule_bound_only_facts_remain(
    expr: ir.Expr, env: dict[str, Value]
) -> None:
    consts = {n.name: env[n.name] for names in NAMES.values() for n in names[1:]}
    folded = fold(expr, consts)
    assert ir.names(folded, "param") == frozenset()
    assert ir.names(folded, "rule") == frozenset()
    if not ir.names(expr, "fact"):
        assert isinstance(folded, ir.Const)


ENV = {**FACTS, "moratorium": NameInfo("param", B), "profiles": NameInfo("param", SET)}


def folded(text: str, **consts: Value) -> ir.Expr:
    return fold(check(parse(text), ENV), consts)


def test_a_moratorium_in_force_decides_the_rule_for_every_case() -> None:
    assert folded("moratorium or minor", moratorium=True) == ir.Const(True, B)
    assert folded("moratorium and minor", moratorium=False) == ir.Const(False, B)


def test_a_moratorium_not_in_force_leaves_the_rest_of_the_rule() -> None:
    assert folded("moratorium or minor", moratorium=False) == ir.Name("minor", "fact", B)


def test_an_empty_list_of_profiles_matches_nobody() -> None:
    assert folded("overlaps(risk_profiles, profiles)", profiles=frozenset()) == ir.Const(False, B)
    assert folded("'kurd' in profiles", profiles=frozenset()) == ir.Const(False, B)
    assert folded("region not in profiles", profiles=frozenset()) == ir.Const(True, B)


def test_facts_are_never_folded_even_when_named() -> None:
    assert folded("minor", minor=True) == ir.Name("minor", "fact", B)


def test_double_negation_and_equal_branches_disappear() -> None:
    assert folded("not not minor") == ir.Name("minor", "fact", B)
    assert folded("minor if has_permit else minor") == ir.Name("minor", "fact", B)


def test_every_function_is_folded_when_its_arguments_are_known() -> None:
    for name in FUNCTIONS:
        assert name in {"days_between", "years_between", "size", "overlaps", "min", "max"}
    assert folded("years_between(date(2000, 2, 29), date(2001, 2, 28))") == ir.Const(0, INT)
