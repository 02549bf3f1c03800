"""Scalar evaluator: one case -> the value of every rule.

Rules are compiled once into nested Python closures (no `eval`, no `exec`); running them
is a walk over those closures in evaluation order.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from refuge.rules import ir
from refuge.rules.fold import ARITH, COMPARE
from refuge.rules.functions import FUNCTIONS
from refuge.rules.types import Value

Env = Mapping[str, Any]
Compiled = Callable[[Env], Any]


def compile_expr(expr: ir.Expr) -> Compiled:
    """A closure that computes `expr` from an environment of names to values."""
    match expr:
        case ir.Const(value=v):
            return lambda env: v
        case ir.Name(name=n):
            return lambda env: env[n]
        case ir.Not(operand=o):
            f = compile_expr(o)
            return lambda env: not f(env)
        case ir.BoolOp(op="and", operands=ops):
            return _all(tuple(compile_expr(o) for o in ops))
        case ir.BoolOp(operands=ops):
            return _any(tuple(compile_expr(o) for o in ops))
        case ir.Compare(op=op, left=a, right=b):
            cmp, fa, fb = COMPARE[op], compile_expr(a), compile_expr(b)
            return lambda env: cmp(fa(env), fb(env))
        case ir.Member(item=a, container=b, negated=neg):
            fa, fb = compile_expr(a), compile_expr(b)
            if neg:
                return lambda env: fa(env) not in fb(env)
            return lambda env: fa(env) in fb(env)
        case ir.Arith(op=op, left=a, right=b):
            arith, fa, fb = ARITH[op], compile_expr(a), compile_expr(b)
            return lambda env: arith(fa(env), fb(env))
        case ir.Neg(operand=o):
            f = compile_expr(o)
            return lambda env: -f(env)
        case ir.IfElse(cond=c, then=t, orelse=e):
            fc, ft, fe = compile_expr(c), compile_expr(t), compile_expr(e)
            return lambda env: ft(env) if fc(env) else fe(env)
        case ir.Call(function=name, args=args):
            impl = FUNCTIONS[name].impl
            fargs = tuple(compile_expr(a) for a in args)
            if len(fargs) == 1:
                (f1,) = fargs
                return lambda env: impl(f1(env))
            f1, f2 = fargs
            return lambda env: impl(f1(env), f2(env))


def _all(fs: tuple[Compiled, ...]) -> Compiled:
    if len(fs) == 2:
        a, b = fs
        return lambda env: a(env) and b(env)
    return lambda env: all(f(env) for f in fs)


def _any(fs: tuple[Compiled, ...]) -> Compiled:
    if len(fs) == 2:
        a, b = fs
        return lambda env: a(env) or b(env)
    return lambda env: any(f(env) for f in fs)


class ScalarProgram:
    """Rules in evaluation order, compiled; `run` gives every rule's value for one case."""

    def __init__(self, rules: Sequence[tuple[str, ir.Expr]]) -> None:
        self._steps = tuple((rule_id, compile_expr(expr)) for rule_id, expr in rules)

    def run(self, facts: Mapping[str, Value]) -> dict[str, Value]:
        env: dict[str, Any] = dict(facts)
        for rule_id, fn in self._steps:
            env[rule_id] = fn(env)
        return {rule_id: env[rule_id] for rule_id, _ in self._steps}
