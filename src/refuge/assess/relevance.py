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

from collections.abc import Mapping
from functools import lru_cache

from refuge.rules import ir
from refuge.rules.scalar import Compiled, compile_expr
from refuge.rules.types import Value


def resting_on(expr: ir.Expr, env: Mapping[str, Value]) -> frozenset[str]:
    """The rules whose values gave `expr` its value in `env` (every rule, fact and parameter
    already evaluated in `env`)."""
    if isinstance(expr, ir.Not):
        return resting_on(expr.operand, env)
    if isinstance(expr, ir.BoolOp):
        values = [bool(_compiled(o)(env)) for o in expr.operands]
        operands = list(expr.operands)
        if expr.op == "and" and not all(values):  # the first false operand: reading stops there
            operands = [operands[values.index(False)]]
        elif expr.op == "or" and any(values):  # every true operand: each carries it alone
            operands = [o for o, v in zip(operands, values, strict=True) if v]
        return frozenset().union(*(resting_on(o, env) for o in operands))
    return _rules_read(expr)


@lru_cache(maxsize=4096)
def _rules_read(expr: ir.Expr) -> frozenset[str]:
    return ir.names(expr, "rule")


@lru_cache(maxsize=4096)
def _compiled(expr: ir.Expr) -> Compiled:
    return compile_expr(expr)
