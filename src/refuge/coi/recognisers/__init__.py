"""Pattern recognisers of personal data in a document's text, for the scan's proposals. Each
is a pure function of the text that returns the spans it found, each covering exactly the
value (`text[start:end]` is the name, the number, the address). They run offline: regular
expressions and check digits, no language model."""

from __future__ import annotations

from refuge.coi.recognisers.contact import emails, phone_numbers
from refuge.coi.recognisers.dates import dates_of_birth
from refuge.coi.recognisers.found import Found
from refuge.coi.recognisers.names import known_names, titled_names
from refuge.coi.recognisers.numbers import bsns, ibans, v_numbers

PATTERNS = (titled_names, v_numbers, bsns, phone_numbers, emails, ibans, dates_of_birth)


def recognise(text: str) -> list[Found]:
    """What the pattern recognisers find in the text, by position; a span inside a longer one
    (digits of an IBAN written in groups, which look like a telephone number) is left out."""
    found = sorted({f for find in PATTERNS for f in find(text)}, key=lambda f: (f.start, -f.end))
    kept: list[Found] = []
    for f in found:
        if not any(k.start <= f.start and f.end <= k.end for k in kept):
            kept.append(f)
    return sorted(kept)


__all__ = ["PATTERNS", "Found", "known_names", "recognise"]
