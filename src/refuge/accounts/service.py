"""Accounts: add users and teams, sign in with a password, and browser sessions.

Browser sessions end after 30 minutes without a request (`INACTIVITY`) and 12 hours after
sign-in whatever happens (`LIFETIME`) (ASVS 7.3.1, 7.3.2). Disabling a user ends their sessions
and revokes their tokens. Every change is written to the audit trail by the caller's `actor`.

Nobody changes their own role or team (`OwnRoleOrTeam`): an administrator who could make
themselves a caseworker of a team could read its cases. Every role or team a user is given, at
creation or later, is an event of its own (`change-role`, `change-team`) that names who, whose,
and from what to what.
"""

from __future__ import annotations

import secrets
import uuid
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from refuge.accounts import passwords, tokens
from refuge.accounts.models import ROLES, Team, User, WebSession
from refuge.audit.trail import record
from refuge.store.base import as_utc

INACTIVITY = timedelta(minutes=30)
LIFETIME = timedelta(hours=12)
TOUCH_EVERY = timedelta(minutes=1)  # write last_seen_at at most this often


class AccountError(Exception):
    """A request about accounts that cannot be done; `code` is stable, the message says why."""

    code = "account-error"
    status = 400


class UsernameTaken(AccountError):
    code = "username-taken"
    status = 409

    def __init__(self, username: str) -> None:
        super().__init__(f"there is already a user called {username!r}; choose another name")


class UnknownTeam(AccountError):
    code = "unknown-team"
    status = 400

    def __init__(self, team: str) -> None:
        super().__init__(f"there is no team {team!r}; create it first (`refuge users` or the API)")


class TeamTaken(AccountError):
    code = "team-taken"
    status = 409

    def __init__(self, name: str) -> None:
        super().__init__(f"there is already a team called {name!r}")


class UnknownRole(AccountError):
    code = "unknown-role"
    status = 400

    def __init__(self, role: str) -> None:
        super().__init__(f"role {role!r} is not one of {', '.join(ROLES)}")


class OwnRoleOrTeam(AccountError):
    code = "own-role-or-team"
    status = 403

    def __init__(self, action: str, purpose: str) -> None:
        super().__init__(
            "nobody changes their own role or team; ask another administrator to do it "
            "(the change is then in the audit trail under their name)"
        )
        # what was refused, for the caller to audit (outcome denied) once this is rolled back
        self.action = action  # change-role or change-team
        self.purpose = purpose  # e.g. "role of admin: admin -> caseworker"


class TokenForAnotherUser(AccountError):
    code = "token-for-another-user"
    status = 403

    def __init__(self) -> None:
        super().__init__(
            "a token is only issued to the user it belongs to: they sign in with their password "
            "and issue it themselves (POST /api/v1/sessions/current/tokens)"
        )


def find_team(session: Session, team: str) -> Team:
    """A team by name or id."""
    try:
        found = session.get(Team, uuid.UUID(team))
    except ValueError:
        found = session.scalars(select(Team).where(Team.name == team)).one_or_none()
    if found is None:
        raise UnknownTeam(team)
    return found


def add_team(session: Session, name: str, *, actor: str) -> Team:
    if session.scalars(select(Team).where(Team.name == name)).first() is not None:
        raise TeamTaken(name)
    team = Team(name=name)
    session.add(team)
    session.flush()
    record(
        session,
        actor=actor,
        action="create",
        entity="team",
        entity_id=str(team.id),
        purpose="account administration",
        fields=["name"],
    )
    return team


def add_user(
    session: Session,
    username: str,
    password: str,
    role: str,
    *,
    actor: str,
    team: str | None = None,
    display_name: str | None = None,
    password_change_required: bool = False,
) -> User:
    """A new user. `password_change_required=True` when the actor chose the password for
    someone else (`POST /users`): the user must set their own before anything else."""
    if role not in ROLES:
        raise UnknownRole(role)
    if session.scalars(select(User).where(User.username == username)).first() is not None:
        raise UsernameTaken(username)
    team_id = find_team(session, team).id if team else None
    user = User(
        username=username,
        display_name=display_name or username,
        password_hash=passwords.hash_password(password),
        role=role,
        team_id=team_id,
        active=True,
        password_change_required=password_change_required,
    )
    session.add(user)
    session.flush()
    record(
        session,
        actor=actor,
        action="create",
        entity="user",
        entity_id=str(user.id),
        purpose="account administration",
        fields=[
            "username",
            "display_name",
            "role",
            "team_id",
            "password_hash",
            *(["password_change_required"] if password_change_required else []),
        ],
    )
    _audit_role(session, user, None, role, actor=actor)
    if team_id is not None:
        _audit_team(session, user, None, team_id, actor=actor)
    return user


def _team_name(session: Session, team_id: uuid.UUID | None) -> str:
    team = session.get(Team, team_id) if team_id is not None else None
    return team.name if team is not None else "none"


def _role_change(user: User, old: str | None, new: str) -> str:
    return f"role of {user.username}: {old or 'none'} -> {new}"


def _team_change(session: Session, user: User, old: uuid.UUID | None, new: uuid.UUID | None) -> str:
    """By team name, or by id where long names would not fit the event's 200 characters."""
    text = f"team of {user.username}: {_team_name(session, old)} -> {_team_name(session, new)}"
    if len(text) > 200:
        text = f"team of {user.username}: {old or 'none'} -> {new or 'none'}"
    return text


def _audit_role(session: Session, user: User, old: str | None, new: str, *, actor: str) -> None:
    """Who (`actor`) gave whom (`user`) which role instead of which: names, never secrets."""
    record(
        session,
        actor=actor,
        action="change-role",
        entity="user",
        entity_id=str(user.id),
        purpose=_role_change(user, old, new),
        fields=["role"],
    )


def _audit_team(
    session: Session, user: User, old: uuid.UUID | None, new: uuid.UUID | None, *, actor: str
) -> None:
    record(
        session,
        actor=actor,
        action="change-team",
        entity="user",
        entity_id=str(user.id),
        purpose=_team_change(session, user, old, new),
        fields=["team_id"],
    )


def update_user(
    session: Session,
    user: User,
    *,
    actor: str,
    role: str | None = None,
    team: str | None = None,
    display_name: str | None = None,
    active: bool | None = None,
) -> User:
    """Change a user; `actor` is the username of who does it. Changing one's own role or team
    is refused (`OwnRoleOrTeam`) before anything is written; each role or team change is
    audited with its old and new value."""
    if role is not None and role not in ROLES:
        raise UnknownRole(role)
    new_role = role if role is not None and role != user.role else None
    new_team = find_team(session, team).id if team is not None else None
    if new_team == user.team_id:
        new_team = None
    if new_role is not None and actor == user.username:
        raise OwnRoleOrTeam("change-role", _role_change(user, user.role, new_role))
    if new_team is not None and actor == user.username:
        raise OwnRoleOrTeam("change-team", _team_change(session, user, user.team_id, new_team))
    changed: list[str] = []
    if new_role is not None:
        _audit_role(session, user, user.role, new_role, actor=actor)
        user.role = new_role
        changed.append("role")
    if new_team is not None:
        _audit_team(session, user, user.team_id, new_team, actor=actor)
        user.team_id = new_team
        changed.append("team_id")
    if display_name is not None:
        user.display_name = display_name
        changed.append("display_name")
    if active is not None and active != user.active:
        user.active = active
        changed.append("active")
        if not active:
            end_all_sessions(session, user.id, actor=actor)
            tokens.revoke_all(session, user.id)
    session.flush()
    record(
        session,
        actor=actor,
        action="update",
        entity="user",
        entity_id=str(user.id),
        purpose="account administration",
        fields=changed,
    )
    return user


def list_users(session: Session, offset: int = 0, limit: int = 1000) -> tuple[list[User], int]:
    total = session.scalar(select(func.count()).select_from(User)) or 0
    users = session.scalars(select(User).order_by(User.username).offset(offset).limit(limit))
    return list(users), total


def list_teams(session: Session, offset: int = 0, limit: int = 1000) -> tuple[list[Team], int]:
    total = session.scalar(select(func.count()).select_from(Team)) or 0
    teams = session.scalars(select(Team).order_by(Team.name).offset(offset).limit(limit))
    return list(teams), total


def authenticate(session: Session, username: str, password: str) -> User | None:
    """The active user with this username and password, or None. Audits the attempt either way
    and upgrades an outdated hash on success."""
    user = session.scalars(select(User).where(User.username == username)).one_or_none()
    ok = passwords.verify(user.password_hash if user else passwords.DUMMY_HASH, password)
    ok = ok and user is not None and user.active
    record(
        session,
        actor=user.username if user else "anonymous",
        action="login",
        entity="user",
        entity_id=str(user.id) if user else "unknown",
        purpose="sign in",
        outcome="ok" if ok else "failed",
    )
    if not ok or user is None:
        return None
    if passwords.needs_rehash(user.password_hash):
        user.password_hash = passwords.hash_password(password)
    return user


def start_session(session: Session, user: User, now: datetime) -> tuple[WebSession, str]:
    """A browser session for `user`: the stored record and the cookie value (show it once)."""
    cookie = secrets.token_urlsafe(32)
    web = WebSession(
        user_id=user.id,
        cookie_sha256=tokens.digest(cookie),
        created_at=now,
        last_seen_at=now,
        expires_at=now + LIFETIME,
    )
    session.add(web)
    session.flush()
    return web, cookie


def find_session(session: Session, cookie: str) -> WebSession | None:
    if not cookie or len(cookie) > 100:
        return None
    return session.scalars(
        select(WebSession).where(WebSession.cookie_sha256 == tokens.digest(cookie))
    ).one_or_none()


def resume_session(session: Session, cookie: str, now: datetime) -> User | None:
    """The user of a live session (not ended, not idle too long, not past its lifetime), or
    None. Records the activity."""
    web = find_session(session, cookie)
    if web is None or web.ended:
        return None
    if now >= as_utc(web.expires_at) or now - as_utc(web.last_seen_at) >= INACTIVITY:
        web.ended = True
        session.flush()
        return None
    user = session.get(User, web.user_id)
    if user is None or not user.active:
        return None
    if now - as_utc(web.last_seen_at) >= TOUCH_EVERY:
        web.last_seen_at = now
        session.flush()
    return user


def end_session(session: Session, cookie: str, *, actor: str) -> bool:
    web = find_session(session, cookie)
    if web is None or web.ended:
        return False
    web.ended = True
    record(
        session,
        actor=actor,
        action="logout",
        entity="web_session",
        entity_id=str(web.id),
        purpose="sign out",
    )
    return True


def end_all_sessions(
    session: Session, user_id: uuid.UUID, *, actor: str, keep: uuid.UUID | None = None
) -> int:
    """End the user's live browser sessions, all but `keep` (a session id) if given."""
    live = [
        web
        for web in session.scalars(
            select(WebSession).where(WebSession.user_id == user_id, WebSession.ended.is_(False))
        )
        if web.id != keep
    ]
    for web in live:
        web.ended = True
    if live:
        record(
            session,
            actor=actor,
            action="end-sessions",
            entity="user",
            entity_id=str(user_id),
            purpose="account administration",
        )
    return len(live)
