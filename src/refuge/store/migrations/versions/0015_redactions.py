"""redactions of the report library's documents, kept as versions (marked, approved, rejected:
each a row), and the scan's proposals for a person to accept or dismiss (issue 9, section 4).
The withheld text, notes and reasons are encrypted.

Revision ID: 0015_redactions
Revises: 0014_passage_search
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015_redactions"
down_revision: str | None = "0014_passage_search"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "coi_redaction_proposals",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("document_id", sa.Uuid(), nullable=False),
        sa.Column("start_offset", sa.Integer(), nullable=False),
        sa.Column("end_offset", sa.Integer(), nullable=False),
        sa.Column("anchor", sa.String(length=64), nullable=False),
        sa.Column("recogniser", sa.String(length=20), nullable=False),
        sa.Column("ground", sa.String(length=10), nullable=False),
        sa.Column("text", sa.LargeBinary(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("proposed_by", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_by", sa.String(length=100), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["coi_documents.id"],
            name=op.f("fk_coi_redaction_proposals_document_id_coi_documents"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_coi_redaction_proposals")),
        sa.UniqueConstraint(
            "document_id", "start_offset", "end_offset", name="uq_coi_redaction_proposals_span"
        ),
    )
    with op.batch_alter_table("coi_redaction_proposals", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_coi_redaction_proposals_document_id"), ["document_id"], unique=False
        )

    op.create_table(
        "coi_redactions",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("redaction_id", sa.Uuid(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Uuid(), nullable=False),
        sa.Column("start_offset", sa.Integer(), nullable=False),
        sa.Column("end_offset", sa.Integer(), nullable=False),
        sa.Column("anchor", sa.String(length=64), nullable=False),
        sa.Column("ground", sa.String(length=10), nullable=False),
        sa.Column("note", sa.LargeBinary(), nullable=False),
        sa.Column("text", sa.LargeBinary(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("reason", sa.LargeBinary(), nullable=True),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column("marked_by", sa.String(length=100), nullable=False),
        sa.Column("marked_by_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("proposal_id", sa.Uuid(), nullable=True),
        sa.Column("carried_from_id", sa.Uuid(), nullable=True),
        sa.ForeignKeyConstraint(
            ["carried_from_id"],
            ["coi_redactions.id"],
            name=op.f("fk_coi_redactions_carried_from_id_coi_redactions"),
        ),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["coi_documents.id"],
            name=op.f("fk_coi_redactions_document_id_coi_documents"),
        ),
        sa.ForeignKeyConstraint(
            ["proposal_id"],
            ["coi_redaction_proposals.id"],
            name=op.f("fk_coi_redactions_proposal_id_coi_redaction_proposals"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_coi_redactions")),
        sa.UniqueConstraint("redaction_id", "number", name="uq_coi_redactions_version"),
    )
    with op.batch_alter_table("coi_redactions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_coi_redactions_document_id"), ["document_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_coi_redactions_redaction_id"), ["redaction_id"], unique=False
        )


def downgrade() -> None:
    op.drop_table("coi_redactions")
    op.drop_table("coi_redaction_proposals")
