"""Numbers that identify a person: the V-number (the IND's vreemdelingennummer, ten digits),
the BSN (nine digits passing the elfproef; those failing it are not proposed) and the IBAN
(passing its mod-97 check)."""

from __future__ import annotations

import re

from refuge.coi.recognisers.checks import elfproef, iban_valid
from refuge.coi.recognisers.found import IDENTIFICATION_NUMBER, PRIVACY, Found

# ten digits on their own; a Dutch telephone number (0...) is not one unless it is named so
TEN_DIGITS = re.compile(r"(?<![\w+.,-])\d{10}(?![\w]|[.,]\d)")
V_CONTEXT = re.compile(r"(v-?nummer|vreemdelingennummer|v-?number)\W{0,3}$", re.IGNORECASE)
# nine digits, or written 1234.56.782
BSN = re.compile(r"(?<![\w+.,-])(\d{9}|\d{4}\.\d{2}\.\d{3})(?![\w]|[.,]\d)")
IBAN = re.compile(r"(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}")


def v_numbers(text: str) -> list[Found]:
    found = []
    for m in TEN_DIGITS.finditer(text):
        named = V_CONTEXT.search(text[max(0, m.start() - 25) : m.start()])
        if not m.group().startswith("0") or named:
            found.append(Found(m.start(), m.end(), "v_number", PRIVACY))
    return found


def bsns(text: str) -> list[Found]:
    return [
        Found(m.start(), m.end(), "bsn", IDENTIFICATION_NUMBER)
        for m in BSN.finditer(text)
        if elfproef(m.group().replace(".", ""))
    ]


# the length of an IBAN in the countries it is most often from (others: 15 to 34)
IBAN_LENGTH = {"NL": 18, "BE": 16, "DE": 22, "FR": 27, "GB": 22, "LU": 20, "AT": 20, "CH": 21}


def ibans(text: str) -> list[Found]:
    """A valid IBAN at each candidate; a candidate written in groups may run into the next
    word (`NL91 ABNA 0417 1643 00 EUR`), so it is cut back a group at a time, never within one."""
    found = []
    for m in IBAN.finditer(text):
        value = m.group()
        ends = [len(value), *(i for i in range(len(value) - 1, 14, -1) if value[i] == " ")]
        for end in ends:
            candidate = value[:end]
            size = IBAN_LENGTH.get(candidate[:2], len(candidate.replace(" ", "")))
            if len(candidate.replace(" ", "")) == size and iban_valid(candidate):
                found.append(Found(m.start(), m.start() + end, "iban", PRIVACY))
                break
    return found
