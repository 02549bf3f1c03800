"""The report library's input and output: a document's metadata as sent, and documents and
passages as shown."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from refuge.coi.vocabulary import Kind, Language, Status
from refuge.strict import Day, Name, Text

REFERENCE = r"^[a-z0-9][a-z0-9._-]{0,99}$"


class DocumentMeta(BaseModel):
    """What is known of a document besides its file. Left out: taken from the revision before
    (a changed file under the same reference), else from the file (title: its first heading;
    language: its words; reference: its file name)."""

    model_config = ConfigDict(extra="forbid")

    kind: Kind | None = None
    country: str | None = Field(
        default=None, pattern=r"^[A-Z]{2}$", description="ISO 3166-1 alpha-2"
    )
    title: Name | None = Field(default=None, min_length=1, max_length=500)
    reference: str | None = Field(
        default=None,
        pattern=REFERENCE,
        description="the document's short name in citations (coi:<reference>#<anchor>): "
        "lower-case letters, digits, '.', '_' and '-'",
    )
    document_date: Day | None = None
    period_start: Day | None = Field(default=None, description="first day of the reference period")
    period_end: Day | None = Field(default=None, description="last day of the reference period")
    terms_of_reference: Text | None = Field(default=None, min_length=1, max_length=20_000)
    status: Status | None = None
    disclosure_decision: Name | None = Field(
        default=None, max_length=200, description="the Woo decision that made the document public"
    )
    published_on: Day | None = None
    application_id: uuid.UUID | None = Field(
        default=None, description="the application an individual report is about"
    )
    language: Language | None = None


class DocumentOut(BaseModel):
    id: uuid.UUID
    reference: str
    revision: int
    supersedes_id: uuid.UUID | None
    kind: Kind
    country: str | None
    language: Language
    title: str
    document_date: date | None
    period_start: date | None
    period_end: date | None
    status: Status
    disclosure_decision: str | None
    published_on: date | None
    application_id: uuid.UUID | None
    media_type: str
    sha256: str
    byte_size: int
    page_count: int | None
    passage_count: int
    added_by: str
    added_at: datetime


class DocumentDetail(DocumentOut):
    file_name: str
    terms_of_reference: str | None
    revisions: list[int] = Field(description="every revision stored under this reference")


class PassageOut(BaseModel):
    ordinal: int
    anchor: str
    kind: str
    section: str | None
    heading_path: list[str]
    text: str
    page: int | None
    page_end: int | None
    start: int = Field(description="offset of the first character in the document's text")
    end: int = Field(description="offset just past the last character")


class Added(BaseModel):
    """The outcome of adding a file: the document, and whether it was new."""

    created: bool = Field(description="false: this very file was in the library already")
    document: DocumentDetail
