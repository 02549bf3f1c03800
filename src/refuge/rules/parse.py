"""Parse a rule expression with `ast` and reject anything outside the whitelist.

Nothing here or anywhere else passes rule text to `eval` or `exec`: the tree is only read.
"""

from __future__ import annotations

import ast

from refuge.rules.errors import RuleError

_ALLOWED: tuple[type[ast.AST], ...] = (
    ast.Expression,
    ast.BoolOp,
    ast.And,
    ast.Or,
    ast.UnaryOp,
    ast.Not,
    ast.USub,
    ast.BinOp,
    ast.Add,
    ast.Sub,
    ast.Mult,
    ast.Compare,
    ast.Eq,
    ast.NotEq,
    ast.Lt,
    ast.LtE,
    ast.Gt,
    ast.GtE,
    ast.In,
    ast.NotIn,
    ast.IfExp,
    ast.Constant,
    ast.Name,
    ast.Load,
    ast.Set,
    ast.Call,
)

_WHY: dict[type[ast.AST], str] = {
    ast.Attribute: "attribute access (a.b)",
    ast.Subscript: "subscripts (a[b])",
    ast.Lambda: "lambdas",
    ast.ListComp: "comprehensions",
    ast.SetComp: "comprehensions",
    ast.DictComp: "comprehensions",
    ast.GeneratorExp: "comprehensions",
    ast.Dict: "dictionaries",
    ast.List: "lists (write a set: {'a', 'b'})",
    ast.Tuple: "tuples",
    ast.Div: "'/' (the language has integer + - * only)",
    ast.FloorDiv: "'//' (the language has integer + - * only)",
    ast.Mod: "'%' (the language has integer + - * only)",
    ast.Pow: "'**' (the language has integer + - * only)",
    ast.Is: "'is' (use ==)",
    ast.IsNot: "'is not' (use !=)",
    ast.NamedExpr: "assignment expressions",
    ast.JoinedStr: "f-strings",
    ast.Await: "await",
    ast.Starred: "starred arguments",
}


LINE_SHIFT = 1


def parse(text: str) -> ast.expr:
    """Parse `text` as one expression of the rule language, or raise `RuleError`."""
    if not text.strip():
        raise RuleError("empty-expression", "the expression is empty; write a rule expression")
    # Wrapped in parentheses on lines of their own, so that an expression may span lines
    # (YAML block scalars) while columns stay as written; line numbers shift by LINE_SHIFT.
    try:
        tree = ast.parse(f"(\n{text.strip()}\n)", mode="eval")
    except SyntaxError as exc:
        raise RuleError(
            "syntax-error",
            f"not a valid expression: {exc.msg}",
            max((exc.lineno or 1) - LINE_SHIFT, 1),
            exc.offset or 1,
        ) from None
    for node in ast.walk(tree):
        _check_node(node)
    return tree.body


def position(node: ast.AST) -> tuple[int, int]:
    """1-based (line, column) of a parsed node within the expression text as written."""
    line = getattr(node, "lineno", 1 + LINE_SHIFT) - LINE_SHIFT
    return max(line, 1), getattr(node, "col_offset", 0) + 1


def _check_node(node: ast.AST) -> None:
    where = position(node)
    if isinstance(node, ast.Name) and node.id.startswith("_"):
        raise RuleError(
            "private-name", f"names starting with '_' are not allowed: {node.id!r}", *where
        )
    if isinstance(node, ast.Call):
        if not isinstance(node.func, ast.Name):
            raise RuleError(
                "call-not-allowed", "only the language's functions can be called, by name", *where
            )
        if node.keywords:
            raise RuleError("keyword-arguments", "functions take positional arguments only", *where)
    if isinstance(node, ast.Constant) and not isinstance(node.value, bool | int | str):
        raise RuleError(
            "literal-not-allowed",
            f"literal {node.value!r} is not allowed: use True, False, integers, 'strings', "
            "date(Y, M, D) or sets of strings",
            *where,
        )
    if not isinstance(node, _ALLOWED):
        what = _WHY.get(type(node), type(node).__name__)
        raise RuleError("outside-language", f"{what} is outside the rule language", *where)
