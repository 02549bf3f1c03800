"""What the library says about the passages the packs cite: which rules and parameters rest
on a passage, which to review after a newer revision, and whether each citation still holds.
Links are API paths of passages (`/api/v1/coi/documents/REF@REV/passages/ANCHOR`)."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from refuge.coi.schemas import PassageOut

CitationStatus = Literal["ok", "superseded", "no-document", "no-revision", "no-anchor"]
DANGLING: frozenset[str] = frozenset({"no-document", "no-revision", "no-anchor"})


class Out(BaseModel):
    model_config = ConfigDict(frozen=True)


class DependentOut(Out):
    kind: Literal["rule", "outcome_row", "parameter"]
    id: str = Field(description="the rule, outcome table or parameter")
    row: str | None = Field(description="an outcome row: its number from 1, or 'otherwise'")
    via: str | None = Field(description="a rule that reads a citing parameter: the parameter")
    valid_from: date = Field(description="first day it rests on the passage")
    valid_to: date | None = Field(description="last day; null: open-ended")
    first_version: str = Field(description="the pack version in force on valid_from")
    last_version: str = Field(description="the pack version in force on valid_to")


class CitationOut(Out):
    """One pack source's citation of a passage, what rests on it, and whether it holds."""

    country: str
    pack_sha256: str
    source: str = Field(description="the source's id in the pack")
    title: str
    locator: str | None
    citation: str = Field(description="coi:REFERENCE@REVISION#ANCHOR")
    reference: str
    revision: int = Field(description="the revision the citation was written against")
    anchor: str
    passage: str = Field(description="API path of the cited passage")
    status: CitationStatus
    message: str = Field(description="what the status means and what to do")
    newest_revision: int | None = Field(description="the newest revision in the library")
    dependents: list[DependentOut]


class CitedBy(Out):
    """What rests on one passage of one report (every revision, or the one named)."""

    reference: str
    revision: int | None = Field(description="the revision asked about; null: any")
    anchor: str
    citations: list[CitationOut]


class ToReview(Out):
    """A citation written against an older revision than the newest, with both passages."""

    citation: CitationOut
    old_passage: str | None = Field(description="API path in the cited revision, if there")
    new_passage: str | None = Field(description="API path in the newest revision, if there")
    anchor_exists: bool = Field(description="the newest revision has the cited anchor")
    text_changed: bool | None = Field(
        description="the passage's text differs between the two; null when one is missing"
    )


class Review(Out):
    reference: str
    newest_revision: int
    document_id: uuid.UUID = Field(description="the newest revision")
    items: list[ToReview]


class CitedPassage(Out):
    """One passage of one revision of a library document, as a citation links to it."""

    document_id: uuid.UUID
    reference: str
    revision: int
    newest_revision: int
    title: str
    passage: PassageOut
