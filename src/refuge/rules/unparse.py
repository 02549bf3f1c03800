"""Write a typed IR expression back as rule-language text (for `policy show` and `policy diff`)."""

from __future__ import annotations

from datetime import date

from refuge.rules import ir


def unparse(expr: ir.Expr) -> str:
    match expr:
        case ir.Const(value=v):
            return _literal(v)
        case ir.Name(name=n):
            return n
        case ir.Not(operand=o):
            return f"not {_wrap(o)}"
        case ir.BoolOp(op=op, operands=ops):
            return f" {op} ".join(_wrap(o) for o in ops)
        case ir.Compare(op=op, left=a, right=b) | ir.Arith(op=op, left=a, right=b):
            return f"{_wrap(a)} {op} {_wrap(b)}"
        case ir.Member(item=a, container=b, negated=neg):
            return f"{_wrap(a)} {'not in' if neg else 'in'} {_wrap(b)}"
        case ir.Neg(operand=o):
            return f"-{_wrap(o)}"
        case ir.IfElse(cond=c, then=t, orelse=e):
            return f"{_wrap(t)} if {_wrap(c)} else {_wrap(e)}"
        case ir.Call(function=f, args=args):
            return f"{f}({', '.join(unparse(a) for a in args)})"


def _wrap(expr: ir.Expr) -> str:
    text = unparse(expr)
    simple = isinstance(expr, ir.Const | ir.Name | ir.Call)
    return text if simple else f"({text})"


def _literal(value: object) -> str:
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, date):
        return f"date({value.year}, {value.month}, {value.day})"
    if isinstance(value, frozenset):
        return "{" + ", ".join(repr(v) for v in sorted(value)) + "}" if value else "{}"
    return repr(value)
