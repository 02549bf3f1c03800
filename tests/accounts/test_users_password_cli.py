"""`refuge users password` sets one's own password from the console, and `refuge users token`
issues no token to a user whose password an administrator chose (created through the API) until
they have; `refuge users add` (the operator's) does not require a change. Both databases."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import typer
from sqlalchemy import func, select
from typer.testing import CliRunner

from refuge.accounts import passwords, service, tokens
from refuge.accounts.models import ApiToken, User, WebSession
from refuge.audit.models import AuditEvent
from refuge.cli.users_cmd import users_app
from refuge.store.engine import transaction

cli = typer.Typer()
cli.add_typer(users_app, name="users")
runner = CliRunner()
FIRST = "chosen by the administrator"
OWN = "only anna knows this one"


@pytest.fixture(autouse=True)
def _anna(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Anna, as an administrator creates her through the API (POST /users)."""
    monkeypatch.setenv("REFUGE_DATABASE_URL", db_url)
    with transaction(db_url) as s:
        service.add_team(s, "north", actor="test")
        service.add_user(
            s,
            "anna",
            FIRST,
            "caseworker",
            actor="admin",
            team="north",
            password_change_required=True,
        )


def _anna_row(db_url: str) -> tuple[bool, str]:
    with transaction(db_url) as s:
        anna = s.scalars(select(User).where(User.username == "anna")).one()
        return anna.password_change_required, anna.password_hash


def _tokens(db_url: str) -> int:
    with transaction(db_url) as s:
        return int(s.scalar(select(func.count()).select_from(ApiToken)) or 0)


def _events(db_url: str, action: str) -> list[AuditEvent]:
    with transaction(db_url) as s:
        rows = s.scalars(select(AuditEvent).where(AuditEvent.action == action))
        return list(rows)


def test_no_token_until_the_user_has_set_their_own_password(db_url: str) -> None:
    refused = runner.invoke(cli, ["users", "token", "anna", "--password-stdin"], input=FIRST)
    assert refused.exit_code == 2, refused.output
    assert "rfg_" not in refused.output
    assert "refuge users password anna" in refused.output
    assert _tokens(db_url) == 0
    assert [(e.actor, e.outcome) for e in _events(db_url, "login")] == [("anna", "ok")]
    assert _events(db_url, "issue-token") == []


def test_the_user_sets_their_own_password_then_gets_a_token(db_url: str) -> None:
    changed = runner.invoke(
        cli, ["users", "password", "anna", "--password-stdin"], input=f"{FIRST}\n{OWN}\n"
    )
    assert changed.exit_code == 0, changed.output
    assert "password of anna changed" in changed.output
    assert FIRST not in changed.output and OWN not in changed.output
    required, password_hash = _anna_row(db_url)
    assert required is False
    assert passwords.verify(password_hash, OWN) and not passwords.verify(password_hash, FIRST)

    events = _events(db_url, "change-password")
    assert [(e.actor, e.outcome) for e in events] == [("cli:anna", "ok")]
    assert all(FIRST not in str(e.as_dict()) and OWN not in str(e.as_dict()) for e in events)

    # the first password no longer gives a token; her own does
    old = runner.invoke(cli, ["users", "token", "anna", "--password-stdin"], input=FIRST)
    assert old.exit_code == 2 and "rfg_" not in old.output
    issued = runner.invoke(cli, ["users", "token", "anna", "--password-stdin"], input=OWN)
    assert issued.exit_code == 0, issued.output
    with transaction(db_url) as s:
        holder = tokens.user_for(s, issued.output.strip().splitlines()[-1], datetime.now(UTC))
        assert holder is not None and holder.username == "anna"


def test_at_the_prompt_the_new_password_is_asked_twice(db_url: str) -> None:
    changed = runner.invoke(cli, ["users", "password", "anna"], input=f"{FIRST}\n{OWN}\n{OWN}\n")
    assert changed.exit_code == 0, changed.output
    assert "Current password of anna" in changed.output and "Repeat" in changed.output
    assert _anna_row(db_url)[0] is False


@pytest.mark.parametrize(
    ("lines", "says"),
    [
        (f"not the first password\n{OWN}\n", "current password is wrong"),
        (f"{FIRST}\n{FIRST}\n", "is the current one"),
        (f"{FIRST}\nshort\n", "12 to 1024 characters"),
    ],
    ids=["wrong current", "same", "weak"],
)
def test_a_refused_change_changes_nothing(db_url: str, lines: str, says: str) -> None:
    before = _anna_row(db_url)
    refused = runner.invoke(cli, ["users", "password", "anna", "--password-stdin"], input=lines)
    assert refused.exit_code == 2, refused.output
    assert says in refused.output and "nothing was changed" in refused.output
    assert _anna_row(db_url) == before
    outcomes = [(e.actor, e.outcome) for e in _events(db_url, "change-password")]
    assert outcomes == ([("cli:anna", "failed")] if says.startswith("current") else [])


def test_an_unknown_or_disabled_user_is_refused_alike(db_url: str) -> None:
    unknown = runner.invoke(
        cli, ["users", "password", "nobody", "--password-stdin"], input=f"{FIRST}\n{OWN}\n"
    )
    with transaction(db_url) as s:
        anna = s.scalars(select(User).where(User.username == "anna")).one()
        service.update_user(s, anna, actor="test", active=False)
    disabled = runner.invoke(
        cli, ["users", "password", "anna", "--password-stdin"], input=f"{FIRST}\n{OWN}\n"
    )
    assert unknown.exit_code == disabled.exit_code == 2
    assert "current password is wrong" in unknown.output
    assert "current password is wrong" in disabled.output
    assert _anna_row(db_url)[0] is True


def test_a_change_ends_the_sessions_and_revokes_the_tokens(db_url: str) -> None:
    with transaction(db_url) as s:
        bob = service.add_user(s, "bob", FIRST, "analyst", actor="cli")
        service.start_session(s, bob, datetime.now(UTC))
        tokens.issue(s, bob)
    changed = runner.invoke(
        cli, ["users", "password", "bob", "--password-stdin"], input=f"{FIRST}\n{OWN}\n"
    )
    assert changed.exit_code == 0, changed.output
    assert "1 browser session(s) ended, 1 token(s) revoked" in changed.output
    with transaction(db_url) as s:
        assert s.scalars(select(WebSession.ended)).all() == [True]
        assert s.scalars(select(ApiToken.revoked)).all() == [True]


def test_a_user_the_operator_adds_need_not_change_their_password(db_url: str) -> None:
    added = runner.invoke(
        cli, ["users", "add", "carla", "--role", "analyst", "--password-stdin"], input=FIRST
    )
    assert added.exit_code == 0, added.output
    with transaction(db_url) as s:
        carla = s.scalars(select(User).where(User.username == "carla")).one()
        assert carla.password_change_required is False
    issued = runner.invoke(cli, ["users", "token", "carla", "--password-stdin"], input=FIRST)
    assert issued.exit_code == 0, issued.output
