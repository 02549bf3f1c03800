"""Migration 0011 (a password change required) on SQLite and PostgreSQL: users stored under 0010
get `password_change_required` false and keep working; a new user gets false unless told; the
downgrade drops the column and keeps the users."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import command
from sqlalchemy import create_engine, select, text

from refuge.accounts import service
from refuge.accounts.models import User
from refuge.store.engine import engine_for, transaction
from refuge.store.migrate import alembic_config, current_revision, head_revision, upgrade

BEFORE = "0010_keyed_audit_chain"

# the table as revision 0010 has it
USERS = sa.Table(
    "users",
    sa.MetaData(),
    sa.Column("id", sa.Uuid()),
    sa.Column("username", sa.String(64)),
    sa.Column("display_name", sa.String(200)),
    sa.Column("password_hash", sa.String(255)),
    sa.Column("role", sa.String(20)),
    sa.Column("team_id", sa.Uuid()),
    sa.Column("active", sa.Boolean()),
    sa.Column("created_at", sa.DateTime(timezone=True)),
    sa.Column("version", sa.Integer()),
)


def _store_old_users(url: str) -> list[uuid.UUID]:
    """Two users as 0010 stored them, one active and one disabled."""
    ids = [uuid.uuid4(), uuid.uuid4()]
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            for user_id, active in zip(ids, (True, False), strict=True):
                conn.execute(
                    sa.insert(USERS).values(
                        id=user_id,
                        username=f"user-{user_id.hex[:8]}",
                        display_name="Old User",
                        password_hash="$argon2id$not-a-real-hash",
                        role="caseworker",
                        team_id=None,
                        active=active,
                        created_at=datetime(2026, 11, 1, tzinfo=UTC),
                        version=1,
                    )
                )
    finally:
        engine.dispose()
    return ids


def _columns(conn: sa.Connection) -> set[str]:
    return {c["name"] for c in sa.inspect(conn).get_columns("users")}


def _flags(url: str) -> dict[uuid.UUID, bool]:
    with engine_for(url).connect() as conn:
        found = conn.execute(text("SELECT id, password_change_required FROM users")).all()
    return {uuid.UUID(str(i)): bool(flag) for i, flag in found}


def test_users_stored_before_keep_signing_in_without_a_change(empty_url: str) -> None:
    upgrade(empty_url, BEFORE)
    ids = _store_old_users(empty_url)
    upgrade(empty_url)
    assert current_revision(empty_url) == head_revision()
    assert _flags(empty_url) == dict.fromkeys(ids, False)
    with transaction(empty_url) as s:
        old = s.scalars(select(User).where(User.id == ids[0])).one()
        assert old.password_change_required is False


def test_the_column_defaults_to_false_and_takes_true(empty_url: str) -> None:
    upgrade(empty_url)
    with transaction(empty_url) as s:
        plain = service.add_user(s, "plain", "x" * 12, "analyst", actor="test").id
        flagged = service.add_user(
            s, "flagged", "x" * 12, "analyst", actor="test", password_change_required=True
        ).id
    with engine_for(empty_url).begin() as conn:  # a row written without the column
        conn.execute(
            sa.insert(USERS).values(
                id=(raw := uuid.uuid4()),
                username="raw",
                display_name="Raw",
                password_hash="-",
                role="analyst",
                team_id=None,
                active=True,
                created_at=datetime(2026, 12, 2, tzinfo=UTC),
                version=1,
            )
        )
    assert _flags(empty_url) == {plain: False, flagged: True, raw: False}


def test_the_downgrade_to_0010_keeps_the_users(empty_url: str) -> None:
    upgrade(empty_url, BEFORE)
    ids = _store_old_users(empty_url)
    upgrade(empty_url)
    with engine_for(empty_url).connect() as conn:
        assert "password_change_required" in _columns(conn)
    command.downgrade(alembic_config(empty_url), BEFORE)
    with engine_for(empty_url).connect() as conn:
        columns = _columns(conn)
        count = conn.execute(text("SELECT count(*) FROM users")).scalar_one()
    assert "password_change_required" not in columns and count == len(ids)
