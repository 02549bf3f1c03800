"""auth_throttle: the counters of failed sign-ins and bad tokens, per account and per client
(refuge.accounts.throttle), shared by every worker and server on the database

A row is a key ("account:<sha256 of the username>" or "client:<address>") with its current
window, its counts and the time it is refused until. Rows are forgotten 24 hours after their
last failure; dropping the table (downgrade) only forgets the counts and unlocks every account.

Revision ID: 0006_auth_throttle
Revises: 0004_case_facts
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_auth_throttle"
down_revision: str | None = "0004_case_facts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "auth_throttle",
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("subject", sa.String(length=64), nullable=False),
        sa.Column("window_starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("window_ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("audited", sa.Integer(), nullable=False),
        sa.Column("unaudited", sa.Integer(), nullable=False),
        sa.Column("blocked_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("lockouts", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_auth_throttle")),
    )
    op.create_index(
        op.f("ix_auth_throttle_window_ends_at"), "auth_throttle", ["window_ends_at"], unique=False
    )
    op.create_index(
        op.f("ix_auth_throttle_updated_at"), "auth_throttle", ["updated_at"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_auth_throttle_updated_at"), table_name="auth_throttle")
    op.drop_index(op.f("ix_auth_throttle_window_ends_at"), table_name="auth_throttle")
    op.drop_table("auth_throttle")
