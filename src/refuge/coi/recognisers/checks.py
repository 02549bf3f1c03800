"""Check digits: the BSN's elfproef and the IBAN's mod-97 (ISO 13616)."""

from __future__ import annotations

import string


def elfproef(digits: str) -> bool:
    """A BSN: nine digits d1..d9 with 9*d1 + 8*d2 + ... + 2*d8 - d9 divisible by 11 (and not
    all zeros)."""
    if len(digits) != 9 or not digits.isdigit() or digits == "000000000":
        return False
    total = sum((9 - i) * int(d) for i, d in enumerate(digits[:8])) - int(digits[8])
    return total % 11 == 0


def iban_valid(iban: str) -> bool:
    """An IBAN (spaces allowed): a country code, two check digits and 11 to 30 letters and
    digits, whose four first characters moved to the end, letters as 10..35, leave 1 mod 97."""
    compact = iban.replace(" ", "").upper()
    if not 15 <= len(compact) <= 34 or not compact.isalnum() or not compact.isascii():
        return False
    if not (compact[:2].isalpha() and compact[2:4].isdigit()):
        return False
    moved = compact[4:] + compact[:4]
    number = "".join(str(string.ascii_uppercase.index(c) + 10) if c.isalpha() else c for c in moved)
    return int(number) % 97 == 1
