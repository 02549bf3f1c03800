"""`refuge users add|add-team|token|password|list|unlock`: accounts from the command line,
audited as `cli` (`cli:USERNAME` for what a user does with their own password: token, password).

A user added here keeps the password the operator gave (the operator runs the server and holds
its database and keys anyway); a user an administrator adds through the API must set their own
first (`refuge users password`, or the API)."""

from __future__ import annotations

import sys
from datetime import UTC, datetime, timedelta
from typing import Annotated

import typer
from sqlalchemy import select

from refuge.accounts import password_change, passwords, service, throttle, tokens
from refuge.accounts.models import ROLES, Team, User
from refuge.accounts.passwords import WeakPassword
from refuge.audit.trail import record
from refuge.cli.db_cmd import database_errors, require_current
from refuge.cli.options import fail
from refuge.store.engine import transaction
from refuge.store.settings import database_url

ACTOR = "cli"

users_app = typer.Typer(
    help="Users, teams and API tokens (roles: " + ", ".join(ROLES) + ").",
    no_args_is_help=True,
)


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    value: str = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    return value


@users_app.command("add")
def add_command(
    username: Annotated[str, typer.Argument(help="Login name: lowercase letters, digits, . _ -")],
    role: Annotated[str, typer.Option("--role", help="One of: " + ", ".join(ROLES))],
    team: Annotated[str | None, typer.Option("--team", help="Team name (see add-team)")] = None,
    display_name: Annotated[
        str | None, typer.Option("--display-name", help="Full name shown in the UI")
    ] = None,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from standard input")
    ] = False,
) -> None:
    """Add a user; the password (12+ characters) is asked for, or read with --password-stdin."""
    if role not in ROLES:
        fail(f"--role {role!r} is not one of {', '.join(ROLES)}")
    url = database_url()
    require_current(url)
    password = _password(password_stdin)
    try:
        with database_errors(url), transaction(url) as session:
            user = service.add_user(
                session,
                username,
                password,
                role,
                actor=ACTOR,
                team=team,
                display_name=display_name,
            )
            user_id = user.id
    except (service.AccountError, WeakPassword) as exc:
        fail(str(exc))
    typer.echo(f"added {username} ({role}) with id {user_id}")


@users_app.command("add-team")
def add_team_command(name: Annotated[str, typer.Argument(help="The team's name")]) -> None:
    """Add a team; caseworkers and supervisors see their team's cases."""
    url = database_url()
    require_current(url)
    try:
        with database_errors(url), transaction(url) as session:
            team_id = service.add_team(session, name, actor=ACTOR).id
    except service.AccountError as exc:
        fail(str(exc))
    typer.echo(f"added team {name} with id {team_id}")


@users_app.command("token")
def token_command(
    username: Annotated[str, typer.Argument(help="Your username: the token is yours")],
    name: Annotated[str, typer.Option("--name", help="What the token is for")] = "api",
    expires_days: Annotated[
        int | None, typer.Option("--expires-days", min=1, help="Expire after this many days")
    ] = None,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read your password from standard input")
    ] = False,
) -> None:
    """Print a new bearer token for yourself: asks for USERNAME's password (a token is only
    issued to the user it belongs to). It is shown this once; only its hash is kept."""
    url = database_url()
    require_current(url)
    expires = datetime.now(UTC) + timedelta(days=expires_days) if expires_days else None
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = typer.prompt(f"Password of {username}", hide_input=True)
    token = None
    change_first = False
    with database_errors(url), transaction(url) as session:
        # the sign-in is audited, failed or not (and committed either way)
        user = service.authenticate(session, username, password)
        change_first = user is not None and user.password_change_required
        if user is not None and not change_first:
            _, token = tokens.issue(session, user, name, expires)
            record(
                session,
                actor=f"{ACTOR}:{username}",
                action="issue-token",
                entity="user",
                entity_id=str(user.id),
                purpose="own token",
            )
    if change_first:
        fail(
            f"{username}'s password was set by an administrator; {username} sets their own "
            f"first (`refuge users password {username}`), then issues the token"
        )
    if token is None:
        fail(
            "the username or password is wrong, or the account is disabled; a token is only "
            "issued to its own user, who gives their password"
        )
    typer.echo(token)


@users_app.command("password")
def password_command(
    username: Annotated[str, typer.Argument(help="Your username: the password is yours")],
    password_stdin: Annotated[
        bool,
        typer.Option(
            "--password-stdin",
            help="Read your current password, then the new one, from standard input (two lines)",
        ),
    ] = False,
) -> None:
    """Set your own password: asks for USERNAME's current password, then the new one (12 to
    1024 characters) twice. Ends USERNAME's browser sessions and revokes their tokens."""
    url = database_url()
    require_current(url)
    if password_stdin:
        current = sys.stdin.readline().rstrip("\r\n")
        new = sys.stdin.readline().rstrip("\r\n")
    else:
        current = typer.prompt(f"Current password of {username}", hide_input=True)
        new = typer.prompt("New password", hide_input=True, confirmation_prompt=True)
    refused: str | None = None
    changed = None
    with database_errors(url), transaction(url) as session:
        user = session.scalars(select(User).where(User.username == username)).one_or_none()
        try:
            if user is None or not user.active:
                passwords.verify(passwords.DUMMY_HASH, current)  # the same time as a wrong one
                raise password_change.WrongPassword
            changed = password_change.change_password(
                session, user, current, new, actor=f"{ACTOR}:{username}"
            )
        except password_change.WrongPassword:
            # audited and committed, like a failed sign-in
            record(
                session,
                actor=f"{ACTOR}:{username}" if user is not None else "anonymous",
                action=password_change.ACTION,
                entity="user",
                entity_id=str(user.id) if user is not None else "unknown",
                purpose="own password",
                outcome="failed",
            )
            refused = (
                "the username or current password is wrong, or the account is disabled; "
                "nothing was changed"
            )
        except (password_change.SamePassword, WeakPassword) as exc:
            refused = f"{exc}; nothing was changed"
    if refused is not None or changed is None:
        fail(refused or "nothing was changed")
    typer.echo(
        f"password of {username} changed; {changed.sessions_ended} browser session(s) ended, "
        f"{changed.tokens_revoked} token(s) revoked"
    )


@users_app.command("list")
def list_command() -> None:
    """List users: username, role, team, active."""
    url = database_url()
    require_current(url)
    with database_errors(url), transaction(url) as session:
        users, _ = service.list_users(session)
        teams = {t.id: t.name for t in session.scalars(select(Team))}
        record(
            session,
            actor=ACTOR,
            action="read",
            entity="user",
            entity_id="all",
            purpose="list users",
            fields=["username", "role", "team_id", "active"],
        )
        rows = [
            (
                u.username,
                u.role,
                teams.get(u.team_id, "-") if u.team_id else "-",
                "active" if u.active else "disabled",
            )
            for u in users
        ]
    width = max((len(r[0]) for r in rows), default=8)
    for username, role, team, state in rows:
        typer.echo(f"{username:<{width}}  {role:<10}  {team:<16}  {state}")


@users_app.command("unlock")
def unlock_command(
    username: Annotated[str, typer.Argument(help="Whose sign-in to unlock")],
) -> None:
    """Lift a lock after too many wrong passwords and forget the account's failed sign-ins."""
    url = database_url()
    require_current(url)
    with database_errors(url), transaction(url) as session:
        user = session.scalars(select(User).where(User.username == username)).one_or_none()
        if user is None:
            fail(f"there is no user {username!r}; see `refuge users list`")
        unlocked = throttle.unlock(session, username, actor=ACTOR, user_id=str(user.id))
    typer.echo(f"unlocked {username}" if unlocked else f"{username} was not locked")
