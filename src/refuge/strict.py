"""The field types of the API input that are stricter than pydantic's defaults (issue 7, defect 10).

- `Name` (a user's, a team's, a token's, a language...): one line of printable text. No control
  character (Unicode Cc: NUL, tab, line breaks, ESC, DEL, C1), no line or paragraph separator
  (Zl, Zp), no invisible format character (Cf: bidi overrides and isolates, LRM/RLM, zero-width
  space, BOM, soft hyphen) other than the two joiners some scripts need (U+200C ZWNJ, e.g. in
  Persian, and U+200D ZWJ), no surrogate, private-use or unassigned code point.
- `Text` (reasons, summaries, notes): the same rule, except that tab, line feed and carriage
  return are allowed, so text may have several lines.
- Neither may be only white space (spaces of any script, tabs, line breaks): a reason of three
  spaces is no reason.
- `Flag`: JSON `true` or `false` only; not "yes", "true", 1 or 0. `QueryFlag`, in a query string:
  `true` or `false` only.
- `Day`: a calendar date as RFC 3339 `full-date` (`2025-07-01`); not a timestamp, not a number.

The bulk importer reads spreadsheet cells ("yes", "1") and turns them into these itself
(`casework.importer`). Errors name the field and what is allowed, never the value sent.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, StrictBool

JOINERS = frozenset("\u200c\u200d")
REFUSED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
LINE_BREAKS = frozenset("\t\n\r")
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def refused_character(text: str, allowed: frozenset[str] = JOINERS) -> str | None:
    """The first character of `text` the rule refuses, as U+XXXX with its category, or None."""
    for char in text:
        if char not in allowed and unicodedata.category(char) in REFUSED_CATEGORIES:
            return f"U+{ord(char):04X} ({unicodedata.category(char)})"
    return None


def _name(value: str) -> str:
    if (found := refused_character(value)) is not None:
        raise ValueError(
            f"a name is one line of printable text; {found} is a control or invisible character"
        )
    if value and value.isspace():
        raise ValueError("a name needs at least one visible character, not only spaces")
    return value


def _text(value: str) -> str:
    if (found := refused_character(value, JOINERS | LINE_BREAKS)) is not None:
        raise ValueError(
            f"text may have tabs and line breaks but no other control or invisible character; "
            f"{found} is one"
        )
    if value and value.isspace():
        raise ValueError("text needs at least one visible character, not only spaces")
    return value


def _query_flag(value: object) -> object:
    if isinstance(value, bool) or value in ("true", "false"):
        return value == "true" if isinstance(value, str) else value
    raise ValueError("a boolean is true or false")


def _day(value: object) -> object:
    if isinstance(value, datetime) or not isinstance(value, date | str):
        raise ValueError(
            "a date is text YYYY-MM-DD (RFC 3339 full-date), not a timestamp or number"
        )
    if isinstance(value, str) and not _DAY.fullmatch(value):
        raise ValueError("a date is YYYY-MM-DD (RFC 3339 full-date), without a time")
    return value


Name = Annotated[str, AfterValidator(_name)]
Text = Annotated[str, AfterValidator(_text)]
Flag = StrictBool
QueryFlag = Annotated[bool, BeforeValidator(_query_flag)]  # a query parameter: true or false
Day = Annotated[date, BeforeValidator(_day)]
