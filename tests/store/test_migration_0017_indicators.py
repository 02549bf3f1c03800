"""Migration 0017 on SQLite and PostgreSQL: the indicator count may be "not assessed" (NULL).
A count stored before keeps its number; the downgrade writes 0 for "not assessed", which is
what the older versions recorded."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import command
from sqlalchemy import text
from sqlalchemy.orm import sessionmaker
from test_migration_0004_case_facts import BEFORE as OLDEST
from test_migration_0004_case_facts import _store_old_application

from refuge.casework import service
from refuge.casework.actor import Actor
from refuge.casework.schemas import FactsPatch
from refuge.store.engine import engine_for
from refuge.store.migrate import alembic_config, upgrade

BEFORE = "0016_scenario_runs"


def _count(url: str) -> object:
    with engine_for(url).connect() as conn:
        return conn.execute(text("SELECT individual_risk_indicators FROM applications")).scalar()


def _nullable(url: str) -> bool:
    with engine_for(url).connect() as conn:
        columns = sa.inspect(conn).get_columns("applications")
    return next(c["nullable"] for c in columns if c["name"] == "individual_risk_indicators")


def test_a_stored_count_is_kept_and_not_assessed_can_be_recorded_then_downgraded_to_0(
    empty_url: str,
) -> None:
    upgrade(empty_url, OLDEST)
    team_id, app_id = _store_old_application(empty_url)  # a count of 1
    upgrade(empty_url, BEFORE)
    assert not _nullable(empty_url)

    upgrade(empty_url)
    assert _nullable(empty_url) and _count(empty_url) == 1
    actor = Actor(user_id=None, username="cli", role="supervisor", team_id=team_id)
    with sessionmaker(engine_for(empty_url), expire_on_commit=False)() as session:
        version = service.get_application(session, actor, app_id, "check the migration").version
        patch = FactsPatch.model_validate({"individual_risk_indicators": None})
        service.update_facts(session, actor, app_id, patch, version)
        session.commit()
        detail = service.get_application(session, actor, app_id, "check the update")
    assert detail.individual_risk_indicators is None and _count(empty_url) is None

    command.downgrade(alembic_config(empty_url), BEFORE)
    assert not _nullable(empty_url) and _count(empty_url) == 0
    upgrade(empty_url)  # and up again
    assert _count(empty_url) == 0
