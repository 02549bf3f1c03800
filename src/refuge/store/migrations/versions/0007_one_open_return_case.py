"""one open return case per person: a partial unique index on return_cases(person_id) over the
cases not yet departed or closed, so that two requests at the same moment cannot both open one

A database that already holds two open return cases for one person cannot take the index; the
upgrade then stops and says how many people are concerned, and changes nothing. Close all but one
of each such person's open cases (`POST /api/v1/return-cases/{id}/transitions` with
`{"to_state": "closed"}`) and upgrade again.

Revision ID: 0007_one_open_return_case
Revises: 0006_auth_throttle
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_one_open_return_case"
down_revision: str | None = "0006_auth_throttle"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEX = "uq_return_cases_one_open_per_person"
OPEN = sa.text("status NOT IN ('departed', 'closed')")


def upgrade() -> None:
    people = op.get_bind().scalar(
        sa.text(
            "SELECT count(*) FROM (SELECT person_id FROM return_cases "
            "WHERE status NOT IN ('departed', 'closed') "
            "GROUP BY person_id HAVING count(*) > 1) AS twice"
        )
    )
    if people:
        raise RuntimeError(
            f"{people} people have more than one open return case; close all but one of each "
            "person's open return cases and run the upgrade again (nothing was changed)"
        )
    with op.batch_alter_table("return_cases", schema=None) as batch_op:
        batch_op.create_index(
            INDEX, ["person_id"], unique=True, sqlite_where=OPEN, postgresql_where=OPEN
        )


def downgrade() -> None:
    with op.batch_alter_table("return_cases", schema=None) as batch_op:
        batch_op.drop_index(INDEX, sqlite_where=OPEN, postgresql_where=OPEN)
