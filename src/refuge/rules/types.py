"""The value types of the rule language."""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum

Value = bool | int | str | date | frozenset[str]


class Type(Enum):
    """A value type. Sets hold strings only; there is no null."""

    BOOL = "bool"
    INT = "int"
    STR = "str"
    DATE = "date"
    STRSET = "set[str]"

    def __str__(self) -> str:
        return self.value


def type_of(value: object) -> Type | None:
    """The rule type of a Python value, or None if the language has no such type."""
    if isinstance(value, bool):
        return Type.BOOL
    if isinstance(value, int):
        return Type.INT
    if isinstance(value, str):
        return Type.STR
    if isinstance(value, date):
        return Type.DATE
    if isinstance(value, frozenset) and all(isinstance(v, str) for v in value):
        return Type.STRSET
    return None


def written_as(typ: Type, raw: object) -> bool:
    """Whether `raw`, a value as YAML reads it, is one of `typ`: a set is written as a list of
    strings, and a date with a time (YAML reads 2020-01-01 00:00 as a datetime) is no date."""
    if typ == Type.BOOL:
        return isinstance(raw, bool)
    if typ == Type.INT:
        return isinstance(raw, int) and not isinstance(raw, bool)
    if typ == Type.STR:
        return isinstance(raw, str)
    if typ == Type.DATE:
        return isinstance(raw, date) and not isinstance(raw, datetime)
    return isinstance(raw, list) and all(isinstance(x, str) for x in raw)
