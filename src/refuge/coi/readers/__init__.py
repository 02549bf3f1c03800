"""Read a file of a supported format into blocks (`refuge.coi.blocks`), or refuse it with a
message that names the file and says why."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePath

from refuge.coi.blocks import Block
from refuge.coi.errors import UnreadableFile, UnsupportedFile
from refuge.coi.readers import markdown, pdf, plain, word


@dataclass(frozen=True, slots=True)
class Extracted:
    blocks: list[Block]
    media_type: str
    page_count: int | None = None


READERS: dict[str, tuple[str, Callable[[str, bytes], tuple[list[Block], int | None]]]] = {
    ".txt": ("text/plain", plain.read),
    ".md": ("text/markdown", markdown.read),
    ".docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        word.read,
    ),
    ".pdf": ("application/pdf", pdf.read),
}


def read_file(file_name: str, data: bytes) -> Extracted:
    suffix = PurePath(file_name).suffix.lower()
    if suffix not in READERS:
        raise UnsupportedFile(file_name, suffix)
    if not data:
        raise UnreadableFile(file_name, "the file is empty")
    media_type, reader = READERS[suffix]
    blocks, pages = reader(file_name, data)
    if not any(b.text for b in blocks):
        raise UnreadableFile(file_name, "the file holds no text")
    return Extracted([b for b in blocks if b.text], media_type, pages)
