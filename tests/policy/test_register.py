"""The Algorithm Register publication of a pack (`refuge.policy.register`): every rule with its
sources, every assumption with its note, within the standard's lengths, self-contained HTML."""

from __future__ import annotations

from functools import cache
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from refuge.casework.schemas import SPECIAL_FACTS
from refuge.policy.country import load_country_pack
from refuge.policy.facts import FACTS
from refuge.policy.pack import PolicyPack
from refuge.policy.register import Registration, registration, render_html
from refuge.policy.register.model import TO_COMPLETE
from refuge.policy.register.summary import SPECIAL_FACTS as REGISTER_SPECIAL_FACTS
from refuge.policy.register.texts import FACT_DOCS_NL
from refuge.policy.translations import load_translations

LANGS = ("nl", "en")
# the publication standard 1.0's limits on the register's free-text fields (characters)
LIMITS = {
    "name": 100,
    "description_short": 350,
    "goal": 2500,
    "proportionality": 2500,
    "human_intervention": 2500,
    "risks": 2500,
    "lawful_basis": 2500,
    "impacttoetsen_explanation": 2500,
    "source_data": 2500,
    "methods_and_models": 5000,
}


@cache
def pack() -> PolicyPack:
    return load_country_pack("SY")


@cache
def published(lang: str) -> tuple[Registration, str]:
    reg = registration(pack(), load_translations(pack(), lang), scenarios=98)
    return reg, render_html(reg)


class Page(HTMLParser):
    """The parts of an HTML page a test looks at: elements by id, their text and links."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: dict[str, list[str]] = {}  # id of an open article or li -> its text
        self.links: dict[str, list[str]] = {}  # the same -> its hrefs
        self._open: list[tuple[str, str | None]] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.tags.append((tag, found))
        if tag in {"meta", "br", "img", "link", "input"}:
            return
        self._open.append((tag, found.get("id")))
        for _, ident in self._open:
            if ident and tag == "a" and found.get("href"):
                self.links.setdefault(ident, []).append(found["href"] or "")

    def handle_endtag(self, tag: str) -> None:
        while self._open:
            if self._open.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        for _, ident in self._open:
            if ident:
                self.text.setdefault(ident, []).append(data)

    def text_of(self, ident: str) -> str:
        return " ".join("".join(self.text.get(ident, [])).split())


@pytest.mark.parametrize("lang", LANGS)
def test_every_rule_appears_with_every_source_it_cites(lang: str) -> None:
    _, html = published(lang)
    page = Page(html)
    for rid, rule in pack().rules.items():
        cited = {*rule.cite, *(c for row in rule.rows for c in row.cite)}
        for name in (*rule.basis, *(n for row in rule.rows for n in row.basis)):
            cited |= {c for v in pack().parameters[name].values for c in v.cite}
        links = set(page.links.get(f"rule-{rid}", []))
        assert f"rule-{rid}" in page.text, f"rule {rid} missing"
        assert {f"#{c}" for c in cited} <= links, f"rule {rid} lacks a source"
        for c in cited:  # and each source it links to is on the page, with its locator
            source = pack().sources[c]
            assert c in page.text, c
            if source.locator and source.kind != "assumption":
                assert " ".join(source.locator.split()) in page.text_of(f"rule-{rid}")


@pytest.mark.parametrize("lang", LANGS)
def test_every_assumption_appears_with_its_note_in_the_language_of_the_page(lang: str) -> None:
    reg, html = published(lang)
    page = Page(html)
    catalogue = load_translations(pack(), lang)
    assumptions = [s for s in pack().sources.values() if s.kind == "assumption"]
    assert [a.id for a in reg.assumptions] == [a.id for a in assumptions]
    for a, entry in zip(assumptions, reg.assumptions, strict=True):
        note = catalogue(a.note or "")
        assert entry.note == note
        assert " ".join(note.split()) in page.text_of(a.id)
    if lang == "nl":  # the Dutch page shows the Dutch note, not the pack's English one
        first = assumptions[0]
        assert (first.note or "") not in page.text_of(first.id)


def test_the_dutch_page_is_dutch_and_marks_what_stays_english() -> None:
    reg, html = published("nl")
    page = Page(html)
    assert page.tags[0] == ("html", {"lang": "nl"})
    assert reg.register_fields.lang == "nld"
    assert reg.register_fields.name.startswith("Beslisondersteuning")
    english = [r for r in reg.rules if r.description_lang == "en"]
    assert english, "the SY pack has rule descriptions without a Dutch text"
    assert f'<span lang="en">{english[0].description}</span>' in html
    _, english_html = published("en")
    assert Page(english_html).tags[0] == ("html", {"lang": "en"})


@pytest.mark.parametrize("lang", LANGS)
def test_no_asset_is_loaded_from_elsewhere(lang: str) -> None:
    _, html = published(lang)
    page = Page(html)
    for tag, attrs in page.tags:
        assert tag not in {"script", "link", "img", "iframe", "object", "embed", "source"}
        if tag != "a":
            assert "src" not in attrs and "href" not in attrs, (tag, attrs)
    assert "url(" not in html and "@import" not in html
    # links to the sources are fine, and there are some
    assert any(h.startswith("https://") for hs in page.links.values() for h in hs)


@pytest.mark.parametrize("lang", LANGS)
def test_the_register_fields_keep_to_the_standards_lengths(lang: str) -> None:
    reg, _ = published(lang)
    fields = reg.register_fields
    for name, limit in LIMITS.items():
        assert len(getattr(fields, name)) < limit, name
    for link in fields.lawful_basis_grouping:
        assert len(link.title) < 100 and link.link.startswith("https://")
    assert fields.publication_category == "Hoog-risico AI-systeem"
    assert fields.standard_version == "1.0"


@pytest.mark.parametrize("lang", LANGS)
def test_what_the_pack_cannot_say_is_left_to_the_organisation_not_invented(lang: str) -> None:
    reg, html = published(lang)
    values = reg.register_fields.model_dump()
    assert {t.field for t in reg.to_complete} == {k for k, v in values.items() if v is None}
    assert {"organization", "contact_email", "impacttoetsen", "process_index_url"} <= {
        t.field for t in reg.to_complete
    }
    assert html.count(TO_COMPLETE[lang]) >= len(reg.to_complete)


@pytest.mark.parametrize("lang", LANGS)
def test_the_ai_act_points_of_a_high_risk_system_are_covered(lang: str) -> None:
    reg, _ = published(lang)
    articles = [a.article for a in reg.ai_act]
    for article in ("art. 12", "art. 13", "art. 14", "art. 15"):
        assert article in articles
    assert any("7" in a and ("III" in a) for a in articles)
    oversight = next(a for a in reg.ai_act if a.article == "art. 14")
    assert "22" in oversight.does_not  # no automated decision (GDPR art. 22)
    assert ("profilering" if lang == "nl" else "profiling") in oversight.does_not.lower()
    for point in reg.ai_act:
        assert point.evidence and all(e.startswith("docs/") for e in point.evidence)


def test_every_document_the_publication_points_to_exists() -> None:
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    reg, _ = published("en")
    for point in reg.ai_act:
        for doc in point.evidence:
            assert (root / doc).exists(), doc


def test_the_same_pack_gives_the_same_bytes() -> None:
    for lang in LANGS:
        again = registration(pack(), load_translations(pack(), lang), scenarios=98)
        reg, html = published(lang)
        assert render_html(again) == html
        assert again.model_dump_json() == reg.model_dump_json()


def test_every_fact_a_rule_reads_has_a_dutch_description_and_special_data_is_named() -> None:
    assert set(FACTS) <= set(FACT_DOCS_NL)
    assert set(REGISTER_SPECIAL_FACTS) == set(SPECIAL_FACTS)
    reg, _ = published("nl")
    for fact in ("grounds", "risk_profiles"):
        assert fact in reg.register_fields.source_data


@settings(max_examples=60, deadline=None)
@given(title=st.text(min_size=1, max_size=80), note=st.text(min_size=1, max_size=80))
def test_text_from_the_pack_is_shown_as_text_never_as_markup(title: str, note: str) -> None:
    reg, _ = published("en")
    source = reg.sources[0].model_copy(update={"title": title})
    assumption = reg.assumptions[0].model_copy(update={"note": note})
    changed = reg.model_copy(
        update={
            "sources": [source, *reg.sources[1:]],
            "assumptions": [assumption, *reg.assumptions[1:]],
        }
    )
    page = Page(render_html(changed))
    assert " ".join(title.split()) in page.text_of(source.id)
    assert " ".join(note.split()) in page.text_of(assumption.id)
    assert all(tag != "script" for tag, _ in page.tags)
