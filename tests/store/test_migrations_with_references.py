"""A store with data upgrades on SQLite although migrations rebuild tables that other rows
refer to (migration 0017 rebuilt `applications` while deadlines referred to it: `FOREIGN KEY
constraint failed`), foreign keys are enforced again afterwards, and a store whose rows refer
to rows that do not exist is refused with a message, unchanged."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa
from test_migration_0008_deadline_reason import BEFORE as OLD
from test_migration_0008_deadline_reason import _raw_reasons, _store_old_deadlines

from refuge.store.engine import engine_for
from refuge.store.migrate import BrokenReferences, current_revision, head_revision, upgrade


def test_a_store_with_rows_referring_to_applications_upgrades_to_the_newest(
    empty_url: str,
) -> None:
    upgrade(empty_url, OLD)
    _store_old_deadlines(empty_url, extensions=2)
    upgrade(empty_url, "0016_scenario_runs")
    upgrade(empty_url)  # 0017 rebuilds `applications` on SQLite
    assert current_revision(empty_url) == head_revision()
    assert len(_raw_reasons(empty_url)) == 3


def test_foreign_keys_are_enforced_after_an_upgrade(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'refuge.db'}"
    upgrade(url)
    with engine_for(url).connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        with pytest.raises(sa.exc.IntegrityError):
            conn.exec_driver_sql(
                "INSERT INTO deadlines (id, application_id, kind, months, legal_basis, reason,"
                " created_at, version) VALUES ('d', 'no-such-application', 'base', 6, 'x',"
                " x'00', '2025-01-01 00:00:00', 1)"
            )


def _break_a_reference(url: str) -> None:
    with engine_for(url).connect() as conn:
        conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
        conn.exec_driver_sql("UPDATE deadlines SET application_id = 'gone'")
        conn.commit()
        conn.exec_driver_sql("PRAGMA foreign_keys=ON")


def test_a_store_with_a_broken_reference_is_not_upgraded(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'refuge.db'}"
    upgrade(url, OLD)
    _store_old_deadlines(url)
    upgrade(url, "0016_scenario_runs")
    _break_a_reference(url)
    with pytest.raises(BrokenReferences, match="table deadlines"):
        upgrade(url)
    assert current_revision(url) == "0016_scenario_runs"


def test_refuge_db_upgrade_names_the_broken_reference(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'refuge.db'}"
    upgrade(url, OLD)
    _store_old_deadlines(url)
    upgrade(url, "0016_scenario_runs")
    _break_a_reference(url)
    engine_for(url).dispose()
    env = dict(os.environ, REFUGE_DATABASE_URL=url)
    done = subprocess.run(
        [sys.executable, "-m", "refuge", "db", "upgrade"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=120,
    )
    assert done.returncode == 2, done.stderr
    assert "refer to rows that do not exist" in done.stderr
    assert "table deadlines" in done.stderr
    assert "Traceback" not in done.stderr
