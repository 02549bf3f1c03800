"""How a bad input value appears in an error message: recognisable, never a page long, and never
a special-category value (or a whole object or list, which may hold one).

`quote` shortens any value; `rejected` decides whether the value of a field may be shown at all;
`reason` says what is wrong with a pydantic error without repeating the input. The CLI, the bulk
importer and the API's problem details all describe validation errors through these.
"""

from __future__ import annotations

import re
import reprlib
from collections.abc import Mapping, Sequence
from typing import Any

from refuge.logging import is_sensitive

_REPR = reprlib.Repr()
_REPR.maxstring = 60
_REPR.maxother = 60
_REPR.maxlist = _REPR.maxtuple = _REPR.maxset = 5
_REPR.maxdict = 4
_REPR.maxlevel = 3

_SCALARS = (str, int, float, type(None))  # bool is an int
_PREFIXES = ("Value error, ", "Assertion failed, ")
_QUOTED = re.compile(r"'([^']*)'")


def quote(value: object) -> str:
    """A short repr of `value`, cut with '...' where it is long."""
    return _REPR.repr(value)


def rejected(loc: Sequence[object], value: object) -> str | None:
    """`value`, quoted for a message about the field at `loc`; None where it must not be shown:
    the field or one it is nested in is special-category (or a secret), or the value is an
    object or a list (a model-level error's input is the whole record)."""
    if any(is_sensitive(part) for part in loc):
        return None
    if not isinstance(value, _SCALARS):
        return None
    return quote(value)


def allowed_values(err: Mapping[str, Any]) -> list[str]:
    """The values a closed set allows, from a pydantic error about a value outside it ([] for
    any other error)."""
    if err.get("type") not in ("literal_error", "enum"):
        return []
    return _QUOTED.findall(str((err.get("ctx") or {}).get("expected", "")))


def reason(err: Mapping[str, Any]) -> str:
    """What is wrong, from one pydantic error, in words that never repeat the input: a value
    outside a closed set lists the allowed values instead."""
    if allowed := allowed_values(err):
        return f"not one of the allowed values ({', '.join(allowed)})"
    message = str(err.get("msg", "invalid"))
    for prefix in _PREFIXES:
        message = message.removeprefix(prefix)
    return message
