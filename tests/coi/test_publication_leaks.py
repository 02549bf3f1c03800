"""No redacted text appears in any published file: not in the HTML source (text, attributes,
comments), not in the PDF's text layer, metadata or raw bytes, not in the inventory — also
when a span crosses a page break of the report, crosses two passages, or crosses a page break
of the publication."""

from __future__ import annotations

import io
import itertools
import re
from dataclasses import replace

import pytest
from coi_helpers import pdf_bytes
from publication_helpers import META, leaks, passages_of, publish, span_of
from pypdf import PdfReader

from refuge.coi.passages import Passage, document_text, split
from refuge.coi.publication import unredacted_repetitions
from refuge.coi.publication_errors import InvalidRedaction, WithheldInMetadata
from refuge.coi.readers import read_file
from refuge.coi.spans import RedactionSpan

SOURCE = "Bron Yusuf Khalil-Mahmoud"
V_NUMBER = "V-nummer 2984716530"
REPORT = [
    ("heading", "1 Veiligheidssituatie"),
    ("paragraph", f"Volgens {SOURCE} is de situatie in Homs volatiel."),
    ("paragraph", f"De betrokkene met {V_NUMBER} keerde terug via Beiroet."),
    ("heading", "2 Terugkeer"),
    ("paragraph", "Een vertrouwelijke diplomatieke bron meldde Qardaha-noord als veilig."),
    ("paragraph", "Daarna volgde een rustige periode."),
]


def _report() -> list[Passage]:
    return passages_of(REPORT)


def test_nothing_withheld_appears_in_any_file_and_each_span_is_a_box() -> None:
    passages = _report()
    spans = [
        span_of(passages, SOURCE, "5.1.2e"),
        span_of(passages, V_NUMBER, "5.1.1e"),
        span_of(passages, "Qardaha-noord", "5.1.2a"),
    ]
    published = publish(passages, spans)
    assert leaks(published, [SOURCE, V_NUMBER, "Qardaha-noord"]) == []
    # and the search finds them where they are not withheld, in every kind of file
    unredacted = publish(passages, [])
    where = {leak.partition(" in ")[2] for leak in leaks(unredacted, [SOURCE])}
    assert {"HTML source", "PDF text layer", "the PDF text layer without line breaks"} <= where
    boxes = re.findall(r'<span class="redacted" data-ground="([^"]+)"', published.html)
    assert boxes == ["5.1.2e", "5.1.1e", "5.1.2a"]
    for label in ("[5.1.2e]", "[5.1.1e]", "[5.1.2a]"):
        assert label in published.pdf_text
    assert "Volgens [5.1.2e] is de situatie in Homs volatiel." in published.publication.text()
    assert "Homs" in published.pdf_text and "Beiroet" in published.html  # the rest stays


def test_a_span_over_a_page_break_of_the_report_is_withheld_whole() -> None:
    # a paragraph of a real PDF that runs from page 1 onto page 2
    long = " ".join(f"Bron{n:03d} meldde" for n in range(1, 400)) + " en verder."
    data = pdf_bytes(
        [
            [
                ("heading", "1 Veiligheidssituatie"),
                ("paragraph", "Inleiding."),
                ("paragraph", long),
            ],
            [("paragraph", "Slot van het rapport.")],
        ]
    )
    passages = split(read_file("ambtsbericht.pdf", data).blocks)
    crossing = next(p for p in passages if p.page == 1 and p.page_end == 2)
    source = PdfReader(io.BytesIO(data))
    last_on_1 = re.findall(r"Bron\d{3}", source.pages[0].extract_text())[-1]
    first_on_2 = re.findall(r"Bron\d{3}", source.pages[1].extract_text())[0]
    n1, n2 = int(last_on_1[4:]), int(first_on_2[4:])
    assert n2 == n1 + 1
    withheld = " meldde ".join(f"Bron{n:03d}" for n in range(n1 - 2, n2 + 3))
    span = span_of(passages, withheld, "5.1.2e")
    assert crossing.start <= span.start < span.end <= crossing.end
    published = publish(passages, [span])
    assert leaks(published, [withheld]) == []
    (row,) = published.rows
    assert (row.location, row.report_pages, row.length) == (crossing.anchor, "1-2", len(withheld))
    assert (
        f"Bron{n1 - 3:03d} meldde [5.1.2e] meldde Bron{n2 + 3:03d}" in published.publication.text()
    )


def test_a_span_over_two_passages_is_a_box_in_each_and_one_inventory_row() -> None:
    passages = _report()
    text = document_text([p.text for p in passages])
    in_2_p1 = text.index("Qardaha-noord")
    in_2_p2 = text.index("Daarna volgde") + len("Daarna volgde")
    across = RedactionSpan(in_2_p1, in_2_p2, "5.1.2i")
    first = span_of(passages, "terug via Beiroet", "5.1.2a")
    withheld = [text[s.start : s.end] for s in (first, across)]
    published = publish(passages, [first, across])
    assert leaks(published, withheld) == []
    assert [r.location for r in published.rows] == ["1-p2", "2-p1 to 2-p2"]
    assert [r.length for r in published.rows] == [len(w) for w in withheld]
    assert published.html.count('data-redaction="2"') == 2  # one box in each passage
    shown = published.publication.text()
    assert "diplomatieke bron meldde [5.1.2i]\n\n[5.1.2i] een rustige periode." in shown


def test_a_span_over_a_section_number_is_refused() -> None:
    passages = _report()
    text = document_text([p.text for p in passages])
    start = text.index("via Beiroet")
    end = text.index("2 Terugkeer") + len("2 Terugkeer")
    with pytest.raises(InvalidRedaction, match="section number of heading 2"):
        publish(passages, [RedactionSpan(start, end, "5.1.2a")])
    # the heading's words alone may be withheld
    words = span_of(passages, "Terugkeer")
    assert "[5.1.2e]" in publish(passages, [words]).html


def test_a_span_over_a_page_break_of_the_publication_leaks_nothing() -> None:
    # forty paragraphs; a span over every break between two of them, so some pair of boxes
    # stands on either side of a page break of the published PDF
    texts = [
        (
            "paragraph",
            f"Alinea {n} begint hier. " + "Tekst die blijft staan. " * 12 + f"Geheim{n:02d}a",
        )
        for n in range(40)
    ]
    passages = passages_of(texts)
    spans, withheld = [], []
    full = document_text([p.text for p in passages])
    for before, after in itertools.pairwise(passages):
        start = before.end - len("Geheim00a")
        end = after.start + len("Alinea 1")
        spans.append(RedactionSpan(start, end, "5.1.2e"))
        withheld.append(full[start:end].strip())
    published = publish(passages, spans)
    assert leaks(published, [w.split()[0] for w in withheld]) == []
    assert any("-" in r.published_pages for r in published.rows), "no box pair over a page"
    assert len(published.pdf_pages) > 3


def test_a_withheld_word_in_the_title_is_refused() -> None:
    passages = _report()
    meta = replace(META, title="Ambtsbericht over Khalil-Mahmoud")
    with pytest.raises(WithheldInMetadata, match="title: it contains text withheld by redaction"):
        publish(passages, [span_of(passages, SOURCE)], meta)
    # "bron" is withheld in one place but published in another: it may stand in the title
    title = "Ambtsbericht over een bron in Homs"
    published = publish(passages, [span_of(passages, SOURCE)], replace(META, title=title))
    assert published.publication.meta.title == title
    with pytest.raises(WithheldInMetadata, match="Woo decision"):
        publish(passages, [span_of(passages, V_NUMBER)], replace(META, woo_decision=V_NUMBER))


def test_the_pdf_metadata_says_only_what_was_set() -> None:
    passages = _report()
    published = publish(passages, [span_of(passages, SOURCE)])
    metadata = PdfReader(io.BytesIO(published.pdf)).metadata
    assert metadata is not None
    assert metadata.title == META.title
    assert metadata.author is None  # no official's name
    assert metadata.creator == "Refuge (refuge coi publish)" and metadata.producer == "Refuge"
    assert "Woo-besluit 2025-0412" in (metadata.subject or "")
    assert metadata.creation_date is not None
    assert metadata.creation_date.date() == META.published_on


def test_a_withheld_string_repeated_unredacted_is_found_before_publishing() -> None:
    # the scan proposes the repetition, and publishing is refused while it stands
    # (test_publishing.py, through the redaction workflow); here the check itself
    passages = passages_of([*REPORT, ("paragraph", f"Later sprak {SOURCE} opnieuw.")])
    first = span_of(passages, SOURCE)
    assert unredacted_repetitions(passages, [first]) == ["2-p3"]
    second = span_of(passages, SOURCE, nth=2)
    assert unredacted_repetitions(passages, [first, second]) == []
    assert leaks(publish(passages, [first, second]), [SOURCE]) == []
    # what it guards against: published with the repetition left, the name is there
    assert leaks(publish(passages, [first]), [SOURCE])
    # a repetition a person dismissed (it is not the withheld thing there) is left alone
    dismissed = frozenset({(second.start, second.end)})
    assert unredacted_repetitions(passages, [first], dismissed) == []
