"""What a reader makes of a file: its headings and paragraphs in reading order, each as one
line of normalized text. Every format ends here, so the passages and their anchors are cut
the same way whatever the file was."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

# a numbered heading: "2", "2.3", "2.3.1." followed by its title
NUMBERED = re.compile(r"^(\d{1,2}(?:\.\d{1,3}){0,5})\.?\s+(\S.*)$")
HEADING_MAX = 120  # a longer line is a paragraph, whatever it starts with
SENTENCE_END = (".", "!", "?", ";", ":", ",")
INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))


@dataclass(frozen=True, slots=True)
class Block:
    kind: Literal["heading", "paragraph"]
    text: str
    level: int | None = None  # a heading's depth: 1 for a chapter
    number: str | None = None  # a heading's section number, "2.3"
    page: int | None = None  # PDF: where it starts and ends (1-based)
    page_end: int | None = None


def normalize(text: str) -> str:
    """One line: Unicode NFC, invisible characters (soft hyphens, zero-width spaces) removed,
    every run of whitespace one space."""
    return " ".join(unicodedata.normalize("NFC", text).translate(INVISIBLE).split())


def section_number(line: str) -> str | None:
    """The section number of a line that reads as a numbered heading, else None."""
    text = normalize(line)
    match = NUMBERED.match(text)
    if match is None or len(text) > HEADING_MAX or text.endswith(SENTENCE_END):
        return None
    return match.group(1)


def heading(text: str, level: int | None = None, number: str | None = None) -> Block:
    """A heading; its number taken from its text where it has none of its own."""
    line = normalize(text)
    number = number or section_number(line)
    if level is None:
        level = number.count(".") + 1 if number else 1
    return Block("heading", line, level, number)


def paragraph(text: str) -> Block:
    return Block("paragraph", normalize(text))


def from_lines(lines: list[str]) -> list[Block]:
    """One group of lines without a blank line between them: a numbered heading on its first
    line is a heading of its own; the rest is one paragraph."""
    lines = [line for line in lines if line.strip()]
    if not lines:
        return []
    if section_number(lines[0]) is not None:
        rest = [paragraph(" ".join(lines[1:]))] if lines[1:] else []
        return [heading(lines[0]), *rest]
    return [paragraph(" ".join(lines))]
