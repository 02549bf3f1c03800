"""Markdown (.md): ATX (`## 2.3 Damascus`) and setext headings, paragraphs between blank
lines, one paragraph per list item or table row. Inline markup (emphasis, code, links) is
reduced to its text, so that the passages read as the rendered document does."""

from __future__ import annotations

import re

from refuge.coi.blocks import Block, heading, paragraph
from refuge.coi.readers.encoding import decode

ATX = re.compile(r"^ {0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
SETEXT = re.compile(r"^ {0,3}(=+|-+)\s*$")
ITEM = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+")
FENCE = re.compile(r"^\s*(```|~~~)")
RULE = re.compile(r"^\s*([-*_])(\s*\1){2,}\s*$")
LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
MARKS = re.compile(r"\*\*|__|`|<!--.*?-->")


def _inline(text: str) -> str:
    return MARKS.sub("", LINK.sub(r"\1", text))


def _flush(group: list[str], blocks: list[Block]) -> None:
    if group:
        blocks.append(paragraph(_inline(" ".join(group))))
        group.clear()


def read(file_name: str, data: bytes) -> tuple[list[Block], int | None]:
    lines = decode(file_name, data).split("\n")
    blocks: list[Block] = []
    group: list[str] = []
    fenced = False
    for i, line in enumerate(lines):
        if FENCE.match(line):
            _flush(group, blocks)
            fenced = not fenced
            continue
        if fenced:
            group.append(line)
            continue
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        atx = ATX.match(line)
        if atx:
            _flush(group, blocks)
            blocks.append(heading(_inline(atx.group(2)), level=len(atx.group(1))))
        elif line.strip() and not group and SETEXT.match(nxt) and not ITEM.match(line):
            blocks.append(heading(_inline(line), level=1 if nxt.strip()[0] == "=" else 2))
        elif SETEXT.match(line) and blocks and blocks[-1].kind == "heading" and not group:
            continue  # the underline of the setext heading just read
        elif not line.strip() or RULE.match(line):
            _flush(group, blocks)
        elif ITEM.match(line) or line.lstrip().startswith("|"):
            _flush(group, blocks)
            group.append(line.strip().strip("|") if line.lstrip().startswith("|") else line)
            if line.lstrip().startswith("|"):
                _flush(group, blocks)
        else:
            group.append(line)
    _flush(group, blocks)
    # a table's separator row (|---|---|) holds no text
    return [b for b in blocks if b.text.strip("-:| ")], None
