"""How a bad input value is quoted in an error message: recognisable, never a page long."""

from __future__ import annotations

import reprlib

_REPR = reprlib.Repr()
_REPR.maxstring = 60
_REPR.maxother = 60
_REPR.maxlist = _REPR.maxtuple = _REPR.maxset = 5
_REPR.maxdict = 4
_REPR.maxlevel = 3


def quote(value: object) -> str:
    """A short repr of `value`, cut with '...' where it is long."""
    return _REPR.repr(value)
