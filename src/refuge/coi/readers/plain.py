"""Plain text (.txt). A file whose lines are wrapped (none longer than `WRAPPED`) has its
paragraphs between blank lines; a file with a paragraph per line (as word processors save it)
has one per line. A line that reads as a numbered heading ("2.3 Damascus") is a heading."""

from __future__ import annotations

from refuge.coi.blocks import Block, from_lines
from refuge.coi.readers.encoding import decode

WRAPPED = 120


def read(file_name: str, data: bytes) -> tuple[list[Block], int | None]:
    lines = decode(file_name, data).split("\n")
    if max(len(line.rstrip()) for line in lines) > WRAPPED:
        return [b for line in lines for b in from_lines([line])], None
    blocks: list[Block] = []
    group: list[str] = []
    for line in [*lines, ""]:
        if line.strip():
            group.append(line)
        else:
            blocks.extend(from_lines(group))
            group = []
    return blocks, None
