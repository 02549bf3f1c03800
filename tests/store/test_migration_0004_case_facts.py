"""Migration 0004 (the newer case facts) on SQLite and PostgreSQL: an application stored under
0003 stays valid and reads with the engine's safe defaults; the downgrade keeps it too."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

import sqlalchemy as sa
from alembic import command
from sqlalchemy import text
from sqlalchemy.orm import sessionmaker

from refuge.casework import service
from refuge.casework.actor import Actor
from refuge.casework.case_facts import case_of
from refuge.casework.models import Application, Person
from refuge.casework.schemas import FactsPatch
from refuge.store.crypto import seal
from refuge.store.engine import engine_for
from refuge.store.migrate import alembic_config, current_revision, head_revision, upgrade

BEFORE = "0003_decision_approvals"
NEW_COLUMNS = {
    "exclusion_indications",
    "regime_support_indications",
    "internal_protection_safe_there",
    "internal_protection_safe_and_legal_travel",
    "internal_protection_admittance",
    "internal_protection_reasonable_to_settle",
}

# the tables as revision 0003 has them (only what an old application row needs)
OLD = sa.MetaData()
TEAMS = sa.Table(
    "teams",
    OLD,
    sa.Column("id", sa.Uuid()),
    sa.Column("name", sa.String(100)),
    sa.Column("created_at", sa.DateTime(timezone=True)),
    sa.Column("version", sa.Integer()),
)
PEOPLE = sa.Table(
    "people",
    OLD,
    sa.Column("id", sa.Uuid()),
    sa.Column("pseudonym", sa.String(32)),
    sa.Column("v_number", sa.String(16)),
    sa.Column("nationality", sa.String(2)),
    sa.Column("region_of_origin", sa.String(6)),
    sa.Column("created_at", sa.DateTime(timezone=True)),
    sa.Column("version", sa.Integer()),
)
APPLICATIONS = sa.Table(
    "applications",
    OLD,
    sa.Column("id", sa.Uuid()),
    sa.Column("person_id", sa.Uuid()),
    sa.Column("team_id", sa.Uuid()),
    sa.Column("kind", sa.String(20)),
    sa.Column("application_date", sa.Date()),
    sa.Column("status", sa.String(30)),
    sa.Column("paused", sa.Boolean()),
    sa.Column("grounds", sa.LargeBinary()),
    sa.Column("risk_profiles", sa.LargeBinary()),
    sa.Column("exclusion_grounds", sa.LargeBinary()),
    sa.Column("credibility", sa.String(20)),
    sa.Column("individual_risk_indicators", sa.Integer()),
    sa.Column("legal_residence", sa.Boolean()),
    sa.Column("minor", sa.Boolean()),
    sa.Column("created_at", sa.DateTime(timezone=True)),
    sa.Column("version", sa.Integer()),
)


def _store_old_application(url: str) -> tuple[uuid.UUID, uuid.UUID]:
    """An application written under revision 0003, the way that version stored it."""
    team_id, person_id, app_id = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    now = datetime.now(UTC)
    with engine_for(url).begin() as conn:
        conn.execute(sa.insert(TEAMS).values(id=team_id, name="North", created_at=now, version=1))
        conn.execute(
            sa.insert(PEOPLE).values(
                id=person_id,
                pseudonym="P-old",
                v_number="1234567890",
                nationality="SY",
                region_of_origin="SY-DI",
                created_at=now,
                version=1,
            )
        )
        conn.execute(
            sa.insert(APPLICATIONS).values(
                id=app_id,
                person_id=person_id,
                team_id=team_id,
                kind="first",
                application_date=date(2025, 3, 1),
                status="registered",
                paused=False,
                grounds=seal(["political_opinion"], "applications.grounds"),
                risk_profiles=seal([], "applications.risk_profiles"),
                exclusion_grounds=seal([], "applications.exclusion_grounds"),
                credibility="credible",
                individual_risk_indicators=1,
                legal_residence=False,
                minor=False,
                created_at=now,
                version=1,
            )
        )
    return team_id, app_id


def _columns(url: str) -> set[str]:
    with engine_for(url).connect() as conn:
        return {c["name"] for c in sa.inspect(conn).get_columns("applications")}


def test_upgrading_from_empty_reaches_0004_with_the_new_columns(empty_url: str) -> None:
    upgrade(empty_url)
    assert current_revision(empty_url) == head_revision()
    assert _columns(empty_url) >= NEW_COLUMNS


def test_an_application_stored_before_0004_reads_with_the_safe_defaults(empty_url: str) -> None:
    upgrade(empty_url, BEFORE)
    assert not NEW_COLUMNS & _columns(empty_url)
    team_id, app_id = _store_old_application(empty_url)

    upgrade(empty_url)
    with engine_for(empty_url).connect() as conn:
        raw = conn.execute(
            text(
                "SELECT exclusion_indications, regime_support_indications, "
                "internal_protection_safe_there, internal_protection_safe_and_legal_travel, "
                "internal_protection_admittance, internal_protection_reasonable_to_settle "
                "FROM applications"
            )
        ).one()
    assert tuple(raw) == (None, None, *["not_assessed"] * 4)

    actor = Actor(user_id=None, username="cli", role="supervisor", team_id=team_id)
    with sessionmaker(engine_for(empty_url), expire_on_commit=False)() as session:
        detail = service.get_application(session, actor, app_id, "check the migration")
        assert detail.grounds == ["political_opinion"]
        assert detail.exclusion_indications is False
        assert detail.regime_support_indications is False
        assert set(detail.internal_protection.model_dump().values()) == {"not_assessed"}
        app = session.get_one(Application, app_id)
        case = case_of(session, app, session.get_one(Person, app.person_id))
        assert case.exclusion_indications is False and case.regime_support_indications is False
        assert case.internal_protection.admittance == "not_assessed"
        # and the old row takes the new facts like any other
        patch = FactsPatch.model_validate(
            {"exclusion_indications": True, "internal_protection": {"admittance": "yes"}}
        )
        service.update_facts(session, actor, app_id, patch, detail.version)
        session.commit()
        again = service.get_application(session, actor, app_id, "check the update")
        assert again.exclusion_indications is True
        assert again.internal_protection.admittance == "yes"


def test_the_downgrade_to_0003_keeps_the_application(empty_url: str) -> None:
    upgrade(empty_url, BEFORE)
    _, app_id = _store_old_application(empty_url)
    upgrade(empty_url)
    command.downgrade(alembic_config(empty_url), BEFORE)
    assert current_revision(empty_url) == BEFORE
    assert not NEW_COLUMNS & _columns(empty_url)
    with engine_for(empty_url).connect() as conn:
        ids = conn.execute(sa.select(APPLICATIONS.c.id)).scalars().all()
    assert ids == [app_id]
    upgrade(empty_url)  # and up again
    assert _columns(empty_url) >= NEW_COLUMNS
