"""Specialise a rule for one policy version: put the version's parameter values in,
then fold what became constant. Both evaluators run the folded rules, so a rule that a
version makes constant (a moratorium in force, say) costs nothing per case."""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from typing import Any

from refuge.rules import ir
from refuge.rules.functions import FUNCTIONS
from refuge.rules.types import Type, Value

COMPARE: dict[ir.CompareOp, Callable[[Any, Any], bool]] = {
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}
ARITH: dict[ir.ArithOp, Callable[[int, int], int]] = {
    "+": operator.add,
    "-": operator.sub,
    "*": operator.mul,
}


def fold(expr: ir.Expr, consts: Mapping[str, Value]) -> ir.Expr:
    """Replace every parameter or rule named in `consts` by its value and simplify."""
    match expr:
        case ir.Const():
            return expr
        case ir.Name(name=n, kind=kind, type=t):
            if kind != "fact" and n in consts:
                return ir.Const(consts[n], t)
            return expr
        case ir.Not(operand=o):
            inner = fold(o, consts)
            if isinstance(inner, ir.Const):
                return ir.Const(not inner.value, Type.BOOL)
            if isinstance(inner, ir.Not):
                return inner.operand
            return ir.Not(inner)
        case ir.BoolOp(op=op, operands=ops):
            return _fold_boolop(op, tuple(fold(o, consts) for o in ops))
        case ir.Compare(op=op, left=a, right=b):
            fa, fb = fold(a, consts), fold(b, consts)
            if isinstance(fa, ir.Const) and isinstance(fb, ir.Const):
                return ir.Const(COMPARE[op](fa.value, fb.value), Type.BOOL)
            return ir.Compare(op, fa, fb)
        case ir.Member(item=a, container=b, negated=neg):
            fa, fb = fold(a, consts), fold(b, consts)
            if isinstance(fb, ir.Const) and not fb.value:
                return ir.Const(neg, Type.BOOL)
            if isinstance(fa, ir.Const) and isinstance(fb, ir.Const):
                assert isinstance(fb.value, frozenset)
                return ir.Const((fa.value in fb.value) != neg, Type.BOOL)
            return ir.Member(fa, fb, neg)
        case ir.Arith(op=op, left=a, right=b):
            fa, fb = fold(a, consts), fold(b, consts)
            if isinstance(fa, ir.Const) and isinstance(fb, ir.Const):
                assert isinstance(fa.value, int) and isinstance(fb.value, int)
                return ir.Const(ARITH[op](fa.value, fb.value), Type.INT)
            return ir.Arith(op, fa, fb)
        case ir.Neg(operand=o):
            inner = fold(o, consts)
            if isinstance(inner, ir.Const):
                assert isinstance(inner.value, int)
                return ir.Const(-inner.value, Type.INT)
            return ir.Neg(inner)
        case ir.IfElse(cond=c, then=t, orelse=e, type=typ):
            fc, ft, fe = fold(c, consts), fold(t, consts), fold(e, consts)
            if isinstance(fc, ir.Const):
                return ft if fc.value else fe
            if ft == fe:
                return ft
            return ir.IfElse(fc, ft, fe, typ)
        case ir.Call(function=fname, args=args, type=typ):
            fargs = tuple(fold(a, consts) for a in args)
            if all(isinstance(a, ir.Const) for a in fargs):
                values = [a.value for a in fargs if isinstance(a, ir.Const)]
                return ir.Const(FUNCTIONS[fname].impl(*values), typ)
            if fname == "overlaps" and any(isinstance(a, ir.Const) and not a.value for a in fargs):
                return ir.Const(False, Type.BOOL)
            return ir.Call(fname, fargs, typ)


def _fold_boolop(op: str, ops: tuple[ir.Expr, ...]) -> ir.Expr:
    absorbing = op == "or"  # `True or x` is True; `False and x` is False
    kept: list[ir.Expr] = []
    for o in ops:
        if isinstance(o, ir.Const):
            if o.value == absorbing:
                return ir.Const(absorbing, Type.BOOL)
            continue
        kept.append(o)
    if not kept:
        return ir.Const(not absorbing, Type.BOOL)
    if len(kept) == 1:
        return kept[0]
    return ir.BoolOp("or" if absorbing else "and", tuple(kept))
