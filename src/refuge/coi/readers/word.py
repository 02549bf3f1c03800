"""Word (.docx), read with python-docx: paragraphs and table rows in document order. A
paragraph in a heading style (Heading 1-9, Title) is a heading; its section number is the one
typed in its text or, for headings numbered by Word itself, counted per level as Word shows it.
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

import docx
from docx.table import Table
from docx.text.paragraph import Paragraph

from refuge.coi.blocks import Block, heading, normalize, paragraph, section_number
from refuge.coi.errors import UnreadableFile

LEVEL = re.compile(r"(?:heading|kop)\s*(\d)", re.IGNORECASE)
MAX_UNPACKED = 200 * 1024 * 1024  # bytes: more is a zip bomb, not a report


def _level(p: Paragraph) -> int | None:
    name = (p.style.name if p.style is not None else "") or ""
    if name.lower() == "title":
        return 1
    match = LEVEL.match(name)
    return int(match.group(1)) if match else None


def _auto_numbered(p: Paragraph) -> bool:
    """Word numbers the heading itself (numbering on the paragraph or on its style)."""
    style: Any = p.style
    owners: list[Any] = [p._p]
    while style is not None:
        owners.append(style.element)
        style = style.base_style
    for owner in owners:
        ppr = owner.pPr
        if ppr is not None and ppr.numPr is not None:
            num_id = ppr.numPr.numId
            return num_id is None or num_id.val != 0
    return False


def _check_size(file_name: str, data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(i.file_size for i in archive.infolist())
    except zipfile.BadZipFile:
        raise UnreadableFile(file_name, "this is not a Word .docx file (no zip package)") from None
    if unpacked > MAX_UNPACKED:
        raise UnreadableFile(file_name, f"the package unpacks to more than {MAX_UNPACKED} bytes")


def read(file_name: str, data: bytes) -> tuple[list[Block], int | None]:
    _check_size(file_name, data)
    try:
        document = docx.Document(io.BytesIO(data))
        items = list(document.iter_inner_content())
    except Exception as exc:  # a damaged package: python-docx and lxml raise many kinds
        raise UnreadableFile(
            file_name, f"this .docx cannot be read ({type(exc).__name__})"
        ) from None
    blocks: list[Block] = []
    counters = [0] * 9
    for item in items:
        if isinstance(item, Table):
            for row in item.rows:
                cells = [normalize(c.text) for c in row.cells]
                unique = [c for i, c in enumerate(cells) if c and c not in cells[:i]]
                if unique:
                    blocks.append(paragraph(" | ".join(unique)))
            continue
        text = normalize(item.text)
        if not text:
            continue
        level = _level(item)
        if level is None:
            blocks.append(paragraph(text))
            continue
        number = section_number(text)
        if number is None and _auto_numbered(item):
            counters[level - 1] += 1
            counters[level:] = [0] * (9 - level)
            number = ".".join(str(n) for n in counters[:level])
            text = f"{number} {text}"
        blocks.append(heading(text, level=level, number=number))
    return blocks, None
