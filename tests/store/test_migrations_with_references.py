"""A store with data upgrades on SQLite although migrations rebuild tables that other rows
refer to (migration 0017 rebuilt `applications` while deadlines referred to it: `FOREIGN KEY
constraint failed`), foreign keys are enforced again afterwards, and an upgrade that would
leave a row referring to a row that does not exist stops."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from test_migration_0008_deadline_reason import BEFORE as OLD
from test_migration_0008_deadline_reason import _raw_reasons, _store_old_deadlines

from refuge.store.engine import engine_for
from refuge.store.migrate import (
    BrokenReferences,
    broken_references,
    check_no_new_breaks,
    current_revision,
    head_revision,
    upgrade,
)


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


def test_a_reference_broken_before_the_upgrade_is_left_as_it_was(tmp_path: Path) -> None:
    """Rows written with foreign keys off by other means are not the upgrade's to judge."""
    url = f"sqlite:///{tmp_path / 'refuge.db'}"
    upgrade(url, OLD)
    _store_old_deadlines(url)
    upgrade(url, "0016_scenario_runs")
    _break_a_reference(url)
    with engine_for(url).connect() as conn:
        broken = broken_references(conn)
    assert len(broken) == 2  # the base period and its extension
    upgrade(url)
    assert current_revision(url) == head_revision()
    with engine_for(url).connect() as conn:
        assert broken_references(conn) == broken


def test_a_reference_the_migrations_broke_stops_the_upgrade() -> None:
    before = {("deadlines", 1, "applications", 0)}
    check_no_new_breaks(before, set(before))  # the same: nothing new
    with pytest.raises(BrokenReferences, match=r"2 row\(s\).*table assessments \(rowid 7\)"):
        check_no_new_breaks(
            before,
            before | {("assessments", 7, "users", 0), ("assessments", 8, "users", 0)},
        )
