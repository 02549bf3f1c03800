"""Render a folded rule expression as SQL text for DuckDB or Spark SQL.

The meaning of every node and function is the one `scalar.py` and `functions.py` give it in
Python; where the engines differ only in spelling, `Dialect` holds the spelling. Every
composite expression is parenthesised, so operator precedence never needs thought.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Literal

from refuge.rules import ir
from refuge.rules.types import Type, Value

DialectName = Literal["duckdb", "spark"]

_INT64_MIN, _INT64_MAX = -(2**63), 2**63 - 1
_OPS: dict[ir.CompareOp, str] = {"==": "=", "!=": "<>", "<": "<", "<=": "<=", ">": ">", ">=": ">="}


@dataclass(frozen=True, slots=True)
class Dialect:
    name: DialectName
    contains: str  # contains(list, item) -> bool
    has_any: str  # has_any(list, list) -> bool
    distinct: str  # distinct(list) -> list
    length: str  # length(list) -> int

    def ident(self, name: str) -> str:
        if self.name == "duckdb":
            return '"' + name.replace('"', '""') + '"'
        return "`" + name.replace("`", "``") + "`"

    def string(self, value: str) -> str:
        if self.name == "duckdb":
            return "'" + value.replace("'", "''") + "'"
        # Spark reads backslash escapes inside string literals.
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"

    def integer(self, value: int) -> str:
        if not _INT64_MIN <= value <= _INT64_MAX:
            raise ValueError(f"integer {value} does not fit in a 64-bit SQL BIGINT")
        if value == _INT64_MIN:  # its magnitude alone is not a BIGINT literal
            return f"({self.integer(value + 1)} - {self.integer(1)})"
        if self.name == "spark":
            return f"{value}L" if value >= 0 else f"({value}L)"
        return f"CAST({value} AS BIGINT)"

    def days_between(self, start: str, end: str) -> str:
        if self.name == "duckdb":
            return f"date_diff('day', {start}, {end})"
        return f"CAST(datediff({end}, {start}) AS BIGINT)"

    def string_list(self, values: frozenset[str]) -> str:
        items = ", ".join(self.string(v) for v in sorted(values))
        if self.name == "duckdb":
            return f"CAST([{items}] AS VARCHAR[])"
        return f"CAST(array({items}) AS ARRAY<STRING>)"


DIALECTS: dict[DialectName, Dialect] = {
    "duckdb": Dialect("duckdb", "list_contains", "list_has_any", "list_distinct", "len"),
    "spark": Dialect("spark", "array_contains", "arrays_overlap", "array_distinct", "size"),
}


def literal(value: Value, typ: Type, dialect: DialectName) -> str:
    """A SQL literal of one rule value."""
    d = DIALECTS[dialect]
    match typ:
        case Type.BOOL:
            return "TRUE" if value else "FALSE"
        case Type.INT:
            assert isinstance(value, int) and not isinstance(value, bool)
            return d.integer(value)
        case Type.STR:
            assert isinstance(value, str)
            return d.string(value)
        case Type.DATE:
            assert isinstance(value, date)
            return f"DATE '{value.isoformat()}'"
        case Type.STRSET:
            assert isinstance(value, frozenset)
            return d.string_list(value)


def render(
    expr: ir.Expr, dialect: DialectName, columns: Mapping[ir.Expr, str] | None = None
) -> str:
    """SQL text computing `expr` per row. Facts and rules are read as columns of their name;
    parameters must already be folded in (see `PolicyVersion.folded`). A sub-expression found
    in `columns` is read from the column of that name instead (computed once, earlier).

    A set-valued column must hold no null member (the checks refuse one): `size(x)` compared
    with 0 is then rendered as the length of the list, repeats and all."""
    return _Renderer(DIALECTS[dialect], columns or {}).sql(expr)


def fact_tests(expr: ir.Expr) -> list[ir.Expr]:
    """The yes/no tests of one fact against constants inside `expr`, as `render` computes
    each: a fact compared with a constant, a fact `in` a constant set or a constant `in` a
    set-valued fact, each constant of `overlaps(fact, constants)`, `size(fact)` against 0.
    A row's answer to each is worth computing once and reading by name (`render`'s
    `columns`): several rules, or several versions of one rule, ask the same."""
    found: list[ir.Expr] = []
    stack = [expr]
    while stack:
        node = stack.pop()
        match node:
            case ir.Member(item=a, container=b) if _fact_and_constants(a, b):
                found.append(ir.Member(a, b, negated=False))
                continue
            case ir.Call(function="overlaps", args=(a, b)) if _fact_and_constants(a, b):
                const = a if isinstance(a, ir.Const) else b
                assert isinstance(const, ir.Const) and isinstance(const.value, frozenset)
                column = b if const is a else a
                found.extend(_member(v, column) for v in sorted(const.value))
                continue
            case ir.Compare(left=a, right=b) if _fact_and_constants(a, b):
                found.append(node)
                continue
            case ir.Compare() if _size_against_zero(node) is not None:
                found.append(node)
                continue
        stack.extend(ir.children(node))
    return found


def _fact_and_constants(a: ir.Expr, b: ir.Expr) -> bool:
    pair = {type(a), type(b)}
    fact = a if isinstance(a, ir.Name) else b
    return pair == {ir.Name, ir.Const} and isinstance(fact, ir.Name) and fact.kind == "fact"


def _member(value: str, container: ir.Expr) -> ir.Member:
    return ir.Member(ir.Const(value, Type.STR), container, negated=False)


def _size_against_zero(expr: ir.Compare) -> tuple[ir.CompareOp, ir.Expr] | None:
    """`size(x) op 0` (or `0 op size(x)`, turned round) as (op, x); else None."""
    flipped: dict[ir.CompareOp, ir.CompareOp] = {
        "==": "==", "!=": "!=", "<": ">", "<=": ">=", ">": "<", ">=": "<="
    }  # fmt: skip
    zero = ir.Const(0, Type.INT)
    match expr:
        case ir.Compare(op=op, left=ir.Call(function="size", args=(x,)), right=right) if (
            right == zero
        ):
            return op, x
        case ir.Compare(op=op, left=left, right=ir.Call(function="size", args=(x,))) if (
            left == zero
        ):
            return flipped[op], x
    return None


class _Renderer:
    def __init__(self, dialect: Dialect, columns: Mapping[ir.Expr, str]) -> None:
        self.d = dialect
        self.columns = columns

    def sql(self, expr: ir.Expr) -> str:
        if self.columns and expr in self.columns:
            return self.d.ident(self.columns[expr])
        match expr:
            case ir.Const(value=v, type=t):
                return literal(v, t, self.d.name)
            case ir.Name(name=n, kind=kind):
                if kind == "param":
                    raise ValueError(f"parameter {n!r} was not folded in before rendering SQL")
                return self.d.ident(n)
            case ir.Not(operand=o):
                return f"(NOT {self.sql(o)})"
            case ir.BoolOp(op=op, operands=ops):
                return "(" + f" {op.upper()} ".join(self.sql(o) for o in ops) + ")"
            case ir.Compare(op=op, left=a, right=b):
                sized = _size_against_zero(expr)
                if sized is not None:
                    # Repeats do not change whether a set is empty; no member is null.
                    op, x = sized
                    return f"({self.d.length}({self.sql(x)}) {_OPS[op]} 0)"
                return f"({self.sql(a)} {_OPS[op]} {self.sql(b)})"
            case ir.Member(item=a, container=b, negated=neg):
                found = self.sql(ir.Member(a, b, False)) if neg else self._member(a, b)
                return f"(NOT {found})" if neg else found
            case ir.IfElse(orelse=ir.IfElse()):
                # A chain of conditions (an outcome table) as one flat CASE.
                whens = []
                node: ir.Expr = expr
                while isinstance(node, ir.IfElse) and node not in self.columns:
                    whens.append(f"WHEN {self.sql(node.cond)} THEN {self.sql(node.then)}")
                    node = node.orelse
                return f"(CASE {' '.join(whens)} ELSE {self.sql(node)} END)"
            case ir.Arith(op=op, left=a, right=b):
                return f"({self.sql(a)} {op} {self.sql(b)})"
            case ir.Neg(operand=o):
                return f"(-({self.sql(o)}))"
            case ir.IfElse(cond=c, then=t, orelse=e):
                return f"(CASE WHEN {self.sql(c)} THEN {self.sql(t)} ELSE {self.sql(e)} END)"
            case ir.Call(function=name, args=args):
                return self._call(name, args)

    def _member(self, item: ir.Expr, container: ir.Expr) -> str:
        if isinstance(container, ir.Const):
            assert isinstance(container.value, frozenset)
            if not container.value:
                return "FALSE"
            items = ", ".join(self.d.string(v) for v in sorted(container.value))
            return f"({self.sql(item)} IN ({items}))"
        return f"{self.d.contains}({self.sql(container)}, {self.sql(item)})"

    def _call(self, name: str, args: tuple[ir.Expr, ...]) -> str:
        sql = [self.sql(a) for a in args]
        match name:
            case "days_between":
                return self.d.days_between(sql[0], sql[1])
            case "years_between":
                start, end = sql
                return (
                    f"CAST((year({end}) - year({start}) - (CASE WHEN "
                    f"month({end}) * 100 + dayofmonth({end}) < "
                    f"month({start}) * 100 + dayofmonth({start}) THEN 1 ELSE 0 END)) AS BIGINT)"
                )
            case "size":
                # A list column may repeat a member; a set never does.
                return f"CAST({self.d.length}({self.d.distinct}({sql[0]})) AS BIGINT)"
            case "overlaps":
                if any(isinstance(a, ir.Const) and not a.value for a in args):
                    return "FALSE"
                const = next((a for a in args if isinstance(a, ir.Const)), None)
                if const is not None and len(args) == 2:
                    # A column against a constant set: one `contains` per member runs several
                    # times faster than list_has_any on DuckDB (docs/performance/bulk.md).
                    column = args[1] if const is args[0] else args[0]
                    assert isinstance(const.value, frozenset)
                    tests = (self.sql(_member(v, column)) for v in sorted(const.value))
                    return f"({' OR '.join(tests)})"
                return f"{self.d.has_any}({sql[0]}, {sql[1]})"
            case "min":
                return f"LEAST({sql[0]}, {sql[1]})"
            case "max":
                return f"GREATEST({sql[0]}, {sql[1]})"
        raise ValueError(f"no SQL for function {name!r}")
