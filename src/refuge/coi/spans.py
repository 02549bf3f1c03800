"""A redaction as the publication sees it: a character range of a document's normalized text
(`refuge.coi.passages.document_text`, what the passages' offsets point into) withheld on a
Woo ground. The redaction workflow (marking, proposals, four-eyes approval, versions) produces
these; the publication renders them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class RedactionSpan:
    start: int  # first character withheld
    end: int  # one past the last; a span may cross passages and PDF pages
    ground: str  # the Woo ground's code, e.g. "5.1.2e" (refuge.coi.woo_grounds)
    note: str = ""  # the reasoning, for the inventory

    def __post_init__(self) -> None:
        if not 0 <= self.start < self.end:
            raise ValueError(
                f"a redaction span needs 0 <= start < end, got {self.start}-{self.end}"
            )
