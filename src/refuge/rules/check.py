"""Type-check a parsed expression against the names in scope and build the typed IR."""

from __future__ import annotations

import ast
import difflib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Literal

from refuge.rules import ir
from refuge.rules.errors import RuleError
from refuge.rules.functions import DATE_LITERAL, FUNCTIONS
from refuge.rules.parse import position
from refuge.rules.types import Type


@dataclass(frozen=True, slots=True)
class NameInfo:
    """What the checker knows about a name: its kind and type, and for string-valued names
    either the closed set of values it may take (`domain`, for case facts) or the values it
    is known to take (`known`, for parameters)."""

    kind: ir.NameKind
    type: Type
    domain: frozenset[str] | None = None
    known: frozenset[str] | None = None


_COMPARE: dict[type[ast.cmpop], ir.CompareOp] = {
    ast.Eq: "==",
    ast.NotEq: "!=",
    ast.Lt: "<",
    ast.LtE: "<=",
    ast.Gt: ">",
    ast.GtE: ">=",
}
_ARITH: dict[type[ast.operator], ir.ArithOp] = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*"}
_ORDERED = (Type.INT, Type.DATE)


def check(tree: ast.expr, env: Mapping[str, NameInfo]) -> ir.Expr:
    """Build the typed IR of `tree`, or raise `RuleError` naming the first problem."""
    return _Checker(env).visit(tree)


def referenced_names(tree: ast.expr) -> set[str]:
    """Names an expression reads (function names excluded)."""
    called = {id(n.func) for n in ast.walk(tree) if isinstance(n, ast.Call)}
    return {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and id(n) not in called}


def _at(node: ast.AST) -> tuple[int, int]:
    return position(node)


class _Checker:
    def __init__(self, env: Mapping[str, NameInfo]) -> None:
        self.env = env

    def visit(self, node: ast.expr) -> ir.Expr:
        match node:
            case ast.Constant(value=bool() as v):
                return ir.Const(v, Type.BOOL)
            case ast.Constant(value=int() as v):
                return ir.Const(v, Type.INT)
            case ast.Constant(value=str() as v):
                return ir.Const(v, Type.STR)
            case ast.Set(elts=elts):
                return self._set_literal(node, elts)
            case ast.Name(id=name):
                return self._name(node, name)
            case ast.UnaryOp(op=ast.Not(), operand=o):
                return ir.Not(self._expect(o, Type.BOOL, "'not'"))
            case ast.UnaryOp(op=ast.USub(), operand=o):
                return ir.Neg(self._expect(o, Type.INT, "unary '-'"))
            case ast.BoolOp(op=op, values=values):
                word: Literal["and", "or"] = "and" if isinstance(op, ast.And) else "or"
                return ir.BoolOp(
                    word, tuple(self._expect(v, Type.BOOL, f"'{word}'") for v in values)
                )
            case ast.BinOp(left=a, op=op, right=b):
                sym = _ARITH[type(op)]
                return ir.Arith(
                    sym,
                    self._expect(a, Type.INT, f"'{sym}'"),
                    self._expect(b, Type.INT, f"'{sym}'"),
                )
            case ast.IfExp(test=c, body=t, orelse=e):
                return self._if(node, c, t, e)
            case ast.Compare(left=left, ops=ops, comparators=rights):
                return self._compare_chain(left, ops, rights)
            case ast.Call(func=ast.Name(id=fname), args=args):
                return self._call(node, fname, args)
        raise RuleError("outside-language", "this is outside the rule language", *_at(node))

    def _expect(self, node: ast.expr, want: Type, what: str) -> ir.Expr:
        got = self.visit(node)
        if got.type != want:
            raise RuleError(
                "type-mismatch", f"{what} needs {want}, but this is {got.type}", *_at(node)
            )
        return got

    def _name(self, node: ast.expr, name: str) -> ir.Expr:
        if name in ("True", "False"):
            return ir.Const(name == "True", Type.BOOL)
        info = self.env.get(name)
        if info is None:
            close = difflib.get_close_matches(name, list(self.env), n=1)
            hint = (
                f"; did you mean {close[0]!r}?"
                if close
                else ("; use a case fact, a parameter or another rule")
            )
            raise RuleError("unknown-name", f"unknown name {name!r}{hint}", *_at(node))
        return ir.Name(name, info.kind, info.type)

    def _set_literal(self, node: ast.expr, elts: list[ast.expr]) -> ir.Expr:
        values: set[str] = set()
        for elt in elts:
            if not (isinstance(elt, ast.Constant) and isinstance(elt.value, str)):
                raise RuleError(
                    "set-of-strings", "a set literal holds string literals only", *_at(elt)
                )
            values.add(elt.value)
        return ir.Const(frozenset(values), Type.STRSET)

    def _if(self, node: ast.expr, c: ast.expr, t: ast.expr, e: ast.expr) -> ir.Expr:
        cond = self._expect(c, Type.BOOL, "the condition of 'x if c else y'")
        then, orelse = self.visit(t), self.visit(e)
        if then.type != orelse.type:
            raise RuleError(
                "type-mismatch",
                "both branches of 'x if c else y' need one type, "
                f"got {then.type} and {orelse.type}",
                *_at(node),
            )
        self._same_domain(then, orelse, node)
        return ir.IfElse(cond, then, orelse, then.type)

    def _compare_chain(
        self, left: ast.expr, ops: list[ast.cmpop], rights: list[ast.expr]
    ) -> ir.Expr:
        parts: list[ir.Expr] = []
        a_node, a = left, self.visit(left)
        for op, b_node in zip(ops, rights, strict=True):
            b = self.visit(b_node)
            parts.append(self._compare(op, a, b, a_node, b_node))
            a_node, a = b_node, b
        return parts[0] if len(parts) == 1 else ir.BoolOp("and", tuple(parts))

    def _compare(
        self, op: ast.cmpop, a: ir.Expr, b: ir.Expr, a_node: ast.expr, b_node: ast.expr
    ) -> ir.Expr:
        if isinstance(op, ast.In | ast.NotIn):
            word = "in" if isinstance(op, ast.In) else "not in"
            if b.type != Type.STRSET:
                raise RuleError(
                    "type-mismatch",
                    f"'{word}' needs a set of strings on the right, got {b.type}",
                    *_at(b_node),
                )
            if a.type != Type.STR:
                raise RuleError(
                    "type-mismatch",
                    f"'{word}' needs a string on the left, got {a.type}",
                    *_at(a_node),
                )
            self._same_domain(a, b, a_node)
            return ir.Member(a, b, isinstance(op, ast.NotIn))
        sym = _COMPARE[type(op)]
        if a.type != b.type:
            raise RuleError(
                "type-mismatch", f"'{sym}' compares {a.type} with {b.type}", *_at(b_node)
            )
        if sym not in ("==", "!=") and a.type not in _ORDERED:
            raise RuleError(
                "type-mismatch",
                f"'{sym}' orders integers and dates only, not {a.type}",
                *_at(a_node),
            )
        if a.type == Type.STRSET:
            raise RuleError(
                "type-mismatch",
                "sets cannot be compared; use 'in', overlaps() or size()",
                *_at(a_node),
            )
        self._same_domain(a, b, a_node)
        return ir.Compare(sym, a, b)

    def _call(self, node: ast.expr, fname: str, args: list[ast.expr]) -> ir.Expr:
        if fname == DATE_LITERAL:
            return self._date_literal(node, args)
        fn = FUNCTIONS.get(fname)
        if fn is None:
            known = ", ".join(sorted([*FUNCTIONS, DATE_LITERAL]))
            raise RuleError(
                "unknown-function",
                f"unknown function {fname!r}; the language has {known}",
                *_at(node),
            )
        if len(args) != len(fn.params):
            raise RuleError(
                "wrong-arguments",
                f"{fn.doc}: takes {len(fn.params)} arguments, got {len(args)}",
                *_at(node),
            )
        typed = tuple(
            self._expect(arg, want, f"argument {i + 1} of {fname}()")
            for i, (arg, want) in enumerate(zip(args, fn.params, strict=True))
        )
        if fname == "overlaps":
            self._same_domain(typed[0], typed[1], node)
        return ir.Call(fname, typed, fn.returns)

    def _date_literal(self, node: ast.expr, args: list[ast.expr]) -> ir.Expr:
        parts = [a.value for a in args if isinstance(a, ast.Constant) and type(a.value) is int]
        if len(args) != 3 or len(parts) != 3:
            raise RuleError(
                "bad-date",
                "write a date as date(YYYY, M, D) with three integer literals",
                *_at(node),
            )
        try:
            return ir.Const(date(parts[0], parts[1], parts[2]), Type.DATE)
        except ValueError as exc:
            raise RuleError("bad-date", f"not a calendar date: {exc}", *_at(node)) from None

    def _domain(self, e: ir.Expr) -> frozenset[str] | None:
        if isinstance(e, ir.Name):
            return self.env[e.name].domain
        return None

    def _known(self, e: ir.Expr) -> frozenset[str] | None:
        match e:
            case ir.Const(value=str() as v):
                return frozenset({v})
            case ir.Const(value=frozenset() as vs):
                return vs
            case ir.Name(name=n):
                return self.env[n].known
            case ir.IfElse(then=t, orelse=o):
                kt, ko = self._known(t), self._known(o)
                return kt | ko if kt is not None and ko is not None else None
        return None

    def _same_domain(self, a: ir.Expr, b: ir.Expr, node: ast.expr) -> None:
        """A string compared with a case fact must be one of the fact's values."""
        for x, y in ((a, b), (b, a)):
            domain, known = self._domain(x), self._known(y)
            if domain is None or known is None:
                continue
            stray = sorted(known - domain)
            if stray:
                assert isinstance(x, ir.Name)
                raise RuleError(
                    "unknown-value",
                    f"{stray[0]!r} is not a value of {x.name!r}; "
                    f"expected one of {', '.join(sorted(domain))}",
                    *_at(node),
                )
