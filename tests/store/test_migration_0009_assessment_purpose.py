"""Migration 0009 (an assessment's purpose) on SQLite and PostgreSQL: an assessment stored under
0008 is a `decision_basis` only if it was run on its own `as_of` day (UTC), else `analysis`; the
downgrade drops the column and keeps the rows."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

import sqlalchemy as sa
from alembic import command
from sqlalchemy import create_engine, text

from refuge.store.engine import engine_for
from refuge.store.migrate import alembic_config, current_revision, head_revision, upgrade

BEFORE = "0008_encrypt_deadline_reason"
RUN_AT = datetime(2025, 10, 1, 23, 30, tzinfo=UTC)  # late in the UTC day

# the table as revision 0008 has it
ASSESSMENTS = sa.Table(
    "assessments",
    sa.MetaData(),
    sa.Column("id", sa.Uuid()),
    sa.Column("application_id", sa.Uuid()),
    sa.Column("as_of", sa.Date()),
    sa.Column("recommendation", sa.String(30)),
    sa.Column("policy_version", sa.String(40)),
    sa.Column("pack_sha256", sa.String(64)),
    sa.Column("output", sa.LargeBinary()),
    sa.Column("requested_by", sa.Uuid()),
    sa.Column("created_at", sa.DateTime(timezone=True)),
    sa.Column("version", sa.Integer()),
)


def _store_old_assessments(url: str) -> dict[uuid.UUID, date]:
    """Two assessments as 0008 stored them (their application and user do not matter here, so
    the foreign keys are not checked): one for the day it was run, one backdated."""
    rows = {uuid.uuid4(): RUN_AT.date(), uuid.uuid4(): date(2019, 11, 1)}
    engine = create_engine(url)  # without the service's SQLite pragma: no foreign keys
    try:
        with engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(text("SET LOCAL session_replication_role = replica"))
            for assessment_id, as_of in rows.items():
                conn.execute(
                    sa.insert(ASSESSMENTS).values(
                        id=assessment_id,
                        application_id=uuid.uuid4(),
                        as_of=as_of,
                        recommendation="grant_subsidiary",
                        policy_version="v",
                        pack_sha256="0" * 64,
                        output=b"sealed",
                        requested_by=uuid.uuid4(),
                        created_at=RUN_AT,
                        version=1,
                    )
                )
    finally:
        engine.dispose()
    return rows


def _purposes(url: str) -> dict[uuid.UUID, str]:
    with engine_for(url).connect() as conn:
        found = conn.execute(text("SELECT id, purpose FROM assessments")).all()
    return {uuid.UUID(str(i)): p for i, p in found}


def test_old_assessments_are_a_basis_only_for_their_own_day(empty_url: str) -> None:
    upgrade(empty_url, BEFORE)
    rows = _store_old_assessments(empty_url)
    upgrade(empty_url)
    assert current_revision(empty_url) == head_revision()
    purposes = _purposes(empty_url)
    expected = {
        i: "decision_basis" if as_of == RUN_AT.date() else "analysis" for i, as_of in rows.items()
    }
    assert purposes == expected


def test_the_downgrade_to_0008_keeps_the_assessments(empty_url: str) -> None:
    upgrade(empty_url, BEFORE)
    rows = _store_old_assessments(empty_url)
    upgrade(empty_url)
    command.downgrade(alembic_config(empty_url), BEFORE)
    with engine_for(empty_url).connect() as conn:
        columns = {c["name"] for c in sa.inspect(conn).get_columns("assessments")}
        count = conn.execute(text("SELECT count(*) FROM assessments")).scalar_one()
    assert "purpose" not in columns and count == len(rows)
