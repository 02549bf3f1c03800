"""Read a case file, with errors that name the file and the field."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import ValidationError

from refuge.case.schema import Case
from refuge.quote import reason, rejected


class CaseInputError(Exception):
    """A case file that cannot be used; the message names the file and what to fix."""


def read_case(path: Path) -> Case:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CaseInputError(
            f"{path}: cannot read the file ({exc.__class__.__name__}: {exc})"
        ) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CaseInputError(
            f"{path}:{exc.lineno}:{exc.colno}: not valid JSON ({exc.msg})"
        ) from None
    try:
        return Case.model_validate(data)
    except ValidationError as exc:
        raise CaseInputError(f"{path}: " + "; ".join(describe(e) for e in exc.errors())) from None


def describe(err: object) -> str:
    """One pydantic error as a sentence naming the field. The rejected value is quoted only
    where it may be (see `refuge.quote.rejected`): never from a special-category field, and
    never a whole object, so a model-level error does not repeat the case."""
    assert isinstance(err, dict)
    loc = ".".join(str(p) for p in err["loc"])
    kind = err["type"]
    if kind == "missing":
        return f"missing field {loc!r}"
    if kind == "extra_forbidden":
        return f"unknown field {loc!r}; remove it or fix its spelling"
    if kind == "model_type" and not loc:
        return "the case must be a JSON object"
    where = f"field {loc!r}" if loc else "the case"
    got = rejected(err["loc"], err.get("input"))
    return f"{where}: {reason(err)}" + (f" (got {got})" if got is not None else "")
