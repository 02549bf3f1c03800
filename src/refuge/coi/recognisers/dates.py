"""Dates of birth: a date within a few words after "geboren", "geboortedatum", "born" or
"date of birth", in the same paragraph. Other dates (of events, of reports) are not proposed."""

from __future__ import annotations

import re

from refuge.coi.recognisers.found import PRIVACY, Found

MONTHS = (
    "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december|"
    "january|february|march|may|june|july|august|october"
)
DATE = re.compile(
    rf"\d{{1,2}}[-/.]\d{{1,2}}[-/.]\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}}|"
    rf"\d{{1,2}} (?:{MONTHS}) \d{{4}}|(?:{MONTHS}) \d{{1,2}},? \d{{4}}",
    re.IGNORECASE,
)
BIRTH = re.compile(r"geboren|geboortedatum|geb\.|\bborn\b|date of birth|\bd\.o\.b\.", re.IGNORECASE)
NEAR = 40  # characters between the word and the date


def dates_of_birth(text: str) -> list[Found]:
    found = []
    for m in DATE.finditer(text):
        before = text[max(0, m.start() - NEAR) : m.start()]
        if "\n\n" in before:
            before = before.rsplit("\n\n", 1)[1]
        if BIRTH.search(before):
            found.append(Found(m.start(), m.end(), "date_of_birth", PRIVACY))
    return found
