"""PostgreSQL: one call takes the audit chain's lock and then reads its newest event
(`refuge_audit_head()`), instead of two statements and two round trips on every audited request.

Inside a VOLATILE PL/pgSQL function each statement takes a fresh snapshot, so under READ
COMMITTED the head is read after the lock is held and sees the event of the transaction that
held it before: the same guarantee as the lock and the read as two statements. SQLite has no
such functions and keeps its own way (the write lock, then the read); nothing changes there.

Revision ID: 0018_audit_head_function
Revises: 0017_indicators_not_assessed
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0018_audit_head_function"
down_revision: str | None = "0017_indicators_not_assessed"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# the advisory lock's key is the one the chain has always used (`refuge.audit.trail`)
CREATE = """
CREATE FUNCTION refuge_audit_head() RETURNS TABLE (seq bigint, hash varchar)
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(7263541);
    RETURN QUERY SELECT e.seq, e.hash FROM audit_events e ORDER BY e.seq DESC LIMIT 1;
END
$$
"""


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(CREATE)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION refuge_audit_head()")
