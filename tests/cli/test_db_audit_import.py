"""`refuge db`, `refuge audit` and `refuge import cases` from the command line."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from refuge.accounts.models import Team, User
from refuge.audit.trail import record
from refuge.cli import app

runner = CliRunner()


@pytest.fixture
def env(db_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("REFUGE_DATABASE_URL", db_url)
    monkeypatch.setenv("REFUGE_LOG_LEVEL", "warning")
    return db_url


def _events(session: Session, n: int) -> None:
    for i in range(n):
        record(
            session,
            actor="alice" if i % 2 else "bob",
            action="read",
            entity="application",
            entity_id=f"A-{i}",
            fields=["grounds"],
            purpose="prepare the hearing",
        )
    session.commit()


# --- refuge db ----------------------------------------------------------------------------


def test_db_upgrade_creates_the_embedded_database_and_says_its_revision() -> None:
    status = runner.invoke(app, ["db", "status"])
    assert status.exit_code == 1 and "revision: none (empty database)" in status.stdout
    upgraded = runner.invoke(app, ["db", "upgrade"])
    assert upgraded.exit_code == 0, upgraded.output
    assert "refuge.db: revision " in upgraded.stdout and "upgraded from empty" in upgraded.stdout
    again = runner.invoke(app, ["db", "upgrade"])
    assert "already up to date" in again.stdout
    status = runner.invoke(app, ["db", "status"])
    assert status.exit_code == 0 and status.stdout.rstrip().endswith("up to date")


def test_an_unreachable_database_is_named_without_its_password(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(
        "REFUGE_DATABASE_URL", "postgresql+psycopg://clerk:hunter2@127.0.0.1:1/refuge"
    )
    for command in (["db", "upgrade"], ["db", "status"], ["audit", "verify"]):
        result = runner.invoke(app, command)
        assert result.exit_code == 2, result.output
        assert result.stderr.startswith(
            "refuge: error: cannot use the database at "
            "postgresql+psycopg://clerk:***@127.0.0.1:1/refuge ("
        )
        assert "hunter2" not in result.output
        assert "Traceback" not in result.output


def test_a_url_without_a_known_driver_is_explained(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REFUGE_DATABASE_URL", "mysql+nodriver://u:pw@host/db")
    result = runner.invoke(app, ["db", "status"])
    assert result.exit_code == 2
    assert "names no database driver Refuge knows" in result.stderr and "pw@" not in result.stderr


def test_commands_on_a_database_not_set_up_say_to_upgrade(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REFUGE_DATABASE_URL", f"sqlite:///{tmp_path / 'new.db'}")
    result = runner.invoke(app, ["audit", "verify"])
    assert result.exit_code == 2 and "run `refuge db upgrade`" in result.stderr


# --- refuge audit -------------------------------------------------------------------------


def test_verify_reports_the_count_and_head(env: str, session: Session) -> None:
    _events(session, 4)
    result = runner.invoke(app, ["audit", "verify"])
    assert result.exit_code == 0, result.output
    head = session.scalar(text("SELECT hash FROM audit_events WHERE seq = 4"))
    assert result.stdout.strip() == f"ok: 4 events, chain intact, head {head}"


def test_verify_names_the_first_altered_row_and_exits_1(env: str, session: Session) -> None:
    _events(session, 5)
    session.execute(text("UPDATE audit_events SET purpose = 'nothing to see' WHERE seq = 2"))
    session.commit()
    result = runner.invoke(app, ["audit", "verify"])
    assert result.exit_code == 1
    assert result.stdout.startswith("broken at event 2 (altered): event 2 was changed")


def test_verify_with_the_kept_head_catches_a_cut_off_tail(env: str, session: Session) -> None:
    _events(session, 5)
    first = runner.invoke(app, ["audit", "verify"]).stdout.split()
    kept_count, kept_head = first[1], first[-1]
    _events(session, 2)
    grown = runner.invoke(
        app, ["audit", "verify", "--expect-head", kept_head, "--expect-count", kept_count]
    )
    assert grown.exit_code == 0 and "chain intact and holds the kept head" in grown.stdout
    session.execute(text("DELETE FROM audit_events WHERE seq > 3"))
    session.commit()
    assert runner.invoke(app, ["audit", "verify"]).exit_code == 0  # the chain alone passes
    cut = runner.invoke(
        app, ["audit", "verify", "--expect-head", kept_head, "--expect-count", kept_count]
    )
    assert cut.exit_code == 1
    assert "broken at event 4 (deleted): events 4..5 are missing from the end" in cut.stdout
    by_head = runner.invoke(app, ["audit", "verify", "--expect-head", kept_head])
    assert by_head.exit_code == 1 and "no event has the kept head hash" in by_head.stdout


def test_verify_refuses_a_head_that_is_not_a_hash(env: str) -> None:
    result = runner.invoke(app, ["audit", "verify", "--expect-head", "abc"])
    assert result.exit_code == 2 and "64-character hex hash" in result.stderr


def test_list_filters_by_actor_and_entity_newest_last(env: str, session: Session) -> None:
    _events(session, 6)
    result = runner.invoke(
        app, ["audit", "list", "--actor", "alice", "--limit", "2", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    import json

    events = json.loads(result.stdout)
    assert [e["entity_id"] for e in events] == ["A-3", "A-5"]
    assert events[0]["fields"] == ["grounds"] and len(events[0]["hash"]) == 64
    table = runner.invoke(app, ["audit", "list", "--entity", "application"])
    assert table.exit_code == 0 and "prepare the hearing" in table.stdout
    none = runner.invoke(app, ["audit", "list", "--entity", "decision", "--format", "json"])
    assert none.stdout.strip() == "[]"


# --- refuge import cases ------------------------------------------------------------------

CSV = (
    "import_key,v_number,nationality,region,application_date,grounds,credibility,"
    "risk_profiles,team\n"
    "K1,5000000001,SY,SY-DI,2025-05-01,religion;ethnicity,credible,alawite,North\n"
    "K2,5000000002,SY,SY-HM,2025-05-02,sexual_orientation,not_assessed,lgbtiq,North\n"
)


def test_import_cases_imports_then_skips_on_a_rerun(
    env: str, session: Session, tmp_path: Path
) -> None:
    session.add(Team(name="North"))
    session.add(User(username="ops", display_name="Ops", password_hash="x", role="admin"))
    session.commit()
    path = tmp_path / "cases.csv"
    path.write_text(CSV, encoding="utf-8")
    first = runner.invoke(app, ["import", "cases", str(path), "--as", "ops"])
    assert first.exit_code == 0, first.output
    assert f"{path}: 2 imported, 0 already there, 2 rows in 1 batches" in first.stdout
    again = runner.invoke(app, ["import", "cases", str(path)])
    assert "0 imported, 2 already there" in again.stdout
    actors = set(session.scalars(text("SELECT DISTINCT actor FROM audit_events")))
    assert actors == {"cli:ops"}
    assert runner.invoke(app, ["audit", "verify"]).stdout.startswith("ok: 6 events")


def test_import_cases_lists_every_problem_and_exits_2(
    env: str, session: Session, tmp_path: Path
) -> None:
    session.add(Team(name="North"))
    session.commit()
    path = tmp_path / "cases.csv"
    path.write_text(
        CSV.replace("K2,5000000002", "K2,50") + "K3,5000000003,SY,SY-DI,2025-05-03,"
        "religion,sure,,North\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["import", "cases", str(path)])
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"{path}:3: field 'v_number': ")
    assert lines[1].startswith(f"{path}:4: field 'credibility': ")
    assert lines[-1] == f"refuge: error: {path}: 2 problems; fix them and run the command again"
    assert session.scalar(text("SELECT count(*) FROM applications")) == 0


def test_import_as_an_unknown_user_is_refused(env: str, tmp_path: Path) -> None:
    path = tmp_path / "cases.csv"
    path.write_text(CSV, encoding="utf-8")
    result = runner.invoke(app, ["import", "cases", str(path), "--as", "nobody"])
    assert result.exit_code == 2 and "--as 'nobody': there is no active user" in result.stderr
