"""The publication version of a document: its passages with every withheld character range
replaced by a box carrying its Woo ground (`[5.1.2e]`), and the list of redactions.

This is the one place that reads the withheld text. `build` cuts it out first, so a
`Publication` holds only the remainder and the boxes; the renderers (HTML, PDF, the
inventory) are given nothing else and so cannot show what was withheld. The published
metadata (title, author, Woo decision) is checked against the withheld text before it is
accepted.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from refuge.coi.passages import Passage, document_text
from refuge.coi.publication_errors import InvalidRedaction, WithheldInMetadata
from refuge.coi.spans import RedactionSpan

WORD = re.compile(r"\w+")
SHORTEST_CHECKED = 4  # a withheld word or string this long or longer may not reach the metadata


@dataclass(frozen=True, slots=True)
class Box:
    """Where withheld text stood. A redaction over two passages is one box in each."""

    number: int  # the redaction's number in the inventory: 1, 2, ... in reading order
    ground: str

    @property
    def label(self) -> str:
        return f"[{self.ground}]"


Segment = str | Box


@dataclass(frozen=True, slots=True)
class PublishedPassage:
    anchor: str
    kind: Literal["heading", "paragraph"]
    level: int  # a heading's depth (1 for a chapter); 0 for a paragraph
    page: int | None  # PDF source: the pages of the report it stands on
    page_end: int | None
    segments: tuple[Segment, ...]


@dataclass(frozen=True, slots=True)
class Redaction:
    """One row of the inventory: where and how much, never what."""

    number: int
    ground: str
    anchors: tuple[str, ...]  # the passages it withholds from, in order
    page: int | None  # the report's pages (PDF source), of the passages it touches
    page_end: int | None
    length: int  # characters withheld, in the document's normalized text

    @property
    def location(self) -> str:
        first, last = self.anchors[0], self.anchors[-1]
        return first if first == last else f"{first} to {last}"

    @property
    def pages(self) -> str:
        if self.page is None:
            return ""
        end = self.page_end or self.page
        return str(self.page) if end == self.page else f"{self.page}-{end}"


@dataclass(frozen=True, slots=True)
class PublicationMeta:
    reference: str
    revision: int
    title: str
    language: str
    kind: str
    country: str | None
    document_date: date | None
    woo_decision: str
    published_on: date
    author: str = ""


@dataclass(frozen=True, slots=True)
class Publication:
    meta: PublicationMeta
    passages: tuple[PublishedPassage, ...]
    redactions: tuple[Redaction, ...]

    def text(self) -> str:
        """The published text, each box as its label: what a reader of the publication reads."""
        return document_text(["".join(_shown(s) for s in p.segments) for p in self.passages])


def build(
    meta: PublicationMeta, passages: Sequence[Passage], spans: Sequence[RedactionSpan]
) -> Publication:
    """The publication of these passages with these spans withheld. Refuses a span outside
    the text, overlapping another, covering only the break between two passages or a
    section's number (the anchors show it), and metadata that contains withheld text."""
    ordered = sorted(spans)
    full = document_text([p.text for p in passages])
    _check(ordered, len(full), passages)
    shown = {w.casefold() for w in WORD.findall(_remainder(full, ordered))}
    for number, span in enumerate(ordered, start=1):
        withheld = full[span.start : span.end]
        for field, value in (
            ("title", meta.title),
            ("author", meta.author),
            ("Woo decision", meta.woo_decision),
        ):
            if _contains_withheld(value, withheld, shown):
                raise WithheldInMetadata(field, number)
    published = tuple(_publish(p, ordered) for p in passages)
    redactions = tuple(_redaction(n, s, passages) for n, s in enumerate(ordered, start=1))
    return Publication(meta, published, redactions)


def unredacted_repetitions(
    passages: Sequence[Passage],
    spans: Sequence[RedactionSpan],
    dismissed: frozenset[tuple[int, int]] = frozenset(),
) -> list[str]:
    """The anchors of the passages where a withheld text stands again, unredacted: the
    repetition the scan proposes to redact. A repetition whose proposal a person dismissed
    (its offsets in `dismissed`) is left alone."""
    full = document_text([p.text for p in passages])
    places = []
    for span in spans:
        withheld = full[span.start : span.end]
        at = full.find(withheld)
        while at != -1:
            end = at + len(withheld)
            covered = any(s.start <= at and end <= s.end for s in spans)
            if not covered and (at, end) not in dismissed:
                places += [p.anchor for p in passages if p.start <= at < p.end + 2][:1]
            at = full.find(withheld, at + 1)
    return sorted(set(places), key=places.index)


def _check(spans: list[RedactionSpan], length: int, passages: Sequence[Passage]) -> None:
    for number, span in enumerate(spans, start=1):
        if span.end > length:
            raise InvalidRedaction(
                f"redaction {number} ({span.start}-{span.end}) ends past the document's text "
                f"({length} characters); it was marked on another revision: mark it again"
            )
        if number > 1 and spans[number - 2].end > span.start:
            raise InvalidRedaction(
                f"redactions {number - 1} and {number} overlap (from character {span.start}); "
                "merge them into one with one ground, or split them"
            )
        if not any(_overlap(span, p) for p in passages):
            raise InvalidRedaction(
                f"redaction {number} ({span.start}-{span.end}) covers only the break between "
                "two passages: it withholds nothing; withdraw it"
            )
        for p in passages:
            if p.kind != "heading" or not p.section or p.anchor != p.section:
                continue
            number_end = p.start + len(p.section.partition("~")[0])
            if span.start < number_end and p.start < span.end:
                raise InvalidRedaction(
                    f"redaction {number} withholds the section number of heading {p.anchor}; "
                    "section numbers are the publication's anchors: withhold the heading's "
                    "words only"
                )


def _overlap(span: RedactionSpan, p: Passage) -> bool:
    return span.start < p.end and p.start < span.end


def _publish(p: Passage, spans: list[RedactionSpan]) -> PublishedPassage:
    segments: list[Segment] = []
    cursor = p.start
    for number, span in enumerate(spans, start=1):
        if not _overlap(span, p):
            continue
        if span.start > cursor:
            segments.append(p.text[cursor - p.start : span.start - p.start])
        segments.append(Box(number, span.ground))
        cursor = min(span.end, p.end)
    if cursor < p.end:
        segments.append(p.text[cursor - p.start :])
    level = 0
    if p.kind == "heading":
        level = p.section.count(".") + 1 if p.section and p.anchor == p.section else 1
    return PublishedPassage(p.anchor, p.kind, level, p.page, p.page_end, tuple(segments))


def _redaction(number: int, span: RedactionSpan, passages: Sequence[Passage]) -> Redaction:
    touched = [p for p in passages if _overlap(span, p)]
    pages = [n for p in touched for n in (p.page, p.page_end) if n is not None]
    return Redaction(
        number=number,
        ground=span.ground,
        anchors=tuple(p.anchor for p in touched),
        page=min(pages) if pages else None,
        page_end=max(pages) if pages else None,
        length=span.end - span.start,
    )


def _remainder(full: str, spans: list[RedactionSpan]) -> str:
    """The text that stays, a NUL where each span was (so no word forms across a box)."""
    parts, cursor = [], 0
    for span in spans:
        parts.append(full[cursor : span.start])
        cursor = span.end
    parts.append(full[cursor:])
    return "\0".join(parts)


def _contains_withheld(value: str, withheld: str, shown: set[str]) -> bool:
    """Whether `value` shows this withheld text: the whole of it, or one of its words that the
    published text does not show anyway."""
    folded = value.casefold()
    whole = " ".join(withheld.split()).casefold()
    if len(whole) >= SHORTEST_CHECKED and whole in " ".join(folded.split()):
        return True
    words = {w.casefold() for w in WORD.findall(withheld) if len(w) >= SHORTEST_CHECKED}
    return any(w not in shown and w in set(WORD.findall(folded)) for w in words)


def _shown(segment: Segment) -> str:
    return segment.label if isinstance(segment, Box) else segment
