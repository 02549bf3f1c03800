"""search of the report library (issue 9, section 2). SQLite: an FTS5 table of the library's
passages as Snowball stems in their document's language (`refuge.coi.search_sqlite`), filled
here with the passages already stored. PostgreSQL: two generated columns of `coi_passages`,
`search_nl` and `search_en`, each `to_tsvector('dutch' | 'english', text)` (empty for an
individual report, which has no text in clear), kept in step by the database itself, each with
a GIN index; `fastupdate` off, so that a report just added is searched through the index and
not through a pending list that only a vacuum merges.

Revision ID: 0014_passage_search
Revises: 0013_report_library
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0014_passage_search"
down_revision: str | None = "0013_report_library"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CONFIGURATIONS = {"nl": "dutch", "en": "english"}


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        # the index is derived from the passages: made with this release's stemming
        from refuge.coi.search_sqlite import CREATE, reindex

        op.execute(CREATE)
        reindex(bind)
        return
    for language, configuration in CONFIGURATIONS.items():
        op.execute(
            f"ALTER TABLE coi_passages ADD COLUMN search_{language} tsvector GENERATED ALWAYS "
            f"AS (to_tsvector('{configuration}'::regconfig, coalesce(text, ''))) STORED"
        )
        op.create_index(
            f"ix_coi_passages_search_{language}",
            "coi_passages",
            [f"search_{language}"],
            postgresql_using="gin",
            postgresql_with={"fastupdate": "off"},
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE coi_passage_search")
        return
    for language in CONFIGURATIONS:
        op.drop_index(f"ix_coi_passages_search_{language}", table_name="coi_passages")
        op.drop_column("coi_passages", f"search_{language}")
