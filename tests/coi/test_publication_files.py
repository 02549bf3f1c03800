"""The publication's files as a reader gets them: a self-contained HTML page in the document's
language, a PDF in DejaVu Sans or the font named by REFUGE_PDF_FONT, and a clear refusal when
no Unicode font is there (nothing is downloaded)."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from publication_helpers import META, passages_of, publish, span_of

from refuge.coi.publication_fonts import NoFont, find_fonts

REPORT = [
    ("heading", "1 Security"),
    ("paragraph", "According to Ms Rana Farouk the situation in Homs is volatile."),
]


def test_the_html_is_self_contained_in_the_documents_language() -> None:
    passages = passages_of(REPORT)
    published = publish(passages, [span_of(passages, "Rana Farouk")], replace(META, language="en"))
    html = published.html
    assert html.startswith('<!DOCTYPE html>\n<html lang="en">')
    assert not re.search(r"<script|<link|<img|<iframe|@import|url\(|src=", html)
    assert "http" not in html
    assert 'id="passage-1-p1"' in html and "Inventory of redactions" in html
    assert "According to Ms [5.1.2e] the situation in Homs is volatile." in (
        published.publication.text()
    )


def test_without_a_unicode_font_publishing_is_refused_naming_the_package(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("REFUGE_PDF_FONT", str(tmp_path / "missing.ttf"))
    with pytest.raises(NoFont, match="fonts-dejavu-core"):
        publish(passages_of(REPORT), [])


def test_a_font_named_by_refuge_pdf_font_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    dejavu = find_fonts()
    plain = publish(passages_of(REPORT), []).pdf
    monkeypatch.setenv("REFUGE_PDF_FONT", str(dejavu.bold))
    assert find_fonts().regular == dejavu.bold
    bold = publish(passages_of(REPORT), [])
    assert bold.pdf != plain and "According to Ms Rana Farouk" in bold.pdf_text
