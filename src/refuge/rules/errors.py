"""The error every stage of the rule language raises."""

from __future__ import annotations


class RuleError(Exception):
    """An expression outside the language, or one that does not type-check.

    `line` and `column` are 1-based positions inside the expression text; the policy
    loader adds the position of the expression in its file.
    """

    def __init__(self, code: str, message: str, line: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.line = line
        self.column = column
