"""The pure functions a rule may call. Each has a fixed signature and a Python meaning;
the vector evaluator renders the same meaning in SQL (see `sql.py`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from refuge.rules.types import Type, Value


def days_between(start: date, end: date) -> int:
    """Days from `start` to `end` (negative when `end` is earlier)."""
    return (end - start).days


def years_between(start: date, end: date) -> int:
    """Whole years completed from `start` to `end`, as an age is counted."""
    years = end.year - start.year
    if (end.month, end.day) < (start.month, start.day):
        years -= 1
    return years


def size(items: frozenset[str]) -> int:
    """How many members a set has."""
    return len(items)


def overlaps(a: frozenset[str], b: frozenset[str]) -> bool:
    """True when the two sets share at least one member."""
    return not a.isdisjoint(b)


@dataclass(frozen=True, slots=True)
class Function:
    name: str
    params: tuple[Type, ...]
    returns: Type
    impl: Callable[..., Value]
    doc: str


FUNCTIONS: dict[str, Function] = {
    f.name: f
    for f in (
        Function(
            "days_between",
            (Type.DATE, Type.DATE),
            Type.INT,
            days_between,
            "days_between(start, end): days from start to end",
        ),
        Function(
            "years_between",
            (Type.DATE, Type.DATE),
            Type.INT,
            years_between,
            "years_between(start, end): whole years completed from start to end",
        ),
        Function("size", (Type.STRSET,), Type.INT, size, "size(set): number of members"),
        Function(
            "overlaps",
            (Type.STRSET, Type.STRSET),
            Type.BOOL,
            overlaps,
            "overlaps(a, b): the sets share a member",
        ),
        Function("min", (Type.INT, Type.INT), Type.INT, min, "min(a, b): the smaller integer"),
        Function("max", (Type.INT, Type.INT), Type.INT, max, "max(a, b): the larger integer"),
    )
}

# `date(y, m, d)` is not a function at run time: the checker turns it into a date constant.
DATE_LITERAL = "date"
