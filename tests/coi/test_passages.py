"""Passages tile the document's text, and their anchors are unique and follow from the text
alone, whatever the blocks are (Hypothesis)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from refuge.coi.blocks import Block, heading, paragraph
from refuge.coi.passages import document_text, split
from refuge.coi.readers import read_file

words = st.text(alphabet="abcdefghijklmnopqrstuvwxyzéë ", min_size=1, max_size=40).filter(
    lambda s: s.strip()
)
numbers = st.lists(st.integers(1, 12), min_size=1, max_size=3).map(
    lambda parts: ".".join(map(str, parts))
)
headings = st.one_of(
    st.builds(lambda n, w: heading(f"{n} {w.strip()}"), numbers, words),
    st.builds(lambda w: heading(w, level=1), words),
)
blocks = st.lists(st.one_of(headings, words.map(paragraph)), min_size=1, max_size=40)


@given(blocks)
def test_offsets_tile_the_text_and_anchors_are_unique(found: list[Block]) -> None:
    passages = split(found)
    text = document_text([p.text for p in passages])
    assert all(text[p.start : p.end] == p.text for p in passages)
    assert len({p.anchor for p in passages}) == len(passages)
    assert [p.ordinal for p in passages] == list(range(1, len(passages) + 1))
    assert split(found) == passages  # the same blocks, the same anchors


@given(st.lists(words, min_size=1, max_size=20), st.sampled_from([".txt", ".md"]))
def test_reading_the_same_bytes_again_gives_the_same_anchors(
    paragraphs: list[str], suffix: str
) -> None:
    data = "\n\n".join(paragraphs).encode()
    first = split(read_file(f"r{suffix}", data).blocks)
    again = split(read_file(f"r{suffix}", data).blocks)
    assert [(p.anchor, p.text, p.start) for p in first] == [
        (p.anchor, p.text, p.start) for p in again
    ]


def test_a_section_number_used_twice_gets_a_second_anchor() -> None:
    passages = split([heading("1 Inleiding"), paragraph("a"), heading("1 Bijlage"), paragraph("b")])
    assert [p.anchor for p in passages] == ["1", "1-p1", "1~2", "1~2-p1"]


def test_a_numbered_sentence_is_a_paragraph_not_a_heading() -> None:
    found = read_file("r.txt", b"1 In 2024 keerden weinig mensen terug.\n\n2 Geen kop").blocks
    assert [(b.kind, b.number) for b in found] == [("paragraph", None), ("heading", "2")]
