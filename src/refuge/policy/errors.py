"""Errors from loading a pack or asking it for a date it does not cover."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class PackProblem:
    """One thing wrong in a pack file: where it is, a stable code, and what to do."""

    file: str
    line: int
    column: int
    code: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.message} [{self.code}]"


class PackError(Exception):
    """A pack that cannot be used; `problems` lists every problem found, in file order."""

    def __init__(self, problems: list[PackProblem]) -> None:
        self.problems = sorted(problems, key=lambda p: (p.file, p.line, p.column))
        super().__init__("\n".join(str(p) for p in self.problems))


class PolicyNotInForce(Exception):
    """The pack has no policy for the date asked."""

    def __init__(self, country: str, asked: date, starts: date) -> None:
        super().__init__(
            f"the {country} pack starts on {starts.isoformat()}; it has no policy for "
            f"{asked.isoformat()}. Use a date on or after {starts.isoformat()}."
        )
        self.code = "date-before-pack"
        self.country, self.asked, self.starts = country, asked, starts
