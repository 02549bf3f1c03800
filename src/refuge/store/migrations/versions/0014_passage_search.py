"""search of the report library (issue 9, section 2). SQLite: an FTS5 table of the library's
passages as Snowball stems in their document's language (`refuge.coi.search_sqlite`), filled
here with the passages already stored. PostgreSQL: two GIN indexes over
`to_tsvector('dutch' | 'english', text)` of the passages with text in clear (an individual
report has none), which follow the passages by themselves.

Revision ID: 0014_passage_search
Revises: 0013_report_library
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014_passage_search"
down_revision: str | None = "0013_report_library"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CONFIGURATIONS = ("dutch", "english")


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        # the index is derived from the passages: made with this release's stemming
        from refuge.coi.search_sqlite import CREATE, reindex

        op.execute(CREATE)
        reindex(bind)
        return
    for configuration in CONFIGURATIONS:
        op.create_index(
            f"ix_coi_passages_search_{configuration}",
            "coi_passages",
            [sa.text(f"to_tsvector('{configuration}'::regconfig, text)")],
            postgresql_using="gin",
            postgresql_where=sa.text("text IS NOT NULL"),
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE coi_passage_search")
        return
    for configuration in CONFIGURATIONS:
        op.drop_index(f"ix_coi_passages_search_{configuration}", table_name="coi_passages")
