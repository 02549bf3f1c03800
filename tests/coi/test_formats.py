"""Each supported format becomes a document whose passages carry the report's own numbering:
Markdown, plain text, Word and a PDF with a text layer, on SQLite and PostgreSQL."""

from __future__ import annotations

from coi_helpers import ANCHORS, REPORT, REPORT_MD, People, docx_bytes, pdf_bytes
from sqlalchemy.orm import Session

from refuge.coi import service
from refuge.coi.passages import document_text
from refuge.coi.schemas import DocumentMeta, PassageOut

GENERAL = DocumentMeta(kind="general", country="SY")


def _add(session: Session, people: People, name: str, data: bytes) -> list[PassageOut]:
    added = service.add_document(session, people.publisher, name, data, GENERAL)
    session.commit()
    assert added.created
    return service.list_passages(session, people.analyst, added.document.id)


def _offsets_tile_the_text(passages: list[PassageOut]) -> None:
    text = document_text([p.text for p in passages])
    assert all(text[p.start : p.end] == p.text for p in passages)


def test_markdown_headings_number_the_sections(session: Session, people: People) -> None:
    passages = _add(session, people, "ambtsbericht.md", REPORT_MD.encode())
    assert [p.anchor for p in passages] == ["h1", "p1", *ANCHORS]
    kustgebied = passages[6]
    assert kustgebied.text == "Er was sektarisch geweld tegen Alawieten."  # markup gone
    assert kustgebied.heading_path == [
        "Algemeen ambtsbericht Syrië",
        "1 Veiligheidssituatie",
        "1.1 Kustgebied",
    ]
    _offsets_tile_the_text(passages)


def test_plain_text_with_numbered_headings(session: Session, people: People) -> None:
    text = "\n\n".join(t for _, t in REPORT)
    passages = _add(session, people, "bericht.txt", text.encode())
    assert [p.anchor for p in passages] == ANCHORS
    _offsets_tile_the_text(passages)


def test_plain_text_without_headings_numbers_paragraphs(session: Session, people: People) -> None:
    text = "Eerste alinea.\n\nTweede alinea,\nover twee regels.\n\nDerde."
    passages = _add(session, people, "notitie.txt", text.encode())
    assert [(p.anchor, p.text) for p in passages] == [
        ("p1", "Eerste alinea."),
        ("p2", "Tweede alinea, over twee regels."),
        ("p3", "Derde."),
    ]


def test_word_document_headings(session: Session, people: People) -> None:
    passages = _add(session, people, "bericht.docx", docx_bytes())
    assert [p.anchor for p in passages] == ANCHORS
    assert [p.text for p in passages] == [t for _, t in REPORT]


def test_pdf_with_text_layer_keeps_pages(session: Session, people: People) -> None:
    data = pdf_bytes([REPORT[:3], REPORT[3:]])
    added = service.add_document(session, people.publisher, "bericht.pdf", data, GENERAL)
    session.commit()
    assert added.document.page_count == 2
    assert added.document.media_type == "application/pdf"
    passages = service.list_passages(session, people.analyst, added.document.id)
    assert [p.anchor for p in passages] == ANCHORS
    assert [p.page for p in passages] == [1, 1, 1, 2, 2, 2, 2]
    assert passages[4].text == "Er was sektarisch geweld tegen Alawieten."
    _offsets_tile_the_text(passages)


def test_a_pdf_paragraph_across_a_page_break_is_one_passage(
    session: Session, people: People
) -> None:
    first = [("heading", "1 Terugkeer"), ("paragraph", "Sinds de val van het regime keerden")]
    second = [("paragraph", "ongeveer 700 Syriërs met ondersteuning terug.")]
    passages = _add(session, people, "breuk.pdf", pdf_bytes([first, second]))
    assert [(p.anchor, p.page, p.page_end) for p in passages] == [("1", 1, 1), ("1-p1", 1, 2)]
    assert passages[1].text == (
        "Sinds de val van het regime keerden ongeveer 700 Syriërs met ondersteuning terug."
    )


def test_word_numbering_of_its_own_gives_the_section_numbers(
    session: Session, people: People
) -> None:
    """Headings that Word numbers itself (no number typed) get the number Word shows."""
    from docx import Document
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = Document()
    for level, text in ((1, "Veiligheid"), (2, "Damascus"), (2, "Idlib"), (1, "Terugkeer")):
        p = document.add_heading(text, level=level)
        num = OxmlElement("w:numPr")
        for tag, val in (("w:ilvl", str(level - 1)), ("w:numId", "1")):
            el = OxmlElement(tag)
            el.set(qn("w:val"), val)
            num.append(el)
        p._p.get_or_add_pPr().append(num)
        document.add_paragraph(f"Over {text.lower()}.")
    import io

    out = io.BytesIO()
    document.save(out)
    passages = _add(session, people, "auto.docx", out.getvalue())
    assert [p.anchor for p in passages] == [
        "1",
        "1-p1",
        "1.1",
        "1.1-p1",
        "1.2",
        "1.2-p1",
        "2",
        "2-p1",
    ]
    assert passages[2].text == "1.1 Damascus"
