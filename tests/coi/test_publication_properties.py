"""Property: for any text and any non-overlapping spans, no withheld piece of 4 or more
characters that the remainder does not show anyway appears in the HTML, the PDF's text layer
or metadata, or the inventory. The text is Greek, which no fixed word of a publication
contains, so any Greek in a file came from the document."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from publication_helpers import passages_of, publish

from refuge.coi.passages import document_text
from refuge.coi.spans import RedactionSpan

GREEK = "αβγδεζηθικλμνξοπρστυφχψω"
WORDS = st.text(alphabet=GREEK, min_size=1, max_size=9)
PARAGRAPHS = st.lists(
    st.lists(WORDS, min_size=1, max_size=40).map(" ".join), min_size=1, max_size=8
)


@st.composite
def documents(draw: st.DrawFn) -> tuple[list[str], list[RedactionSpan]]:
    texts = draw(PARAGRAPHS)
    length = len(document_text(texts))
    cuts = sorted(draw(st.sets(st.integers(0, length), min_size=2, max_size=12)))
    pairs = list(zip(cuts[::2], cuts[1::2], strict=False))
    grounds = st.sampled_from(["5.1.2e", "5.1.1e", "5.1.2a", "5.2"])
    spans = [RedactionSpan(a, b, draw(grounds)) for a, b in pairs if b > a]
    return texts, spans


def _squeeze(text: str) -> str:
    return "".join(text.split())


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_no_withheld_piece_reaches_any_file(
    document: tuple[list[str], list[RedactionSpan]],
) -> None:
    texts, spans = document
    passages = passages_of([("paragraph", t) for t in texts])
    full = document_text(texts)
    # a span over nothing but the blank line between two paragraphs withholds nothing
    spans = [s for s in spans if _squeeze(full[s.start : s.end])]
    published = publish(passages, spans)
    remainder, cursor = [], 0
    for s in spans:
        remainder.append(full[cursor : s.start])
        cursor = s.end
    remainder.append(full[cursor:])
    shown = "\0".join(_squeeze(part) for part in remainder)
    files = {where: _squeeze(text) for where, text in published.files().items()}
    for passage in published.publication.passages:  # what stays is there: the search sees it
        for part in (_squeeze(s) for s in passage.segments if isinstance(s, str)):
            assert part[:8] in files["PDF text layer"] and part[:8] in files["HTML source"]
    for s in spans:
        withheld = _squeeze(full[s.start : s.end])
        for i in range(len(withheld) - 3):
            piece = withheld[i : i + 4]
            if piece in shown:
                continue
            for where, text in files.items():
                assert piece not in text, f"{piece!r} of span {s.start}-{s.end} in {where}"
