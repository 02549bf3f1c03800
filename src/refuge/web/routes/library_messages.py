"""What the library pages say when the platform refuses a search, a redaction or a
publication, in the viewer's language. The platform's errors carry a stable `code` (and, for a
span, the field); the pages show the translated text for the refusals a user meets, and the
platform's own message with its code for the rest (as `refuge.web.messages` does)."""

from __future__ import annotations

from starlette.requests import Request

from refuge.casework.errors import CaseworkError
from refuge.web.labels import N_
from refuge.web.messages import refusal
from refuge.web.templating import gettext

BY_CODE = {
    "overlapping-redaction": N_(
        "This text overlaps a text that is marked or withheld already. Have that one rejected "
        "first, or mark only the text outside it. Nothing was marked."
    ),
    "four-eyes-required": N_(
        "You marked this text yourself: another publisher approves or rejects it (four eyes)."
    ),
    "redaction-already-decided": N_(
        "This redaction has been approved or rejected already. Nothing was changed."
    ),
    "proposal-already-decided": N_(
        "This proposal has been accepted or dismissed already. Nothing was changed."
    ),
    "unknown-woo-ground": N_("Choose a Woo ground from the list. Nothing was marked."),
    "redactions-pending": N_(
        "Redactions or proposals still awaiting a decision: %(pending)s. A second publisher "
        "approves or rejects every marked text, and every proposal of the scan is accepted or "
        "dismissed; then publish. Nothing was published."
    ),
    "withheld-text-repeated": N_(
        "A text withheld in this document still stands unredacted at %(places)s. Withhold it "
        "there too, or dismiss the scan's proposal; then publish. Nothing was published."
    ),
    "woo-decision-required": N_(
        "Give the reference of the Woo decision that makes this document public. Nothing was "
        "published."
    ),
    "withheld-text-in-metadata": N_(
        "The published title or author contains a withheld text: give one without it. Nothing "
        "was published."
    ),
    "invalid-document-metadata": N_(
        "The Woo decision may have at most 200 characters, the title and the author at most "
        "500, and none may be empty. Nothing was published."
    ),
    "no-unicode-font": N_(
        "The server has no font to write the PDF with, so nothing was published. Ask the "
        "administrator to install the fonts-dejavu-core package."
    ),
}
SPAN_BY_FIELD = {
    "anchor": N_("The document has no passage %(anchor)s. Nothing was marked."),
    "start": N_("Select the text again: the selection is not in the document. Nothing was marked."),
    "end": N_("Select the text again: the selection is not in the document. Nothing was marked."),
    "reason": N_("Say why the text is not withheld."),
}
NOT_IN_PASSAGE = N_(
    "This text is not in passage %(anchor)s. Type it exactly as it stands there, or select it "
    "in the document. Nothing was marked."
)
MORE_THAN_ONCE = N_(
    "This text occurs more than once in passage %(anchor)s. Select it in the document, or type "
    "more of the words around it. Nothing was marked."
)
SEARCH_REASONS = (
    ("not closed", N_('A quotation mark is not closed: put a phrase between two " marks.')),
    ("has no words", N_("Type at least one word to search for.")),
    ("only common words", N_("Common words (de, het, the, of) are not searched: add a word.")),
    ("longer than", N_("The query is too long: at most 500 characters.")),
    ("more than", N_("The query has too many words and phrases: at most 32.")),
    ("before the start", N_("The end of the date range is before its start.")),
)


def library_refusal(request: Request, error: CaseworkError, anchor: str = "") -> str:
    """The refusal in the viewer's language (`anchor`: the passage a span was looked for in)."""
    if error.code == "invalid-redaction-span":
        field = str(getattr(error, "field", ""))
        if field == "text":
            known = NOT_IN_PASSAGE if "is not in" in error.message else MORE_THAN_ONCE
            return gettext(request, known, anchor=anchor)
        if field in SPAN_BY_FIELD:
            return gettext(request, SPAN_BY_FIELD[field], anchor=anchor)
    if error.code == "invalid-search-query":
        reason = str(getattr(error, "reason", ""))
        for words, message in SEARCH_REASONS:
            if words in reason:
                return gettext(request, message)
    by_code = BY_CODE.get(error.code)
    if by_code is None:
        return refusal(request, error)
    extra = dict(getattr(error, "extra", None) or {})
    places = ", ".join(str(p) for p in extra.get("places", [])[:10])
    return gettext(request, by_code, pending=extra.get("pending", ""), places=places)
