"""the number of individual risk indicators may be "not assessed" (NULL), as in a case file:
until the caseworker has weighed the indicators, no count is recorded, and a credible claim
whose indicators are not assessed is investigated further rather than rejected (issue 6).

Rows stored before keep their number: the store cannot tell a 0 that was never assessed from
one that was, so nothing is guessed. The downgrade writes 0 for "not assessed", which is what
the older versions recorded for it.

Revision ID: 0017_indicators_not_assessed
Revises: 0016_scenario_runs
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017_indicators_not_assessed"
down_revision: str | None = "0016_scenario_runs"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("applications", schema=None) as batch_op:
        batch_op.alter_column(
            "individual_risk_indicators", existing_type=sa.Integer(), nullable=True
        )


def downgrade() -> None:
    op.execute(
        "UPDATE applications SET individual_risk_indicators = 0"
        " WHERE individual_risk_indicators IS NULL"
    )
    with op.batch_alter_table("applications", schema=None) as batch_op:
        batch_op.alter_column(
            "individual_risk_indicators", existing_type=sa.Integer(), nullable=False
        )
