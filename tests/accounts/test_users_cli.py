"""`refuge users add|add-team|token|list` against both databases; every change is audited."""

from __future__ import annotations

import pytest
import typer
from sqlalchemy import select
from typer.testing import CliRunner

from refuge.accounts import tokens
from refuge.accounts.models import User
from refuge.audit.models import AuditEvent
from refuge.cli.users_cmd import users_app
from refuge.store.engine import transaction

cli = typer.Typer()
cli.add_typer(users_app, name="users")
runner = CliRunner()


@pytest.fixture(autouse=True)
def _database(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REFUGE_DATABASE_URL", db_url)


def test_add_team_user_token_and_list(db_url: str) -> None:
    assert runner.invoke(cli, ["users", "add-team", "north"]).exit_code == 0
    added = runner.invoke(
        cli,
        [
            "users",
            "add",
            "anna",
            "--role",
            "caseworker",
            "--team",
            "north",
            "--display-name",
            "Anna de Vries",
            "--password-stdin",
        ],
        input="correct horse battery staple\n",
    )
    assert added.exit_code == 0, added.output
    issued = runner.invoke(
        cli,
        ["users", "token", "anna", "--expires-days", "30", "--password-stdin"],
        input="correct horse battery staple\n",
    )
    assert issued.exit_code == 0, issued.output
    token = issued.output.strip()
    listed = runner.invoke(cli, ["users", "list"])
    assert "anna" in listed.output and "caseworker" in listed.output and "north" in listed.output
    with transaction(db_url) as s:
        from datetime import UTC, datetime

        user = tokens.user_for(s, token, datetime.now(UTC))
        assert user is not None and user.username == "anna"
        assert user.display_name == "Anna de Vries"
        actors = set(s.scalars(select(AuditEvent.actor)))
        actions = set(s.scalars(select(AuditEvent.action)))
    assert actors == {"cli", "anna", "cli:anna"}  # anna signed in for her own token
    assert {"create", "issue-token", "read", "login"} <= actions


def test_prompted_password_must_be_confirmed(db_url: str) -> None:
    result = runner.invoke(
        cli,
        ["users", "add", "bert", "--role", "admin"],
        input="correct horse battery staple\ncorrect horse battery staple\n",
    )
    assert result.exit_code == 0, result.output
    assert "correct horse" not in result.output


def test_bad_input_is_a_clear_error(db_url: str) -> None:
    role = runner.invoke(
        cli, ["users", "add", "c", "--role", "king", "--password-stdin"], input="x\n"
    )
    assert role.exit_code == 2 and "caseworker" in role.output
    weak = runner.invoke(
        cli, ["users", "add", "carla", "--role", "admin", "--password-stdin"], input="short\n"
    )
    assert weak.exit_code == 2 and "12 to 1024" in weak.output
    team = runner.invoke(
        cli,
        ["users", "add", "dirk", "--role", "caseworker", "--team", "nope", "--password-stdin"],
        input="correct horse battery staple\n",
    )
    assert team.exit_code == 2 and "no team 'nope'" in team.output
    nobody = runner.invoke(cli, ["users", "token", "nobody", "--password-stdin"], input="x\n")
    assert nobody.exit_code == 2
    with transaction(db_url) as s:
        assert s.scalars(select(User)).all() == []


def test_refuses_an_unmigrated_database(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("REFUGE_DATABASE_URL", f"sqlite:///{tmp_path / 'empty.db'}")
    result = runner.invoke(cli, ["users", "list"])
    assert result.exit_code == 2
    assert "refuge db upgrade" in result.output
