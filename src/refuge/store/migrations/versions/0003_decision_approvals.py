"""decision approvals: a caseworker's decision departing from the recommendation awaits a
supervisor (decisions.status, reviewed_by, reviewed_at, review_note); a decision that is not
approved stays as history, so only one decision per application may be in effect or awaiting

Revision ID: 0003_decision_approvals
Revises: 0002_idempotency_keys
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_decision_approvals"
down_revision: str | None = "0002_idempotency_keys"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STANDING = sa.text("status != 'not_approved'")


def upgrade() -> None:
    with op.batch_alter_table("decisions", schema=None) as batch_op:
        # every decision stored before this revision took effect when it was recorded
        batch_op.add_column(
            sa.Column("status", sa.String(length=20), server_default="in_effect", nullable=False)
        )
        batch_op.add_column(sa.Column("reviewed_by", sa.Uuid(), nullable=True))
        batch_op.add_column(sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("review_note", sa.LargeBinary(), nullable=True))
        batch_op.drop_constraint(batch_op.f("uq_decisions_application_id"), type_="unique")
        batch_op.create_index(
            batch_op.f("ix_decisions_application_id"), ["application_id"], unique=False
        )
        batch_op.create_index(
            "uq_decisions_one_standing_per_application",
            ["application_id"],
            unique=True,
            sqlite_where=STANDING,
            postgresql_where=STANDING,
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_decisions_reviewed_by_users"), "users", ["reviewed_by"], ["id"]
        )


def downgrade() -> None:
    # the old schema knows only decisions in effect, one per application
    op.execute("DELETE FROM decisions WHERE status != 'in_effect'")
    with op.batch_alter_table("decisions", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_decisions_reviewed_by_users"), type_="foreignkey")
        batch_op.drop_index(
            "uq_decisions_one_standing_per_application",
            sqlite_where=STANDING,
            postgresql_where=STANDING,
        )
        batch_op.drop_index(batch_op.f("ix_decisions_application_id"))
        batch_op.create_unique_constraint(
            batch_op.f("uq_decisions_application_id"), ["application_id"]
        )
        batch_op.drop_column("review_note")
        batch_op.drop_column("reviewed_at")
        batch_op.drop_column("reviewed_by")
        batch_op.drop_column("status")
