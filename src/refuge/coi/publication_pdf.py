"""The publication as a PDF with a text layer (fpdf2, DejaVu Sans embedded): each passage with
its anchor in the margin, each box drawn as a framed grey cell holding its ground code, then
the inventory as a table. Made from a `Publication` only, which holds no withheld text.

The metadata is set deliberately, never taken from the text: title and author as accepted by
`publication.build` (checked against the withheld text), a subject and keywords made of the
reference and the Woo decision, Refuge as creator and producer, the creation date the day of
publication. Same publication, same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from refuge.coi.inventory import InventoryRow, inventory
from refuge.coi.publication import Box, Publication, PublishedPassage
from refuge.coi.publication_fonts import find_fonts
from refuge.coi.publication_labels import Labels, labels

FONT = "body"
LINE = 5.5  # mm, body text at 10.5 pt
MARGIN = 22  # mm; the anchors stand in the left one
CREATOR = "Refuge (refuge coi publish)"


@dataclass(frozen=True, slots=True)
class RenderedPdf:
    data: bytes
    rows: list[InventoryRow]  # the inventory, with the pages of this PDF


class _Document(FPDF):
    footer_text = ""

    def footer(self) -> None:
        self.set_y(-14)
        self.set_font(FONT, size=7.5)
        self.set_text_color(90)
        self.cell(0, 5, f"{self.footer_text} {self.page_no()}/{{nb}}", align="C")
        self.set_text_color(0)


def render(publication: Publication) -> RenderedPdf:
    meta = publication.meta
    words = labels(meta.language)
    pdf = _pdf(publication, words)
    pages: dict[int, tuple[int, int]] = {}
    for passage in publication.passages:
        _passage(pdf, passage, pages)
    rows = inventory(publication, pages)
    _inventory(pdf, rows, words)
    return RenderedPdf(bytes(pdf.output()), rows)


def _pdf(publication: Publication, words: Labels) -> _Document:
    meta = publication.meta
    fonts = find_fonts()
    pdf = _Document(format="A4")
    pdf.set_margins(MARGIN, 18, 18)
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_font(FONT, "", str(fonts.regular))
    pdf.add_font(FONT, "B", str(fonts.bold))
    pdf.set_creation_date(datetime.combine(meta.published_on, time(), tzinfo=UTC))
    pdf.set_title(meta.title)
    if meta.author:
        pdf.set_author(meta.author)
    pdf.set_subject(
        f"{words.version}: {meta.reference} {words.revision} {meta.revision}; "
        f"{words.decision} {meta.woo_decision}"
    )
    pdf.set_keywords(", ".join(k for k in (meta.reference, meta.country, "Woo") if k))
    pdf.set_creator(CREATOR)
    pdf.set_producer("Refuge")
    pdf.set_lang(meta.language)
    pdf.footer_text = (
        f"{words.version} {meta.reference} {words.revision} {meta.revision}, "
        f"{meta.published_on.isoformat()} - {words.page}"
    )
    pdf.add_page()
    pdf.set_font(FONT, "B", 16)
    pdf.multi_cell(0, 8, meta.title, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2)
    pdf.set_font(FONT, size=9)
    for line in (
        f"{words.version}. {words.reference}: {meta.reference}, {words.revision} {meta.revision}.",
        f"{words.decision}: {meta.woo_decision}. "
        f"{words.published_on}: {meta.published_on.isoformat()}.",
        words.redacted_note,
    ):
        pdf.multi_cell(0, 4.6, line, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(5)
    return pdf


def _passage(pdf: _Document, p: PublishedPassage, pages: dict[int, tuple[int, int]]) -> None:
    heading = p.kind == "heading"
    size = {1: 13.0, 2: 11.5}.get(p.level, 10.5) if heading else 10.5
    height = LINE + (1.5 if heading else 0)
    if pdf.will_page_break(height * (3 if heading else 1)):
        pdf.add_page()
    if heading:
        pdf.ln(2)
    top = pdf.get_y()
    pdf.set_font(FONT, size=6.5)
    pdf.set_text_color(110)
    pdf.set_xy(4, top + 0.6)
    pdf.cell(MARGIN - 5, 4, p.anchor)
    pdf.set_text_color(0)
    pdf.set_xy(MARGIN, top)
    pdf.set_font(FONT, "B" if heading else "", size)
    for segment in p.segments:
        if isinstance(segment, Box):
            _box(pdf, segment, height, pages)
        else:
            pdf.write(height, segment)
    pdf.ln(height)
    pdf.ln(2.5)


def _box(pdf: _Document, box: Box, height: float, pages: dict[int, tuple[int, int]]) -> None:
    style = pdf.font_style
    size = pdf.font_size_pt
    pdf.set_font(FONT, "B", 8.5)
    width = pdf.get_string_width(box.label) + 2.4
    if pdf.get_x() + width > pdf.w - pdf.r_margin:
        pdf.ln(height)
    pdf.set_fill_color(215)
    pdf.set_draw_color(0)
    pdf.cell(width, height - 0.6, box.label, border=1, fill=True, align="C")
    page = pdf.page_no()
    first, last = pages.get(box.number, (page, page))
    pages[box.number] = (min(first, page), max(last, page))
    pdf.set_font(FONT, style, size)


def _inventory(pdf: _Document, rows: list[InventoryRow], words: Labels) -> None:
    pdf.add_page()
    pdf.set_font(FONT, "B", 13)
    pdf.cell(0, 8, words.inventory, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2)
    pdf.set_font(FONT, size=8.5)
    if not rows:
        pdf.cell(0, 6, words.none)
        return
    heads = (
        words.number,
        words.ground,
        words.location,
        words.report_pages,
        words.published_pages,
        words.length,
    )
    with pdf.table(col_widths=(10, 18, 46, 24, 26, 24), text_align="LEFT", line_height=5) as table:
        table.row(heads)
        for r in rows:
            table.row(
                (
                    str(r.number),
                    r.ground,
                    r.location,
                    r.report_pages,
                    r.published_pages,
                    str(r.length),
                )
            )
