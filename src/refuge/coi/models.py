"""Storage of the report library: a document (one revision of one report) and its passages.

A document is identified by its `reference` within its `scope` (the library, or the one
application an individual report belongs to); a changed file under the same reference is the
next `revision`, and the same file (its SHA-256) is stored once per scope. Passages tile the
document's normalized text (`refuge.coi.passages.document_text`): `start_offset`/`end_offset`
are character offsets into it, which redaction spans and search snippets refer to.

An individual report is about one person: its title, terms of reference, file name, heading
paths and passage text are encrypted at rest. A general report is not personal data: its
passage text is kept in clear (`text`), so that the database can index it for search.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from refuge.store.base import Base, Entity
from refuge.store.crypto import Encrypted


class CoiDocument(Entity, Base):
    __tablename__ = "coi_documents"
    __table_args__ = (
        UniqueConstraint("scope", "reference", "revision", name="uq_coi_documents_revision"),
        UniqueConstraint("scope", "sha256", name="uq_coi_documents_file"),
    )

    scope: Mapped[str] = mapped_column(String(60))  # library | application:<id>
    reference: Mapped[str] = mapped_column(String(100), index=True)
    revision: Mapped[int] = mapped_column(Integer, default=1)
    supersedes_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("coi_documents.id"))
    kind: Mapped[str] = mapped_column(String(20), index=True)
    country: Mapped[str | None] = mapped_column(String(2), index=True)
    language: Mapped[str] = mapped_column(String(2))
    title: Mapped[Any] = mapped_column(Encrypted("coi_documents.title"))
    document_date: Mapped[date | None] = mapped_column(Date)
    period_start: Mapped[date | None] = mapped_column(Date)
    period_end: Mapped[date | None] = mapped_column(Date)
    terms_of_reference: Mapped[Any] = mapped_column(
        Encrypted("coi_documents.terms_of_reference"), nullable=True
    )
    status: Mapped[str] = mapped_column(String(20), default="internal")
    disclosure_decision: Mapped[str | None] = mapped_column(String(200))
    published_on: Mapped[date | None] = mapped_column(Date)
    application_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("applications.id"), index=True
    )
    file_name: Mapped[Any] = mapped_column(Encrypted("coi_documents.file_name"))
    media_type: Mapped[str] = mapped_column(String(100))
    sha256: Mapped[str] = mapped_column(String(64))
    byte_size: Mapped[int] = mapped_column(Integer)
    page_count: Mapped[int | None] = mapped_column(Integer)
    passage_count: Mapped[int] = mapped_column(Integer)
    added_by: Mapped[str] = mapped_column(String(100))

    @property
    def individual(self) -> bool:
        return self.kind == "individual"


class CoiPassage(Base):
    """One heading or paragraph of a document, in reading order."""

    __tablename__ = "coi_passages"
    __table_args__ = (
        UniqueConstraint("document_id", "anchor", name="uq_coi_passages_anchor"),
        UniqueConstraint("document_id", "ordinal", name="uq_coi_passages_ordinal"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    document_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("coi_documents.id"), index=True)
    ordinal: Mapped[int] = mapped_column(Integer)  # 1, 2, ... in reading order
    anchor: Mapped[str] = mapped_column(String(64))  # 2.3 (a heading), 2.3-p4, p7, h2
    kind: Mapped[str] = mapped_column(String(10))  # heading | paragraph
    section: Mapped[str | None] = mapped_column(String(64))  # 2.3; none before the first
    heading_path: Mapped[Any] = mapped_column(Encrypted("coi_passages.heading_path"))
    text: Mapped[str | None] = mapped_column(Text)  # in clear: not an individual report
    sealed_text: Mapped[Any] = mapped_column(Encrypted("coi_passages.sealed_text"), nullable=True)
    page: Mapped[int | None] = mapped_column(Integer)  # PDF: the page it starts on
    page_end: Mapped[int | None] = mapped_column(Integer)  # PDF: the page it ends on
    start_offset: Mapped[int] = mapped_column(Integer)
    end_offset: Mapped[int] = mapped_column(Integer)

    @property
    def content(self) -> str:
        return self.text if self.text is not None else str(self.sealed_text)
