"""Which rules a condition's value rests on, for one case.

A condition is read as a lawyer reads it, left to right: `a and b` that is false rests on its
first false operand (with `a` false, `b` is not reached, and a caseworker reading why is not
sent to check `b`). So a pack writes first the condition that must hold before the others
matter (`protection_need_shown and ipa_applies`: the internal protection alternative matters
only once a need for protection is shown). `a or b` that is true rests on every true operand:
each is a ground that carries it alone, and a decision states all of them (if one falls on
review, the others stand). Every other expression rests on all the rules it reads.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from refuge.rules import ir
from refuge.rules.scalar import compile_expr
from refuge.rules.types import Value

RestingOn = Callable[[Mapping[str, Value]], frozenset[str]]


def resting_on(expr: ir.Expr, env: Mapping[str, Value]) -> frozenset[str]:
    """The rules whose values gave `expr` its value in `env` (every rule, fact and parameter
    already evaluated in `env`)."""
    return _compiled(expr)(env)


# Compiled once per expression. Keyed by identity (an expression tree hashes field by field,
# which cost more than the evaluation), the expression kept beside its function so that an id
# reused after it is gone never finds another's; bounded, as what-if packs make new trees.
_CACHE: dict[int, tuple[ir.Expr, RestingOn]] = {}
_CACHE_LIMIT = 20_000


def _compiled(expr: ir.Expr) -> RestingOn:
    hit = _CACHE.get(id(expr))
    if hit is not None and hit[0] is expr:
        return hit[1]
    if len(_CACHE) >= _CACHE_LIMIT:
        _CACHE.clear()
    fn = _compile(expr)
    _CACHE[id(expr)] = (expr, fn)
    return fn


def _compile(expr: ir.Expr) -> RestingOn:
    if isinstance(expr, ir.Not):
        return _compiled(expr.operand)
    if isinstance(expr, ir.BoolOp):
        parts = [(compile_expr(o), _compiled(o)) for o in expr.operands]
        every = tuple(rests for _, rests in parts)
        if expr.op == "and":

            def first_false(env: Mapping[str, Value]) -> frozenset[str]:
                for value, rests in parts:
                    if not value(env):  # reading stops there
                        return rests(env)
                return frozenset().union(*(rests(env) for rests in every))

            return first_false

        def every_true(env: Mapping[str, Value]) -> frozenset[str]:
            true = [rests(env) for value, rests in parts if value(env)]  # each carries it alone
            return frozenset().union(*(true or [rests(env) for rests in every]))

        return every_true
    names = ir.names(expr, "rule")
    return lambda _env: names
