"""password change required: a user an administrator created through the API (who chose the
first password) must set their own password before doing anything else, so that the
administrator cannot sign in under their name and read cases (security review of "no admin
path to case data")

Users stored before this revision keep working as they are (false): they were created by the
operator with `refuge users add`, or have signed in with the password they were given, as before.

Revision ID: 0011_password_change_required
Revises: 0010_keyed_audit_chain
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011_password_change_required"
down_revision: str | None = "0010_keyed_audit_chain"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # a plain ADD COLUMN with a default (SQLite too): existing rows get false, nothing is copied
    op.add_column(
        "users",
        sa.Column(
            "password_change_required", sa.Boolean(), server_default=sa.false(), nullable=False
        ),
    )


def downgrade() -> None:
    op.drop_column("users", "password_change_required")  # SQLite 3.35+ drops a column in place
