"""Typed intermediate representation of a rule expression.

Every node knows its type; the checker builds these from a parsed expression and the
evaluators (scalar, vector) walk them. Nodes are immutable and hashable.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from refuge.rules.types import Type, Value

NameKind = Literal["fact", "param", "rule"]
CompareOp = Literal["==", "!=", "<", "<=", ">", ">="]
ArithOp = Literal["+", "-", "*"]


@dataclass(frozen=True, slots=True)
class Const:
    value: Value
    type: Type


@dataclass(frozen=True, slots=True)
class Name:
    name: str
    kind: NameKind
    type: Type


@dataclass(frozen=True, slots=True)
class Not:
    operand: Expr
    type: Type = Type.BOOL


@dataclass(frozen=True, slots=True)
class BoolOp:
    op: Literal["and", "or"]
    operands: tuple[Expr, ...]
    type: Type = Type.BOOL


@dataclass(frozen=True, slots=True)
class Compare:
    op: CompareOp
    left: Expr
    right: Expr
    type: Type = Type.BOOL


@dataclass(frozen=True, slots=True)
class Member:
    """`item in container` (or `not in` when negated); container is a set of strings."""

    item: Expr
    container: Expr
    negated: bool
    type: Type = Type.BOOL


@dataclass(frozen=True, slots=True)
class Arith:
    op: ArithOp
    left: Expr
    right: Expr
    type: Type = Type.INT


@dataclass(frozen=True, slots=True)
class Neg:
    operand: Expr
    type: Type = Type.INT


@dataclass(frozen=True, slots=True)
class IfElse:
    cond: Expr
    then: Expr
    orelse: Expr
    type: Type


@dataclass(frozen=True, slots=True)
class Call:
    function: str
    args: tuple[Expr, ...]
    type: Type


Expr = Const | Name | Not | BoolOp | Compare | Member | Arith | Neg | IfElse | Call


def children(expr: Expr) -> tuple[Expr, ...]:
    """The direct sub-expressions of a node."""
    match expr:
        case Const() | Name():
            return ()
        case Not(operand=o) | Neg(operand=o):
            return (o,)
        case BoolOp(operands=ops):
            return ops
        case Compare(left=a, right=b) | Arith(left=a, right=b):
            return (a, b)
        case Member(item=a, container=b):
            return (a, b)
        case IfElse(cond=c, then=t, orelse=e):
            return (c, t, e)
        case Call(args=args):
            return args


def names(expr: Expr, kind: NameKind) -> frozenset[str]:
    """Every name of one kind that the expression reads."""
    found: set[str] = set()
    stack = [expr]
    while stack:
        node = stack.pop()
        if isinstance(node, Name) and node.kind == kind:
            found.add(node.name)
        stack.extend(children(node))
    return frozenset(found)
