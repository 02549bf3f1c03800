"""`refuge deadlines`: the table of due dates from the database, and a clear stop when the
database is not set up."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import typer
from casework_helpers import make_people, new_application
from sqlalchemy import select
from typer.testing import CliRunner

from refuge.accounts.models import User
from refuge.casework import periods, service
from refuge.casework.actor import Actor
from refuge.cli.deadlines_cmd import deadlines_command
from refuge.store.engine import transaction
from refuge.store.migrate import upgrade

app = typer.Typer()
app.command()(deadlines_command)


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("REFUGE_DATABASE_URL", url)
    upgrade(url)
    with transaction(url) as session:
        people = make_people(session)
    with transaction(url) as session:
        for v, day in (("1000000001", date(2024, 11, 1)), ("1000000002", date(2024, 1, 2))):
            data = new_application(v_number=v, application_date=day)
            service.register_application(session, people.alice, data, date(2025, 9, 1))
    return url


def test_the_table_shows_the_due_date_moved_by_the_moratorium(db: str) -> None:
    result = CliRunner().invoke(app, ["--as-of", "2025-03-01"], env={"COLUMNS": "160"})
    assert result.exit_code == 0, result.output
    assert "2 open applications on 2025-03-01" in result.output
    assert "2025-10-31" in result.output and "183" in result.output
    assert "clock stopped" in result.output


def test_overdue_only_and_per_caseworker(db: str) -> None:
    result = CliRunner().invoke(app, ["--overdue", "--as-of", "2025-11-05"])
    assert result.exit_code == 0, result.output
    assert "2 overdue applications" in result.output and "OVERDUE" in result.output
    result = CliRunner().invoke(app, ["--overdue", "--caseworker", "bob", "--as-of", "2025-11-05"])
    assert "0 overdue applications" in result.output
    result = CliRunner().invoke(app, ["--caseworker", "nobody"])
    assert result.exit_code == 2 and "no user 'nobody'" in result.output


def test_a_database_that_is_not_set_up_stops_with_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REFUGE_DATABASE_URL", f"sqlite:///{tmp_path / 'empty.db'}")
    result = CliRunner().invoke(app, [])
    assert result.exit_code == 2
    assert "refuge db upgrade" in result.output


def test_the_table_names_the_law_of_each_application(
    db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # lodged on 12 June 2026: art. 35 of the APR; a postponement with no end set yet (as if the
    # pack had one) holds its due date at 21 months from lodging
    with transaction(db) as session:
        user = session.scalars(select(User).where(User.username == "alice")).one()
        alice = Actor(user_id=user.id, username="alice", role="caseworker", team_id=user.team_id)
        data = new_application(v_number="1000000003", application_date=date(2026, 6, 12))
        service.register_application(session, alice, data, date(2026, 6, 12))
    monkeypatch.setattr(periods, "decision_moratoria", lambda country: [(date(2026, 8, 1), None)])
    result = CliRunner().invoke(app, ["--as-of", "2026-09-01"], env={"COLUMNS": "160"})
    assert result.exit_code == 0, result.output
    row = next(line for line in result.output.splitlines() if "2026-06-12" in line)
    assert "2028-03-12" in row and "art. 35 APR" in row
    assert "held at the 21-month limit" in result.output
    assert "art. 42 Vw" in result.output
    assert "art. 35 Regulation (EU) 2024/1348" in result.output  # the table's caption
