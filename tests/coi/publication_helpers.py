"""Helpers of the publication's tests: publish passages with spans into every file a reader
gets (HTML, PDF, the inventory as CSV and JSON), and look for withheld text in all of them the
way a reader could: the HTML source (attributes and comments included), the PDF's text layer
as pypdf extracts it, its metadata and its raw bytes, and the inventory."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import date

from pypdf import PdfReader

from refuge.coi import inventory, publication_html, publication_pdf
from refuge.coi.blocks import Block
from refuge.coi.passages import Passage, document_text, split
from refuge.coi.publication import Publication, PublicationMeta, build
from refuge.coi.spans import RedactionSpan

META = PublicationMeta(
    reference="syrie-2025",
    revision=1,
    title="Algemeen ambtsbericht Syrië",
    language="nl",
    kind="general",
    country="SY",
    document_date=date(2025, 6, 30),
    woo_decision="Woo-besluit 2025-0412",
    published_on=date(2025, 10, 1),
)
WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Published:
    publication: Publication
    html: str
    pdf: bytes
    pdf_text: str  # every page's text layer, as pypdf extracts it
    pdf_pages: list[str]
    pdf_metadata: str  # every value of the document information dictionary
    inventory_csv: str
    inventory_json: str
    rows: list[inventory.InventoryRow]

    def files(self) -> dict[str, str]:
        """What a reader can search, by where it is."""
        return {
            "HTML source": self.html,
            "PDF text layer": self.pdf_text,
            "PDF metadata": self.pdf_metadata,
            "PDF bytes": self.pdf.decode("latin-1"),
            "PDF bytes (UTF-16)": _utf16(self.pdf),
            "inventory CSV": self.inventory_csv,
            "inventory JSON": self.inventory_json,
        }


def publish(
    passages: list[Passage], spans: list[RedactionSpan], meta: PublicationMeta = META
) -> Published:
    pub = build(meta, passages, spans)
    pdf = publication_pdf.render(pub)
    html = publication_html.render(pub, pdf.rows).decode()
    reader = PdfReader(io.BytesIO(pdf.data))
    pages = [page.extract_text() for page in reader.pages]
    metadata = reader.metadata or {}
    return Published(
        publication=pub,
        html=html,
        pdf=pdf.data,
        pdf_text="\n".join(pages),
        pdf_pages=pages,
        pdf_metadata="\n".join(str(v) for v in metadata.values()),
        inventory_csv=inventory.to_csv(pdf.rows).decode(),
        inventory_json=inventory.to_json(pub, pdf.rows).decode(),
        rows=pdf.rows,
    )


def passages_of(texts: list[tuple[str, str]]) -> list[Passage]:
    """Passages of (kind, text) blocks, as the library cuts them."""
    blocks = []
    for kind, text in texts:
        if kind == "heading":
            number = text.split()[0]
            blocks.append(Block("heading", text, number.count(".") + 1, number))
        else:
            blocks.append(Block("paragraph", text))
    return split(blocks)


def span_of(
    passages: list[Passage], withheld: str, ground: str = "5.1.2e", nth: int = 1
) -> RedactionSpan:
    """The span of the `nth` occurrence of `withheld` in the document's text."""
    text = document_text([p.text for p in passages])
    start = -1
    for _ in range(nth):
        start = text.index(withheld, start + 1)
    return RedactionSpan(start, start + len(withheld), ground)


def leaks(published: Published, withheld: list[str]) -> list[str]:
    """Each withheld string, and each of its words longer than 3 characters that the published
    text does not show elsewhere, found in any file: `what in where`. The PDF's text layer is
    also searched without its line breaks and spaces, since the renderer wraps lines."""
    found = []
    files = published.files()
    squeezed = "".join(published.pdf_text.split())
    shown = set(WORD.findall(published.publication.text()))
    for secret in withheld:
        words = {w for w in WORD.findall(secret) if len(w) > 3 and w not in shown}
        needles = {secret, *words}
        for needle in sorted(needles):
            found += [f"{needle!r} in {where}" for where, text in files.items() if needle in text]
            if len("".join(needle.split())) > 3 and "".join(needle.split()) in squeezed:
                found.append(f"{needle!r} in the PDF text layer without line breaks")
    return found


def _utf16(data: bytes) -> str:
    # PDF text strings outside Latin-1 are UTF-16BE; read the bytes that way too
    return data.decode("utf-16-be", errors="replace") + data[1:].decode("utf-16-be", "replace")
