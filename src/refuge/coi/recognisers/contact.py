"""How to reach a person: telephone numbers (Dutch: ten digits from 0; international: + or 00
and a country code, 8 to 15 digits) and email addresses."""

from __future__ import annotations

import re

from refuge.coi.recognisers.found import PRIVACY, Found

PHONE = re.compile(r"(?<![\w+])(?:\+|00)?\d(?:[ \-]?(?:\(0\)|\d)){7,16}(?!\w)")
EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?!\w)")


def phone_numbers(text: str) -> list[Found]:
    found = []
    for m in PHONE.finditer(text):
        value = m.group()
        digits = re.sub(r"\D", "", value.replace("(0)", ""))
        international = value.startswith(("+", "00"))
        if (international and 8 <= len(digits) - (2 if value.startswith("00") else 0) <= 15) or (
            not international and value.startswith("0") and len(digits) == 10
        ):
            found.append(Found(m.start(), m.end(), "phone", PRIVACY))
    return found


def emails(text: str) -> list[Found]:
    return [Found(m.start(), m.end(), "email", PRIVACY) for m in EMAIL.finditer(text)]
