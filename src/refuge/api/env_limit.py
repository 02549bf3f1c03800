"""A server limit read from the environment: a positive whole number, or the default."""

from __future__ import annotations

import os


def positive_whole(name: str, default: int, unit: str) -> int:
    """The variable `name` as a positive whole number of `unit`; `default` when it is unset or
    empty. Anything else is a ValueError naming the variable and giving an example."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if value < 1:
        raise ValueError(f"{name} must be a positive whole number of {unit}, e.g. {default}")
    return value
