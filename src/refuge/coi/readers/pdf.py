"""PDF with a text layer, read with pypdf (layout mode, so that the blank space between
paragraphs shows as blank lines). Page numbers alone on a line at the top or bottom of a page
are left out; a paragraph whose page ends mid-sentence continues on the next page (one passage,
with the page it starts and the page it ends on). A PDF without any text (a scan) is refused."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader
from pypdf.errors import PdfReadError

from refuge.coi.blocks import Block, from_lines
from refuge.coi.errors import NoTextLayer, UnreadableFile

MAX_PAGES = 5_000
PAGE_NUMBER = re.compile(
    r"^(?:-\s*)?(?:(?:pagina|page|p\.)\s*)?\d{1,4}(?:\s*(?:van|of|/)\s*\d{1,4})?(?:\s*-)?$", re.I
)
ENDS_PARAGRAPH = (".", "!", "?", ":", ";")


def _open(file_name: str, data: bytes) -> PdfReader:
    if not data.startswith(b"%PDF-"):
        raise UnreadableFile(file_name, "this is not a PDF file (it does not start with %PDF-)")
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise UnreadableFile(file_name, "the PDF is protected by a password; add it unlocked")
        _ = len(reader.pages)
    except UnreadableFile:
        raise
    except Exception as exc:  # a damaged file: pypdf raises many kinds
        raise UnreadableFile(file_name, f"this PDF cannot be read ({type(exc).__name__})") from None
    return reader


def _dehyphenate(lines: list[str]) -> list[str]:
    """Join a word broken over two lines ("terug-" / "keer") back into one."""
    out: list[str] = []
    for line in (line.strip() for line in lines):
        if out and re.search(r"[a-zà-ÿ]-$", out[-1]) and line[:1].islower():
            out[-1] = out[-1][:-1] + line
        else:
            out.append(line)
    return out


def _page_blocks(text: str, page: int) -> list[Block]:
    groups: list[list[str]] = [[]]
    for line in text.split("\n"):
        if line.strip():
            groups[-1].append(line)
        elif groups[-1]:
            groups.append([])
    groups = [g for g in groups if g]
    # page furniture: a page number alone at the top or the bottom
    for edge in (0, -1):
        if groups and len(groups[edge]) == 1 and PAGE_NUMBER.match(groups[edge][0].strip()):
            groups.pop(edge)
    blocks = [b for g in groups for b in from_lines(_dehyphenate(g))]
    return [Block(b.kind, b.text, b.level, b.number, page, page) for b in blocks]


def read(file_name: str, data: bytes) -> tuple[list[Block], int | None]:
    reader = _open(file_name, data)
    pages = len(reader.pages)
    if pages > MAX_PAGES:
        raise UnreadableFile(file_name, f"the PDF has {pages} pages, more than {MAX_PAGES}")
    blocks: list[Block] = []
    try:
        for number, page in enumerate(reader.pages, start=1):
            found = _page_blocks(page.extract_text(extraction_mode="layout"), number)
            if found and blocks and _continues(blocks[-1], found[0]):
                last, first = blocks.pop(), found.pop(0)
                blocks.append(
                    Block("paragraph", f"{last.text} {first.text}", page=last.page, page_end=number)
                )
            blocks.extend(found)
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise UnreadableFile(file_name, f"this PDF cannot be read ({type(exc).__name__})") from None
    if not blocks:
        raise NoTextLayer(file_name, pages)
    return blocks, pages


def _continues(last: Block, first: Block) -> bool:
    return (
        last.kind == "paragraph"
        and first.kind == "paragraph"
        and not last.text.endswith(ENDS_PARAGRAPH)
    )
