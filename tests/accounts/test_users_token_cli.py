"""`refuge users token` issues a token only to the user who gives their own password: whoever
runs the command cannot mint one for someone else (issue 7, defect 2)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import typer
from sqlalchemy import func, select
from typer.testing import CliRunner

from refuge.accounts import service, tokens
from refuge.accounts.models import ApiToken
from refuge.audit.models import AuditEvent
from refuge.cli.users_cmd import users_app
from refuge.store.engine import transaction

cli = typer.Typer()
cli.add_typer(users_app, name="users")
runner = CliRunner()
PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def _anna(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REFUGE_DATABASE_URL", db_url)
    with transaction(db_url) as s:
        service.add_team(s, "north", actor="test")
        service.add_user(s, "anna", PASSWORD, "caseworker", actor="test", team="north")


def _tokens(db_url: str) -> int:
    with transaction(db_url) as s:
        return int(s.scalar(select(func.count()).select_from(ApiToken)) or 0)


def _events(db_url: str, action: str) -> list[tuple[str, str]]:
    with transaction(db_url) as s:
        rows = s.scalars(select(AuditEvent).where(AuditEvent.action == action))
        return [(e.actor, e.outcome) for e in rows]


def test_without_the_users_password_there_is_no_token(db_url: str) -> None:
    for attempt in (["--password-stdin"], []):  # piped, or at the prompt
        refused = runner.invoke(
            cli, ["users", "token", "anna", *attempt], input="not annas password\n"
        )
        assert refused.exit_code == 2, refused.output
        assert "rfg_" not in refused.output and "its own user" in refused.output
    assert _tokens(db_url) == 0
    assert _events(db_url, "login") == [("anna", "failed"), ("anna", "failed")]
    assert _events(db_url, "issue-token") == []


def test_a_user_issues_their_own_token_with_their_password(db_url: str) -> None:
    issued = runner.invoke(
        cli, ["users", "token", "anna", "--name", "script"], input=PASSWORD + "\n"
    )
    assert issued.exit_code == 0, issued.output
    token = issued.output.strip().splitlines()[-1]
    assert PASSWORD not in issued.output
    with transaction(db_url) as s:
        user = tokens.user_for(s, token, datetime.now(UTC))
        assert user is not None and user.username == "anna"
    assert _events(db_url, "login") == [("anna", "ok")]
    assert _events(db_url, "issue-token") == [("cli:anna", "ok")]


def test_a_disabled_user_gets_no_token(db_url: str) -> None:
    with transaction(db_url) as s:
        anna = s.scalars(select(service.User).where(service.User.username == "anna")).one()
        service.update_user(s, anna, actor="test", active=False)
    refused = runner.invoke(cli, ["users", "token", "anna", "--password-stdin"], input=PASSWORD)
    assert refused.exit_code == 2
    assert _tokens(db_url) == 0
