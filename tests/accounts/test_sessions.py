"""Accounts service: sign-in, browser sessions (30 minutes idle, 12 hours in all), tokens."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from refuge.accounts import service, tokens
from refuge.accounts.models import ApiToken, User
from refuge.audit.models import AuditEvent
from refuge.audit.trail import verify

PASSWORD = "correct horse battery staple"
T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


@pytest.fixture
def user(session: Session) -> User:
    u = service.add_user(session, "anna", PASSWORD, "caseworker", actor="test")
    session.commit()
    return u


def test_authenticate_audits_success_and_failure(session: Session, user: User) -> None:
    assert service.authenticate(session, "anna", PASSWORD) is user
    assert service.authenticate(session, "anna", "wrong password") is None
    assert service.authenticate(session, "nobody", PASSWORD) is None
    session.commit()
    logins = session.scalars(select(AuditEvent).where(AuditEvent.action == "login")).all()
    assert [(e.actor, e.outcome) for e in logins] == [
        ("anna", "ok"),
        ("anna", "failed"),
        ("anonymous", "failed"),
    ]
    assert verify(session) is None


def test_session_ends_after_30_idle_minutes(session: Session, user: User) -> None:
    _, cookie = service.start_session(session, user, T0)
    assert service.resume_session(session, cookie, T0 + timedelta(minutes=29)) is user
    # activity moved the idle clock
    assert service.resume_session(session, cookie, T0 + timedelta(minutes=58)) is user
    assert service.resume_session(session, cookie, T0 + timedelta(minutes=89)) is None
    assert service.resume_session(session, cookie, T0 + timedelta(minutes=90)) is None


def test_session_ends_after_12_hours_even_when_active(session: Session, user: User) -> None:
    _, cookie = service.start_session(session, user, T0)
    for minutes in range(20, 12 * 60, 20):  # a request every 20 minutes, up to 11:40
        assert service.resume_session(session, cookie, T0 + timedelta(minutes=minutes)) is user
    assert service.resume_session(session, cookie, T0 + timedelta(hours=12)) is None


def test_disabling_a_user_ends_sessions_and_revokes_tokens(session: Session, user: User) -> None:
    _, cookie = service.start_session(session, user, T0)
    _, token = tokens.issue(session, user)
    service.update_user(session, user, actor="admin", active=False)
    session.commit()
    assert service.resume_session(session, cookie, T0 + timedelta(minutes=1)) is None
    assert tokens.user_for(session, token, T0) is None


def test_only_the_token_digest_is_stored(session: Session, user: User) -> None:
    _, token = tokens.issue(session, user, "ci", T0 + timedelta(days=1))
    session.commit()
    stored = session.scalars(select(ApiToken)).one()
    assert token not in str(vars(stored))
    assert stored.token_sha256 == tokens.digest(token)
    assert tokens.user_for(session, token, T0) is user
    assert tokens.user_for(session, token, T0 + timedelta(days=1)) is None  # expired
    assert tokens.user_for(session, "rfg_" + "x" * 43, T0) is None


def test_unknown_role_and_taken_username_are_refused(session: Session, user: User) -> None:
    with pytest.raises(service.UnknownRole):
        service.add_user(session, "bert", PASSWORD, "king", actor="test")
    with pytest.raises(service.UsernameTaken):
        service.add_user(session, "anna", PASSWORD, "admin", actor="test")
    with pytest.raises(service.UnknownTeam):
        service.add_user(session, "carla", PASSWORD, "caseworker", actor="test", team="nope")
