"""return departures: the day a person left and the route, so that return figures can be
counted by month and route (issue 8, section 4): `voluntary` (without support), `supported`
(with return and reintegration support), `charter` (a supported return on a charter flight),
`forced`, `not_verified` (left, but the departure was not verified). Both are empty until a
return case reaches `departed`; cases that departed before this revision keep them empty.

Revision ID: 0012_return_departures
Revises: 0011_password_change_required
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012_return_departures"
down_revision: str | None = "0011_password_change_required"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("return_cases", sa.Column("departed_on", sa.Date(), nullable=True))
    op.add_column("return_cases", sa.Column("route", sa.String(20), nullable=True))


def downgrade() -> None:
    op.drop_column("return_cases", "route")
    op.drop_column("return_cases", "departed_on")
