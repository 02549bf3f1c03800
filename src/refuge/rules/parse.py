"""Parse a rule expression with `ast` and reject anything outside the whitelist.

Nothing here or anywhere else passes rule text to `eval` or `exec`: the tree is only read.
"""

from __future__ import annotations

import ast
from collections import deque

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


# Deeper nesting is rejected: the checker, folder and evaluators recurse on the tree.
MAX_DEPTH = 100


def parse(text: str) -> ast.expr:
    """Parse `text` as one expression of the rule language, or raise `RuleError`.

    Positions in errors, and `position()` of every node, count lines and characters in
    `text` as written (leading blank space included)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise RuleError("empty-expression", "the expression is empty; write a rule expression")
    body = text.strip()
    at = _Written(text[: len(text) - len(text.lstrip())], body.split("\n"))
    # Wrapped in parentheses on lines of their own, so that an expression may span lines
    # (YAML block scalars) while columns stay as written; line numbers shift by LINE_SHIFT.
    try:
        tree = ast.parse(f"(\n{body}\n)", mode="eval")
    except SyntaxError as exc:
        raise RuleError(
            "syntax-error",
            f"not a valid expression: {exc.msg}",
            *at.syntax_error((exc.lineno or 1) - LINE_SHIFT, exc.offset or 1),
        ) from None
    except (RecursionError, MemoryError):  # CPython's parser on very deep nesting
        raise RuleError("too-deep", _TOO_DEEP, *at.position(1, 1)) from None
    except ValueError as exc:  # null bytes, on some Python versions
        raise RuleError("syntax-error", f"not a valid expression: {exc}") from None
    queue: deque[tuple[ast.AST, tuple[int, int], int]] = deque([(tree, (1, 1), 0)])
    while queue:  # breadth first, as ast.walk, so that the outermost problem is named
        node, where, depth = queue.popleft()
        if isinstance(node, ast.expr):
            where = at.rewrite(node)
        if depth > MAX_DEPTH:
            raise RuleError("too-deep", _TOO_DEEP, *where)
        _check_node(node, where)
        # operators carry no position of their own: they report their expression's
        queue.extend(
            (child, where, depth + isinstance(child, ast.expr))
            for child in ast.iter_child_nodes(node)
        )
    return tree.body


_TOO_DEEP = f"the expression nests deeper than {MAX_DEPTH} levels; split it into rules"


class _Written:
    """Turns positions in the wrapped, stripped text `ast` saw into positions in the text
    as written: characters, not UTF-8 bytes, counting the blank space stripped in front."""

    def __init__(self, skipped: str, lines: list[str]) -> None:
        self.lead_lines = skipped.count("\n")
        self.lead_columns = len(skipped) - (skipped.rfind("\n") + 1)
        self.lines = lines

    def position(self, line: int, column: int) -> tuple[int, int]:
        return line + self.lead_lines, column + (self.lead_columns if line == 1 else 0)

    def syntax_error(self, line: int, column: int) -> tuple[int, int]:
        if line > len(self.lines):  # on the closing parenthesis: the text ended too soon
            return self.position(len(self.lines), len(self.lines[-1]) + 1)
        return self.position(max(line, 1), column if line >= 1 else 1)

    def rewrite(self, node: ast.expr) -> tuple[int, int]:
        line = min(max(node.lineno - LINE_SHIFT, 1), len(self.lines))
        text = self.lines[line - 1].encode("utf-8")[: node.col_offset]
        column = len(text.decode("utf-8", errors="ignore")) + 1
        line, column = self.position(line, column)
        node.lineno, node.col_offset = line + LINE_SHIFT, column - 1
        return line, column


def position(node: ast.AST) -> tuple[int, int]:
    """1-based (line, column) of a parsed node within the expression text as written."""
    line = getattr(node, "lineno", 1 + LINE_SHIFT) - LINE_SHIFT
    return max(line, 1), getattr(node, "col_offset", 0) + 1


def _check_node(node: ast.AST, where: tuple[int, int]) -> None:
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
