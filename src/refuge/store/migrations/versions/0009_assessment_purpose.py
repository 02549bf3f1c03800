"""assessment purpose: an assessment run on its own `as_of` day is a `decision_basis`, one run
for another day (backdated or in the future) is `analysis` and never the basis of a decision
(issue 7: four eyes were bypassed by deciding "as recommended" on a backdated assessment)

Revision ID: 0009_assessment_purpose
Revises: 0008_encrypt_deadline_reason
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009_assessment_purpose"
down_revision: str | None = "0008_encrypt_deadline_reason"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # a plain ADD COLUMN (SQLite too): the table is not copied
    op.add_column(
        "assessments",
        sa.Column("purpose", sa.String(length=20), server_default="analysis", nullable=False),
    )
    # an assessment stored before this revision is a decision basis only if it was run on its
    # own `as_of` day (the service's day is the UTC date, like `created_at`)
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "UPDATE assessments SET purpose = 'decision_basis' "
            "WHERE as_of = (created_at AT TIME ZONE 'UTC')::date"
        )
    else:
        op.execute(
            "UPDATE assessments SET purpose = 'decision_basis' WHERE as_of = date(created_at)"
        )


def downgrade() -> None:
    op.drop_column("assessments", "purpose")  # SQLite 3.35+ drops a column in place
