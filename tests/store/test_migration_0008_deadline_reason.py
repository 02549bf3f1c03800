"""Migration 0008 on SQLite and PostgreSQL: the reasons of decision periods stored in clear before
it are sealed on upgrade (and read back in clear through the model), opened again on downgrade."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command
from sqlalchemy import text
from sqlalchemy.orm import sessionmaker

from refuge.casework import service
from refuge.casework.actor import Actor
from refuge.casework.models import Deadline
from refuge.store.crypto import SecretKeyError, seal, unseal
from refuge.store.engine import engine_for
from refuge.store.migrate import alembic_config, current_revision, head_revision, upgrade

REVISION = "0008_encrypt_deadline_reason"
BEFORE = "0007_one_open_return_case"
SECRET = "awaiting the COI report on gay men in Homs; applicant fears his family"
BASE = "decision period from the application date"

# the rows as revision 0007 stores them (only what a deadline needs)
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
DEADLINES = sa.Table(
    "deadlines",
    OLD,
    sa.Column("id", sa.Uuid()),
    sa.Column("application_id", sa.Uuid()),
    sa.Column("kind", sa.String(20)),
    sa.Column("months", sa.Integer()),
    sa.Column("legal_basis", sa.String(40)),
    sa.Column("reason", sa.String(500)),
    sa.Column("granted_by", sa.Uuid()),
    sa.Column("created_at", sa.DateTime(timezone=True)),
    sa.Column("version", sa.Integer()),
)


def _store_old_deadlines(
    url: str, extensions: int = 1, tag: str = "1"
) -> tuple[uuid.UUID, uuid.UUID]:
    """An application with its base period and `extensions` extensions, stored under 0007."""
    team_id, person_id, app_id = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    now = datetime.now(UTC)
    with engine_for(url).begin() as conn:
        conn.execute(
            sa.insert(TEAMS).values(id=team_id, name=f"North {tag}", created_at=now, version=1)
        )
        conn.execute(
            sa.insert(PEOPLE).values(
                id=person_id,
                pseudonym=f"P-old-{tag}",
                v_number=f"12345678{tag}",
                nationality="SY",
                region_of_origin="SY-HM",
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
                grounds=seal(["sexual_orientation"], "applications.grounds"),
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
        rows = [("decision_period", 6, "art. 42(1) Vw", BASE)]
        rows += [("extension", 1, "art. 42(4) Vw", f"{SECRET} ({n})") for n in range(extensions)]
        conn.execute(
            sa.insert(DEADLINES),
            [
                {
                    "id": uuid.uuid4(),
                    "application_id": app_id,
                    "kind": kind,
                    "months": months,
                    "legal_basis": basis,
                    "reason": reason,
                    "granted_by": None,
                    "created_at": now,
                    "version": 1,
                }
                for kind, months, basis, reason in rows
            ],
        )
    return team_id, app_id


def _raw_reasons(url: str) -> list[tuple[Any, ...]]:
    with engine_for(url).connect() as conn:
        rows = conn.execute(text("SELECT reason FROM deadlines ORDER BY months DESC, id"))
        return [tuple(row) for row in rows]


def test_upgrading_from_empty_reaches_the_head_with_a_binary_reason(empty_url: str) -> None:
    upgrade(empty_url)
    assert current_revision(empty_url) == head_revision()
    with engine_for(empty_url).connect() as conn:
        (column,) = [c for c in sa.inspect(conn).get_columns("deadlines") if c["name"] == "reason"]
    assert isinstance(column["type"], sa.LargeBinary) and column["nullable"] is False


def test_reasons_stored_before_0008_are_sealed_and_read_in_clear(empty_url: str) -> None:
    upgrade(empty_url, BEFORE)
    team_id, app_id = _store_old_deadlines(empty_url, extensions=2)
    # and more rows than the migration converts in one batch (1000)
    _store_old_deadlines(empty_url, extensions=1000, tag="2")
    assert SECRET in str(_raw_reasons(empty_url))

    upgrade(empty_url, REVISION)
    raw = _raw_reasons(empty_url)
    assert len(raw) == 2 + 1 + 1000 + 1
    assert SECRET not in str(raw) and BASE not in str(raw)
    for (blob,) in raw:
        assert isinstance(unseal(bytes(blob), "deadlines.reason"), str)

    upgrade(empty_url)  # the service runs on the newest schema, as `refuge serve` requires
    actor = Actor(user_id=None, username="cli", role="supervisor", team_id=team_id)
    with sessionmaker(engine_for(empty_url), expire_on_commit=False)() as session:
        reasons = session.scalars(
            sa.select(Deadline.reason).where(Deadline.application_id == app_id)
        ).all()
        assert sorted(reasons) == sorted([BASE, f"{SECRET} (0)", f"{SECRET} (1)"])
        status = service.deadline_status(session, actor, app_id, date(2025, 6, 1))
        assert sorted(e.reason for e in status.extensions) == [f"{SECRET} (0)", f"{SECRET} (1)"]


def test_the_downgrade_opens_the_reasons_again(empty_url: str) -> None:
    upgrade(empty_url, BEFORE)
    _store_old_deadlines(empty_url)
    upgrade(empty_url, REVISION)
    command.downgrade(alembic_config(empty_url), BEFORE)
    assert current_revision(empty_url) == BEFORE
    assert [r for (r,) in _raw_reasons(empty_url)] == [BASE, f"{SECRET} (0)"]
    with engine_for(empty_url).connect() as conn:
        (column,) = [c for c in sa.inspect(conn).get_columns("deadlines") if c["name"] == "reason"]
    assert isinstance(column["type"], sa.String) and column["nullable"] is False
    upgrade(empty_url, REVISION)  # and up again
    assert SECRET not in str(_raw_reasons(empty_url))


def test_a_downgrade_with_another_key_stops_and_changes_nothing(
    empty_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    upgrade(empty_url, BEFORE)
    _store_old_deadlines(empty_url)
    upgrade(empty_url, REVISION)
    before = _raw_reasons(empty_url)
    monkeypatch.setenv("REFUGE_SECRET_KEY", "b" * 43 + "=")  # 32 other bytes
    with pytest.raises(SecretKeyError, match=r"cannot decrypt deadlines\.reason"):
        command.downgrade(alembic_config(empty_url), BEFORE)
    engine_for(empty_url).dispose()
    assert current_revision(empty_url) == REVISION
    assert _raw_reasons(empty_url) == before
