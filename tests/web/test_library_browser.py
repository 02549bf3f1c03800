"""The publisher's job end to end in a real browser (Debian's Chromium), in Dutch and English:
search the library, open a report, select a text in it with the mouse's selection and withhold
it on a Woo ground; a second publisher approves it (four eyes); publish under a Woo decision
and download the PDF. No console error and no serious axe violation on any page."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser import chromium, db_url, signed_in, text_of
from sqlalchemy import select
from sqlalchemy.orm import sessionmaker

from live_server import live_server
from refuge.casework.demo.accounts import DemoAccount
from refuge.coi.demo import load_demo_documents
from refuge.coi.models import CoiDocument
from refuge.store.engine import engine_for, session_factory
from refuge.web.served import create_site

__all__ = ["chromium", "db_url"]

# per language: the word searched, the report it finds, the passage and the text withheld
JOB = {
    "nl": ("dienstplicht", "SYNTHETISCH — Algemeen ambtsbericht", "2.2-p1", "controleposten"),
    "en": ("returnees", "SYNTHETIC — Thematic report", "p1", "Ministry of Foreign Affairs"),
}
WORDS = {
    "nl": {
        "found": "Passages met de woorden van",
        "marked": "De tekst is gemarkeerd om te lakken",
        "pending": "nog op een besluit wachten: 1",
        "approved": "De lakking is goedgekeurd",
        "published": "Het document is gepubliceerd onder Woo-besluit",
    },
    "en": {
        "found": "Passages with the words of",
        "marked": "The text is marked for redaction",
        "pending": "still awaiting a decision: 1",
        "approved": "The redaction is approved",
        "published": "The document is published under Woo decision",
    },
}
SELECT = """([anchor, words]) => {
  const passage = document.querySelector(`.passage-text[data-anchor="${anchor}"]`);
  const node = passage.firstChild;
  const at = node.textContent.indexOf(words);
  const range = document.createRange();
  range.setStart(node, at);
  range.setEnd(node, at + words.length);
  const selection = document.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
}"""


# a selection over a passage and the next, anchors and all: the editor gets the two texts
# joined as in the document's text, and their offsets there
ACROSS = """(anchor) => {
  const passage = document.querySelector(`.passage-text[data-anchor="${anchor}"]`);
  const next = passage.closest(".passage").nextElementSibling.querySelector(".passage-text");
  const range = document.createRange();
  range.setStart(passage.firstChild, 0);
  range.setEnd(next.firstChild, next.firstChild.length);
  document.getSelection().removeAllRanges();
  document.getSelection().addRange(range);
  return [passage.textContent + "\\n\\n" + next.textContent, passage.dataset.start,
          next.dataset.end];
}"""
EDITOR = (
    "['redaction-text', 'redaction-start', 'redaction-end']"
    ".map(i => document.getElementById(i).value)"
)


@pytest.fixture
def base_url(db_url: str, accounts: dict[str, DemoAccount]) -> Iterator[str]:
    load_demo_documents(session_factory(db_url))
    with live_server(create_site(db_url, secure_cookies=False)) as url:  # plain HTTP
        yield url


def _status(db_url: str, title_start: str) -> str:
    with sessionmaker(engine_for(db_url))() as session:
        documents = session.scalars(select(CoiDocument)).all()
        return next(d.status for d in documents if str(d.title).startswith(title_start))


@pytest.mark.parametrize("language", ["nl", "en"])
def test_publisher_withholds_a_selected_text_and_publishes_after_a_second_publisher_approves(
    chromium: Any, base_url: str, db_url: str, accounts: dict[str, DemoAccount], language: str
) -> None:
    word, title, anchor, withheld = JOB[language]
    words = WORDS[language]
    tab = signed_in(chromium, base_url, accounts["publisher"], language)
    page = tab.page
    assert page.url.endswith("/library"), page.url
    tab.check(f"{language}-publisher-library")
    page.fill("#q", word)
    page.click("form[role=search] button.primary")
    page.wait_for_selector("#hits")
    assert words["found"] in text_of(page, "#hits")
    assert word in text_of(page, "#hits mark").lower()
    tab.check(f"{language}-publisher-search")
    page.click(f"#hits .hit-title a:has-text('{title}')")
    page.wait_for_selector("#document-text")
    tab.check(f"{language}-publisher-document")
    expected = page.evaluate(ACROSS, anchor)
    page.wait_for_function("document.getElementById('redaction-start').value !== ''")
    assert page.evaluate(EDITOR) == expected
    # select the text in the passage, as a mouse would; the editor takes it over
    page.evaluate(SELECT, [anchor, withheld])
    page.wait_for_function(
        "w => document.getElementById('redaction-text').value === w", arg=withheld
    )
    assert page.input_value("#redaction-anchor") == anchor
    page.select_option("#redaction-ground", "5.1.2e")
    page.fill("#redaction-note", "synthetic test: a text to withhold")
    page.click("#redaction-form button[type=submit]")
    page.wait_for_selector("#saved")
    assert words["marked"] in text_of(page, "#saved")
    assert withheld in text_of(page, f".passage-text[data-anchor='{anchor}'] mark.marked")
    tab.check(f"{language}-publisher-marked")
    document = page.url.split("?")[0]
    # publishing now is refused: the mark awaits a second publisher
    page.fill("#woo_decision", "Woo-besluit 2026-0001 (synthetic)")
    page.click("#publication button.primary")
    page.wait_for_selector("#publication-error")
    assert words["pending"] in text_of(page, "#publication-error")
    tab.check(f"{language}-publisher-refused")

    second = signed_in(chromium, base_url, accounts["publisher-2"], language)
    other = second.page
    other.goto("/library/approvals")
    assert withheld in text_of(other, "ol.awaiting mark")
    second.check(f"{language}-publisher-2-approvals")
    other.click("form[action$='/approval'] button")
    other.wait_for_selector("#saved")
    assert words["approved"] in text_of(other, "#saved")
    second.check(f"{language}-publisher-2-approved")
    second.close()

    page.goto(document)
    assert withheld in text_of(page, f".passage-text[data-anchor='{anchor}'] mark.approved")
    page.fill("#woo_decision", "Woo-besluit 2026-0001 (synthetic)")
    page.click("#publication button.primary")
    page.wait_for_selector("#saved")
    assert words["published"] in text_of(page, "#saved")
    tab.check(f"{language}-publisher-published")
    with page.expect_download() as pdf:
        page.click("#publications a[href$='.pdf']")
    assert Path(pdf.value.path()).read_bytes().startswith(b"%PDF")
    with page.expect_download() as html:
        page.click("#publications a[href$='.html']")
    published = Path(html.value.path()).read_text(encoding="utf-8")
    assert withheld not in published and "[5.1.2e]" in published
    assert _status(db_url, title) == "published"
    tab.close()
