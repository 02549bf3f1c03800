"""The snippet of a passage that a search found: the passage itself when it is short, else the
stretch of words around its first match, with the offsets of every matched word in it. Made
from the passage's text with the same stemming as the index, so it is the same on SQLite and
PostgreSQL."""

from __future__ import annotations

from refuge.coi.search_query import Query, stems
from refuge.coi.search_schemas import Highlight
from refuge.coi.stemming import GAP, words
from refuge.coi.vocabulary import Language

MAX_CHARS = 300
BEFORE = 80  # characters of context before the first match in a long passage
ELLIPSIS = "…"


def matched_stems(query: Query, language: Language) -> frozenset[str]:
    return frozenset(s for group in query for t in group for s in stems(t, language) if s != GAP)


def snippet(text: str, wanted: frozenset[str], language: Language) -> tuple[str, list[Highlight]]:
    found = [(w.start, w.end) for w in words(text, language) if w.stem in wanted]
    if len(text) <= MAX_CHARS:
        return text, [Highlight(start=s, end=e) for s, e in found]
    first = found[0][0] if found else 0
    start = _word_start(text, max(0, first - BEFORE), first)
    end = _word_end(text, min(len(text), start + MAX_CHARS), start)
    lead = ELLIPSIS if start > 0 else ""
    tail = ELLIPSIS if end < len(text) else ""
    shift = len(lead) - start
    marks = [Highlight(start=s + shift, end=e + shift) for s, e in found if s >= start and e <= end]
    return lead + text[start:end] + tail, marks


def _word_start(text: str, at: int, limit: int) -> int:
    """`at`, moved forward to the start of the next word if it falls inside one (not past
    `limit`)."""
    moved = at
    while 0 < moved < limit and not text[moved - 1].isspace():
        moved += 1
    return moved if moved <= limit else at


def _word_end(text: str, at: int, limit: int) -> int:
    """`at`, moved back to the end of the word before if it falls inside one (not back to
    `limit`)."""
    moved = at
    while limit < moved < len(text) and not text[moved].isspace():
        moved -= 1
    return moved if moved > limit else at
