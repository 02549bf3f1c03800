"""Read a case file, with errors that name the file and the field (in English or Dutch)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from refuge.case.schema import Case
from refuge.quote import allowed_values, reason, rejected


class CaseInputError(Exception):
    """A case file that cannot be used; the message names the file and what to fix.
    `message(lang)` says it in English (`str()`) or Dutch."""

    def __init__(self, path: Path, problem: str, dutch: str, errors: Sequence[Any] = ()) -> None:
        self.path, self.errors = path, list(errors)
        self._texts = {"en": problem, "nl": dutch}
        super().__init__(self.message("en"))

    def message(self, lang: str) -> str:
        if self.errors:
            return f"{self.path}: " + "; ".join(describe(e, lang) for e in self.errors)
        return f"{self.path}{self._texts[lang]}"


def read_case(path: Path) -> Case:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        what = f"({exc.__class__.__name__}: {exc})"
        raise CaseInputError(
            path, f": cannot read the file {what}", f": het bestand is niet te lezen {what}"
        ) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        at = f":{exc.lineno}:{exc.colno}"
        raise CaseInputError(
            path, f"{at}: not valid JSON ({exc.msg})", f"{at}: geen geldige JSON ({exc.msg})"
        ) from None
    try:
        return Case.model_validate(data)
    except ValidationError as exc:
        raise CaseInputError(path, "", "", exc.errors()) from None


_WORDS = {
    "en": {
        "missing": "missing field {loc!r}",
        "extra_forbidden": "unknown field {loc!r}; remove it or fix its spelling",
        "not_an_object": "the case must be a JSON object",
        "field": "field {loc!r}",
        "case": "the case",
        "got": " (got {got})",
        "not_one_of": "not one of the allowed values ({allowed})",
    },
    "nl": {
        "missing": "veld {loc!r} ontbreekt",
        "extra_forbidden": "onbekend veld {loc!r}; verwijder het of verbeter de spelling",
        "not_an_object": "de zaak moet een JSON-object zijn",
        "field": "veld {loc!r}",
        "case": "de zaak",
        "got": " (ontvangen: {got})",
        "not_one_of": "geen van de toegestane waarden ({allowed})",
    },
}


def describe(err: object, lang: str = "en") -> str:
    """One pydantic error as a sentence naming the field. The rejected value is quoted only
    where it may be (see `refuge.quote.rejected`): never from a special-category field, and
    never a whole object, so a model-level error does not repeat the case. In Dutch, what
    pydantic itself says of a value (e.g. of a date) stays in English."""
    assert isinstance(err, dict)
    words = _WORDS[lang]
    loc = ".".join(str(p) for p in err["loc"])
    kind = err["type"]
    if kind in ("missing", "extra_forbidden"):
        return words[kind].format(loc=loc)
    if kind == "model_type" and not loc:
        return words["not_an_object"]
    where = words["field"].format(loc=loc) if loc else words["case"]
    got = rejected(err["loc"], err.get("input"))
    allowed = allowed_values(err)
    what = words["not_one_of"].format(allowed=", ".join(allowed)) if allowed else reason(err)
    return f"{where}: {what}" + (words["got"].format(got=got) if got is not None else "")
