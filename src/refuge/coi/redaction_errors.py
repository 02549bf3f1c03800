"""Refusals of the redaction workflow: each names what is wrong, where (the document, the
span, the ground) and what to do. Casework errors, so the API renders them as problem+json and
the CLI prints them and exits 2; a refusal changes nothing."""

from __future__ import annotations

from refuge.coi.errors import CoiError


class UnknownGround(CoiError):
    code = "unknown-woo-ground"
    status = 400

    def __init__(self, ground: str, valid: list[str]) -> None:
        super().__init__(f"ground {ground!r} is not a Woo ground; use one of: {', '.join(valid)}")
        self.extra = {
            "invalid_params": [
                {
                    "name": "body:ground",
                    "reason": f"not one of {', '.join(valid)}",
                    "code": self.code,
                }
            ]
        }


class WooGroundsFileInvalid(CoiError):
    """The configured file of grounds (REFUGE_WOO_GROUNDS) cannot be used."""

    code = "woo-grounds-file-invalid"
    status = 500

    def __init__(self, path: str, why: str) -> None:
        super().__init__(
            f"{path}: {why}; fix the file of Woo grounds or unset REFUGE_WOO_GROUNDS to use the "
            "grounds shipped with Refuge"
        )


class InvalidSpan(CoiError):
    code = "invalid-redaction-span"
    status = 400

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}; nothing was marked")
        self.field = field
        self.extra = {
            "invalid_params": [{"name": f"body:{field}", "reason": message, "code": self.code}]
        }


class OverlappingRedaction(CoiError):
    """Spans never overlap: a span over text already marked or redacted is refused."""

    code = "overlapping-redaction"
    status = 409

    def __init__(self, start: int, end: int, other: object, other_start: int, other_end: int):
        super().__init__(
            f"characters {start}-{end} overlap redaction {other} ({other_start}-{other_end}), "
            "which is marked or approved already; reject that one first, or mark only the "
            "characters outside it; nothing was marked"
        )
        self.extra = {"redaction_id": str(other)}


class OwnRedaction(CoiError):
    """Four eyes: who marked a span never approves or rejects it."""

    code = "four-eyes-required"
    status = 403

    def __init__(self, action: str) -> None:
        super().__init__(
            f"you marked this span yourself and cannot {action} it; another publisher "
            f"{action}s it (four eyes)"
        )


class RedactionDecided(CoiError):
    code = "redaction-already-decided"
    status = 409

    def __init__(self, redaction: object, status: str) -> None:
        super().__init__(
            f"redaction {redaction} is {status} already; only a marked span awaiting approval "
            "can be approved or rejected (mark the span again to start over)"
        )


class ProposalDecided(CoiError):
    code = "proposal-already-decided"
    status = 409

    def __init__(self, proposal: object, status: str) -> None:
        super().__init__(f"proposal {proposal} is {status} already; nothing was changed")


class IndividualReportNotRedacted(CoiError):
    code = "individual-report-not-redacted"
    status = 409

    def __init__(self) -> None:
        super().__init__(
            "this is an individual report (about one person): it is never published, so its "
            "text is not redacted; redaction is for documents of the library that may be "
            "published"
        )


class OverlappingApprovedSpans(CoiError):
    """Two approved spans overlap (only two marks made at the same moment can do this)."""

    code = "overlapping-approved-redactions"
    status = 409

    def __init__(self, first: object, second: object) -> None:
        super().__init__(
            f"approved redactions {first} and {second} overlap; reject one of them and mark "
            "the span again, then publish"
        )
