"""case facts: indications of exclusion and of support for the former regime (encrypted, like
exclusion_grounds) and the four findings on the internal protection alternative

Every application stored before this revision gets the engine's safe defaults: no indications,
each finding `not_assessed`. The findings have a server default. The indications are encrypted,
so they cannot: a server default would be one fixed ciphertext, the same in every row that has
it. Their columns stay empty (NULL) for the older rows, and the model reads NULL as `false`.

Revision ID: 0004_case_facts
Revises: 0003_decision_approvals
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_case_facts"
down_revision: str | None = "0003_decision_approvals"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FINDINGS = ("safe_there", "safe_and_legal_travel", "admittance", "reasonable_to_settle")
INDICATIONS = ("exclusion_indications", "regime_support_indications")


def upgrade() -> None:
    with op.batch_alter_table("applications", schema=None) as batch_op:
        for name in INDICATIONS:
            batch_op.add_column(sa.Column(name, sa.LargeBinary(), nullable=True))
        for name in FINDINGS:
            batch_op.add_column(
                sa.Column(
                    f"internal_protection_{name}",
                    sa.String(length=20),
                    server_default="not_assessed",
                    nullable=False,
                )
            )


def downgrade() -> None:
    # the facts recorded in these columns are lost: the older schema has no place for them
    with op.batch_alter_table("applications", schema=None) as batch_op:
        for name in reversed(FINDINGS):
            batch_op.drop_column(f"internal_protection_{name}")
        for name in reversed(INDICATIONS):
            batch_op.drop_column(name)
