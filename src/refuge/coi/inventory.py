"""The inventory of redactions published beside the document: for each redaction its number,
Woo ground, location (the passages' anchors, the report's pages, the page of the published PDF
its box stands on) and length in characters. Never the withheld text, and never the
redactor's note, which is written about that text and may quote it: the reasoning is the Woo
decision's."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from dataclasses import dataclass

from refuge.coi.publication import Publication

COLUMNS = ("number", "ground", "location", "report_pages", "published_pages", "length")


@dataclass(frozen=True, slots=True)
class InventoryRow:
    number: int
    ground: str
    location: str  # 2.3-p4, or 2.3-p4 to 2.3-p5 over two passages
    report_pages: str  # 12 or 12-13 (a PDF source); empty otherwise
    published_pages: str  # of the published PDF
    length: int


def inventory(
    publication: Publication, published_pages: Mapping[int, tuple[int, int]]
) -> list[InventoryRow]:
    """The rows, in reading order. `published_pages`: the first and last page of the published
    PDF each redaction's boxes stand on, by number (`publication_pdf.render` gives them)."""
    rows = []
    for r in publication.redactions:
        first, last = published_pages.get(r.number, (0, 0))
        shown = "" if not first else str(first) if first == last else f"{first}-{last}"
        rows.append(InventoryRow(r.number, r.ground, r.location, r.pages, shown, r.length))
    return rows


def to_csv(rows: list[InventoryRow]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([getattr(row, column) for column in COLUMNS])
    return out.getvalue().encode()


def to_json(publication: Publication, rows: list[InventoryRow]) -> bytes:
    meta = publication.meta
    body = {
        "reference": meta.reference,
        "revision": meta.revision,
        "title": meta.title,
        "wooDecision": meta.woo_decision,
        "publishedOn": meta.published_on.isoformat(),
        "redactions": [
            {
                "number": row.number,
                "ground": row.ground,
                "location": row.location,
                "reportPages": row.report_pages or None,
                "publishedPages": row.published_pages or None,
                "length": row.length,
            }
            for row in rows
        ],
    }
    return (json.dumps(body, indent=2, ensure_ascii=False) + "\n").encode()
