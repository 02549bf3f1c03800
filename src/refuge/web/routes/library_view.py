"""What the library pages show for the platform's codes (kinds, statuses, recognisers, rule
kinds), as gettext messages, and texts cut into pieces the templates mark up: a snippet's
matched words, and a passage's redactions (the pieces are autoescaped, never raw HTML)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from refuge.web.labels import N_

KIND_LABELS = {
    "general": N_("general country report"),
    "thematic": N_("thematic country report"),
    "work_instruction": N_("work instruction"),
    "policy_letter": N_("policy letter"),
    "other": N_("other document"),
}
STATUS_LABELS = {"internal": N_("internal"), "published": N_("published")}
LANGUAGE_LABELS = {"nl": N_("Dutch"), "en": N_("English")}
REDACTION_STATES = {
    "marked": N_("awaiting approval"),
    "approved": N_("approved: withheld"),
    "rejected": N_("rejected"),
}
FOUND_AS = {
    "titled_name": N_("a name after a form of address"),
    "redacted_elsewhere": N_("a name withheld in another document"),
    "repetition": N_("the same text as a redaction elsewhere in this document"),
    "earlier_revision": N_("withheld in the previous revision"),
    "v_number": N_("a V-number"),
    "bsn": N_("a BSN"),
    "phone": N_("a telephone number"),
    "email": N_("an email address"),
    "iban": N_("a bank account number (IBAN)"),
    "date_of_birth": N_("a date of birth"),
}
DEPENDENT_KINDS = {
    "rule": N_("rule"),
    "outcome_row": N_("outcome row"),
    "parameter": N_("parameter value"),
}
CITATION_STATES = {
    "ok": N_("cites the newest revision"),
    "superseded": N_("a newer revision exists: review"),
    "no-document": N_("dangling: no such document"),
    "no-revision": N_("dangling: no such revision"),
    "no-anchor": N_("dangling: no such passage"),
}


def today() -> date:
    return datetime.now(UTC).date()


@dataclass(frozen=True, slots=True)
class Piece:
    """A stretch of text; `mark` is what marks it (a highlight, a redaction), or None."""

    text: str
    mark: Any = None


def highlighted(snippet: str, highlights: list[Any]) -> list[Piece]:
    """The snippet in pieces, the matched words marked True."""
    spans = sorted((h.start, h.end) for h in highlights)
    return cut(snippet, [(s, e, True) for s, e in spans])


def cut(text: str, spans: list[tuple[int, int, Any]]) -> list[Piece]:
    """`text` in pieces: each span (start, end, mark; sorted, not overlapping, offsets in
    `text`) a marked piece, the text between unmarked."""
    pieces: list[Piece] = []
    at = 0
    for start, end, mark in spans:
        start, end = max(start, at), min(end, len(text))
        if end <= start:
            continue
        if start > at:
            pieces.append(Piece(text[at:start]))
        pieces.append(Piece(text[start:end], mark))
        at = end
    if at < len(text):
        pieces.append(Piece(text[at:]))
    return pieces


def passage_pieces(text: str, start: int, redactions: list[Any]) -> list[Piece]:
    """A passage (starting at `start` in the document's text) in pieces, each part of a
    marked or approved redaction marked with that redaction (a span may cross passages)."""
    end = start + len(text)
    spans = [
        (max(r.start, start) - start, min(r.end, end) - start, r)
        for r in redactions
        if r.start < end and start < r.end
    ]
    return cut(text, spans)


def heading_level(section: str | None) -> int:
    """A heading of the document under the page's own: h3 for a chapter (or an unnumbered
    heading), h4 for 2.3, h5 for 2.3.1 and deeper."""
    depth = section.count(".") + 1 if section else 1
    return min(depth + 2, 5)
