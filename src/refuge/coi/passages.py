"""Cut a document's blocks into passages with stable anchors and character offsets.

An anchor is derived from the document's own numbering, so the same file always gives the
same anchors: a numbered heading is anchored by its section number (`2.3`), a paragraph by
its section and its place among the section's paragraphs (`2.3-p4`); before the first numbered
heading, and in a document without numbered headings, by its place in the document (`p7`).
An unnumbered heading is `h<n>` (its place among those) and starts no section. A section
number that occurs twice (an annex that numbers again) gets `~2` on its second occurrence.

The document's normalized text is its passages joined by a blank line (`SEPARATOR`); each
passage's `start`/`end` are its offsets in that text, so a character range over the text (a
redaction span) may cross passages, and pages.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Literal

from refuge.coi.blocks import Block

SEPARATOR = "\n\n"


@dataclass(frozen=True, slots=True)
class Passage:
    ordinal: int
    anchor: str
    kind: Literal["heading", "paragraph"]
    section: str | None
    heading_path: list[str]
    text: str
    page: int | None
    page_end: int | None
    start: int
    end: int


def split(blocks: list[Block]) -> list[Passage]:
    passages: list[Passage] = []
    seen: Counter[str] = Counter()
    paragraphs: Counter[str | None] = Counter()
    stack: list[tuple[int, str]] = []  # (level, heading text) of the headings above
    section: str | None = None
    unnumbered = 0
    offset = 0
    for ordinal, block in enumerate(blocks, start=1):
        if block.kind == "heading":
            level = block.level or 1
            while stack and stack[-1][0] >= level:
                stack.pop()
            stack.append((level, block.text))
            if block.number:
                seen[block.number] += 1
                n = seen[block.number]
                section = block.number if n == 1 else f"{block.number}~{n}"
                anchor = section
            else:
                unnumbered += 1
                anchor = f"h{unnumbered}"
        else:
            paragraphs[section] += 1
            place = f"p{paragraphs[section]}"
            anchor = f"{section}-{place}" if section else place
        end = offset + len(block.text)
        passages.append(
            Passage(
                ordinal=ordinal,
                anchor=anchor,
                kind=block.kind,
                section=section,
                heading_path=[text for _, text in stack],
                text=block.text,
                page=block.page,
                page_end=block.page_end,
                start=offset,
                end=end,
            )
        )
        offset = end + len(SEPARATOR)
    return passages


def document_text(texts: list[str]) -> str:
    """The normalized text of a document from its passages' texts, in order: what the
    passages' offsets point into."""
    return SEPARATOR.join(texts)
