"""report library: documents (one revision of a country report, policy letter or work
instruction, with its metadata and the SHA-256 of its file) and their passages (headings and
paragraphs with stable anchors, and their character offsets in the document's text) (issue 9,
section 1). An individual report belongs to one application; its text is encrypted.

Revision ID: 0013_report_library
Revises: 0012_return_departures
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013_report_library"
down_revision: str | None = "0012_return_departures"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "coi_documents",
        sa.Column("scope", sa.String(length=60), nullable=False),
        sa.Column("reference", sa.String(length=100), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("supersedes_id", sa.Uuid(), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=True),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("title", sa.LargeBinary(), nullable=False),
        sa.Column("document_date", sa.Date(), nullable=True),
        sa.Column("period_start", sa.Date(), nullable=True),
        sa.Column("period_end", sa.Date(), nullable=True),
        sa.Column("terms_of_reference", sa.LargeBinary(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("disclosure_decision", sa.String(length=200), nullable=True),
        sa.Column("published_on", sa.Date(), nullable=True),
        sa.Column("application_id", sa.Uuid(), nullable=True),
        sa.Column("file_name", sa.LargeBinary(), nullable=False),
        sa.Column("media_type", sa.String(length=100), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("byte_size", sa.Integer(), nullable=False),
        sa.Column("page_count", sa.Integer(), nullable=True),
        sa.Column("passage_count", sa.Integer(), nullable=False),
        sa.Column("added_by", sa.String(length=100), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["applications.id"],
            name=op.f("fk_coi_documents_application_id_applications"),
        ),
        sa.ForeignKeyConstraint(
            ["supersedes_id"],
            ["coi_documents.id"],
            name=op.f("fk_coi_documents_supersedes_id_coi_documents"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_coi_documents")),
        sa.UniqueConstraint("scope", "reference", "revision", name="uq_coi_documents_revision"),
        sa.UniqueConstraint("scope", "sha256", name="uq_coi_documents_file"),
    )
    with op.batch_alter_table("coi_documents", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_coi_documents_application_id"), ["application_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_coi_documents_country"), ["country"], unique=False)
        batch_op.create_index(batch_op.f("ix_coi_documents_kind"), ["kind"], unique=False)
        batch_op.create_index(batch_op.f("ix_coi_documents_reference"), ["reference"], unique=False)

    op.create_table(
        "coi_passages",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("document_id", sa.Uuid(), nullable=False),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        sa.Column("anchor", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("section", sa.String(length=64), nullable=True),
        sa.Column("heading_path", sa.LargeBinary(), nullable=False),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("sealed_text", sa.LargeBinary(), nullable=True),
        sa.Column("page", sa.Integer(), nullable=True),
        sa.Column("page_end", sa.Integer(), nullable=True),
        sa.Column("start_offset", sa.Integer(), nullable=False),
        sa.Column("end_offset", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["coi_documents.id"],
            name=op.f("fk_coi_passages_document_id_coi_documents"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_coi_passages")),
        sa.UniqueConstraint("document_id", "anchor", name="uq_coi_passages_anchor"),
        sa.UniqueConstraint("document_id", "ordinal", name="uq_coi_passages_ordinal"),
    )
    with op.batch_alter_table("coi_passages", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_coi_passages_document_id"), ["document_id"], unique=False
        )


def downgrade() -> None:
    op.drop_table("coi_passages")
    op.drop_table("coi_documents")
