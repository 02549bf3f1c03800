"""Names of people: capitalised words after a title or form of address ("de heer", "mevrouw",
"dhr.", "mw.", "Mr", "Mrs", ...), initials and name particles (van, de, al-) included; and
names already redacted in another document of the library, wherever they occur. The title
itself is not proposed: it does not identify anyone."""

from __future__ import annotations

import re
from collections.abc import Iterable

from refuge.coi.recognisers.found import PRIVACY, Found

UPPER = "A-ZÀ-ÖØ-Þ"
WORD = rf"[{UPPER}][^\W\d_]*(?:['\u2019-][^\W\d_]+)*"
INITIALS = rf"(?:[{UPPER}]\.\s?)+"
PARTICLE = r"(?:van|de|der|den|ter|ten|het|al|el|bin|ibn|abu|von|du|la|le)[\s-]"
NAME = rf"(?:{INITIALS})?(?:{PARTICLE})*{WORD}(?:\s(?:{PARTICLE})*{WORD}){{0,3}}"
TITLE = (
    r"\b(?:[Dd]e heer|[Mm]evrouw|[Mm]evr\.|[Dd]hr\.|[Mm]w\.|[Mm]ej\.|"
    r"Mrs\.?|Mr\.?|Ms\.?|Miss|Dr\.|dr\.|Prof\.|prof\.)"
)
TITLED = re.compile(rf"{TITLE}\s+({NAME})")
# what counts as a name among earlier redactions: two to five capitalised words
A_NAME = re.compile(rf"^(?:{NAME})$")


def titled_names(text: str) -> list[Found]:
    return [
        Found(m.start(1), m.end(1), "titled_name", PRIVACY)
        for m in TITLED.finditer(text)
        if not text[m.start(1) : m.end(1)].isupper()  # an abbreviation (IND, UNHCR), not a name
    ]


def known_names(text: str, names: Iterable[str]) -> list[Found]:
    """Each occurrence, as a whole word, of a name redacted before elsewhere."""
    found = []
    for name in {n.strip() for n in names}:
        if " " not in name or not A_NAME.match(name):
            continue
        for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text):
            found.append(Found(m.start(), m.end(), "redacted_elsewhere", PRIVACY))
    return found
