"""Errors from evaluating a whole table of cases."""

from __future__ import annotations

from datetime import date

from refuge.policy.errors import PolicyNotInForce


class CasesBeforePack(PolicyNotInForce):
    """Some rows of a case table have a decision date before the pack starts."""

    def __init__(self, country: str, count: int, earliest: date, starts: date) -> None:
        super().__init__(country, earliest, starts)
        message = (
            f"{count} case(s) have a decision_date before the {country} pack starts on "
            f"{starts.isoformat()}; the earliest is {earliest.isoformat()}. "
            f"Leave those cases out or give them a decision_date on or after "
            f"{starts.isoformat()}."
        )
        self.args = (message,)
        self.count = count
        self.earliest = earliest


class CaseTableError(ValueError):
    """A case table the rules cannot read: a missing column, a wrong type or a null.

    `code` is stable (`missing-fact-column`, `wrong-fact-type`, `null-fact`,
    `column-clash`); `column` names the column to fix."""

    def __init__(self, code: str, column: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.column = column
        self.message = message
