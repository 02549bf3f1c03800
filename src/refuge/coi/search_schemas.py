"""A search of the report library as asked and as answered. The answer has the same shape on
SQLite and PostgreSQL; only the order among equally good hits may differ."""

from __future__ import annotations

import uuid
from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from refuge.coi.vocabulary import Kind, Language, Status

MAX_LIMIT = 100


class SearchRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    query: str = Field(description='words, "a phrase", OR between alternatives')
    language: Language | None = Field(
        None, description="search only documents in this language (default: both)"
    )
    country: str | None = Field(None, pattern=r"^[A-Z]{2}$")
    kind: Kind | None = None
    status: Status | None = None
    date_from: date | None = Field(None, description="documents dated on or after this day")
    date_to: date | None = Field(None, description="documents dated on or before this day")
    all_revisions: bool = Field(
        False, description="also search the older revisions of a document (default: newest only)"
    )
    offset: int = Field(0, ge=0)
    limit: int = Field(20, ge=1, le=MAX_LIMIT)


class Highlight(BaseModel):
    start: int = Field(description="offset in the snippet of the first character of a match")
    end: int = Field(description="offset just past its last character")


class HitDocument(BaseModel):
    id: uuid.UUID
    reference: str
    revision: int
    title: str
    kind: Kind
    country: str | None
    language: Language
    document_date: date | None
    status: Status


class HitPassage(BaseModel):
    anchor: str
    ordinal: int
    kind: str
    section: str | None
    heading_path: list[str]
    page: int | None
    start: int = Field(description="offset of its first character in the document's text")
    end: int = Field(description="offset just past its last character")


class SearchHit(BaseModel):
    rank: int = Field(description="1 for the best match")
    citation: str = Field(description="coi:<reference>#<anchor>; @<revision> for an older one")
    document: HitDocument
    passage: HitPassage
    snippet: str = Field(description="the passage, or the part of it around the first match")
    highlights: list[Highlight] = Field(description="the words in the snippet that matched")


class SearchResults(BaseModel):
    query: str
    language: Language | None
    total: int = Field(description="every matching passage, of which these are a page")
    offset: int
    limit: int
    results: list[SearchHit]
