"""Words and their stems, the way PostgreSQL's `dutch` and `english` configurations make them:
a word is a run of letters and digits, lower-cased; a common word (`refuge.coi.stopwords`) is
left out; a word with a digit in it is kept as it is; any other word is reduced to its Snowball
stem (PyStemmer). Dutch uses Snowball's original Dutch stemmer (`dutch_porter`, the one in
PostgreSQL): "terugkeer" and "terugkeren" are both `terugker`. Snowball 3's newer `dutch`
keeps them apart, so it is not used (docs/decisions/0012-report-search.md)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

import Stemmer

from refuge.coi import stopwords
from refuge.coi.vocabulary import Language

# letters and digits, with any combining marks that follow them (a decomposed "ë")
WORD = re.compile(r"[^\W_](?:[^\W_]|[\u0300-\u036f])*")
# what a left-out common word leaves in the index, so that a phrase keeps its distances
GAP = "_"
ALGORITHMS: dict[Language, str] = {"nl": "dutch_porter", "en": "english"}
STOPWORDS: dict[Language, frozenset[str]] = {"nl": stopwords.DUTCH, "en": stopwords.ENGLISH}


@dataclass(frozen=True, slots=True)
class Word:
    start: int  # offset of its first character in the text
    end: int  # just past its last character
    stem: str | None  # None: a common word, left out


@lru_cache(maxsize=2)
def _stemmer(language: Language) -> Stemmer.Stemmer:
    stemmer = Stemmer.Stemmer(ALGORITHMS[language])
    stemmer.maxCacheSize = 50_000
    return stemmer


def stem(word: str, language: Language) -> str | None:
    """The stem of one word as found in a text; None for a common word."""
    folded = unicodedata.normalize("NFC", word).lower()
    if folded in STOPWORDS[language]:
        return None
    if any(c.isdigit() for c in folded):
        return folded
    return str(_stemmer(language).stemWord(folded))


def words(text: str, language: Language) -> Iterator[Word]:
    """Every word of the text with its place and stem."""
    for match in WORD.finditer(text):
        yield Word(match.start(), match.end(), stem(match.group(), language))


def index_terms(text: str, language: Language) -> str:
    """The text as the index holds it: stems in order, `_` for each common word."""
    return " ".join(w.stem or GAP for w in words(text, language))
