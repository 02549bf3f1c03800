"""A document's metadata: what was sent, completed from the revision before it, checked.
Each refusal names the field (the CLI option and the API form field share its name)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from refuge.coi.errors import InvalidMetadata
from refuge.coi.models import CoiDocument
from refuge.coi.schemas import DocumentMeta

# the fields a revision takes over from the one before it when they are not sent
INHERITED = (
    "kind",
    "country",
    "title",
    "document_date",
    "period_start",
    "period_end",
    "terms_of_reference",
    "status",
    "disclosure_decision",
    "published_on",
    "language",
)


@dataclass(frozen=True, slots=True)
class Resolved:
    kind: str
    country: str | None
    title: str
    document_date: date | None
    period_start: date | None
    period_end: date | None
    terms_of_reference: str | None
    status: str
    disclosure_decision: str | None
    published_on: date | None
    application_id: uuid.UUID | None
    language: str | None


def is_individual(meta: DocumentMeta) -> bool:
    """An individual report (kind individual, or an application given without a kind); the
    two always come together."""
    if meta.kind == "individual" and meta.application_id is None:
        raise InvalidMetadata(
            "application_id", "an individual report is about one application: give its id"
        )
    if meta.kind not in (None, "individual") and meta.application_id is not None:
        raise InvalidMetadata(
            "application_id",
            f"only an individual report belongs to an application, not a {meta.kind} one; "
            "leave it out, or give kind individual",
        )
    return meta.application_id is not None


def resolve(meta: DocumentMeta, latest: CoiDocument | None, default_title: str) -> Resolved:
    given = {f: getattr(meta, f) for f in INHERITED if getattr(meta, f) is not None}
    before = {f: getattr(latest, f) for f in INHERITED} if latest else {}
    merged = {**before, **given}
    kind = merged.get("kind") or ("individual" if meta.application_id else "general")
    status = merged.get("status") or "internal"
    r = Resolved(
        kind=kind,
        country=merged.get("country"),
        title=merged.get("title") or default_title,
        document_date=merged.get("document_date"),
        period_start=merged.get("period_start"),
        period_end=merged.get("period_end"),
        terms_of_reference=merged.get("terms_of_reference"),
        status=status,
        disclosure_decision=merged.get("disclosure_decision"),
        published_on=merged.get("published_on"),
        application_id=meta.application_id,
        language=merged.get("language"),
    )
    _check(r)
    return r


def _check(r: Resolved) -> None:
    if r.kind == "individual" and r.status == "published":
        raise InvalidMetadata(
            "status", "an individual report is about one person and is never published"
        )
    if r.status != "published":
        for field in ("disclosure_decision", "published_on"):
            if getattr(r, field) is not None:
                raise InvalidMetadata(
                    field, "only a published document has one; give status published as well"
                )
    if r.period_start and r.period_end and r.period_start > r.period_end:
        raise InvalidMetadata(
            "period_end",
            f"the reference period ends ({r.period_end}) before it starts ({r.period_start})",
        )
    if r.published_on and r.document_date and r.published_on < r.document_date:
        raise InvalidMetadata(
            "published_on",
            f"the document was published ({r.published_on}) before its date ({r.document_date})",
        )


def compare(stored: CoiDocument, meta: DocumentMeta) -> list[str]:
    """The fields sent that differ from the stored document's."""
    fields = [*INHERITED, "reference"]
    return [
        f for f in fields if getattr(meta, f) is not None and getattr(meta, f) != getattr(stored, f)
    ]
