"""Why a document cannot be published. Each refusal has a stable `code`, an HTTP `status` and a
message that says what is wrong and what to do; nothing is written or recorded when one is
raised."""

from __future__ import annotations

from refuge.coi.errors import CoiError


class PublicationRefused(CoiError):
    code = "publication-refused"
    status = 409


class IndividualReport(PublicationRefused):
    code = "individual-report-not-publishable"

    def __init__(self) -> None:
        super().__init__(
            "this is an individual report (about one person): it belongs to its case and is "
            "never published; nothing was written"
        )


class RedactionsPending(PublicationRefused):
    code = "redactions-pending"

    def __init__(self, pending: int) -> None:
        super().__init__(
            f"{pending} redaction(s) of this document still wait for a second user's approval "
            "(four eyes); approve or withdraw them first; nothing was written"
        )
        self.extra = {"pending": pending}


class RepetitionsUnresolved(PublicationRefused):
    code = "withheld-text-repeated"

    def __init__(self, places: list[str]) -> None:
        shown = ", ".join(places[:10]) + (" ..." if len(places) > 10 else "")
        super().__init__(
            f"text withheld elsewhere in this document also stands unredacted at {shown}; "
            "redact it there too, or reject the scan's proposal, then publish; nothing was written"
        )
        self.extra = {"places": places}


class NoWooDecision(PublicationRefused):
    code = "woo-decision-required"
    status = 400

    def __init__(self) -> None:
        super().__init__(
            "this document has no Woo decision that publishes it; give its reference "
            "(--woo-decision REF, or wooDecision); nothing was written"
        )


class InvalidRedaction(PublicationRefused):
    """A span cannot be rendered: out of the text, overlapping another, or over nothing."""

    code = "invalid-redaction"
    status = 422


class WithheldInMetadata(PublicationRefused):
    """A published field (title, author, Woo decision) contains text that is withheld."""

    code = "withheld-text-in-metadata"
    status = 422

    def __init__(self, field: str, number: int) -> None:
        super().__init__(
            f"{field}: it contains text withheld by redaction {number}; give a {field} "
            "without it; nothing was written"
        )
        self.field = field
