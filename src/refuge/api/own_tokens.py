"""Bearer tokens are only ever issued to the user they belong to, from a password sign-in.

An administrator cannot mint a token for someone else (and so act, and read cases, under their
name): `POST /users/{id}/tokens` answers 403 `token-for-another-user` for anyone but oneself.
A token cannot issue another token (409 `not-a-session`), so a stolen or expiring token does not
beget a fresh one. Refusals are written to the audit trail (outcome `denied`) in a transaction
of their own, as the request's own work is rolled back.
"""

from __future__ import annotations

from datetime import datetime

from fastapi import Request
from sqlalchemy.orm import Session

from refuge.accounts import tokens
from refuge.accounts.models import User
from refuge.accounts.schemas import TokenCreate, TokenOut
from refuge.api.auth import Principal
from refuge.api.problems import Problem
from refuge.audit.trail import record


def audit_refused(
    request: Request, principal: Principal, action: str, user_id: str, purpose: str
) -> None:
    """A refused account change, in a transaction of its own (the request's work is undone)."""
    with request.app.state.sessions() as own, own.begin():
        record(
            own,
            actor=principal.username,
            action=action,
            entity="user",
            entity_id=user_id,
            purpose=purpose[:200],
            outcome="denied",
        )


def issue_own(
    db: Session, principal: Principal, user: User, body: TokenCreate, now: datetime
) -> TokenOut:
    """A new token for `user`, who must be the signed-in `principal`, signed in with a password
    (a session cookie). An expiry at or before `now` is refused (400 naming `expires_at`). The
    token is in this answer only; the caller commits."""
    if user.id != principal.user_id:  # the routes check this first; this is the last guard
        raise Problem(403, "token-for-another-user", "a token is only issued to its own user")
    if principal.method != "cookie":
        raise Problem(
            409,
            "not-a-session",
            "you are signed in with a token, and a token does not issue tokens; sign in with "
            "your password (POST /api/v1/sessions) and issue the token from that session",
        )
    if body.expires_at is not None and body.expires_at <= now:
        raise Problem(
            400,
            "invalid-input",
            "the request has 1 invalid value(s): body:expires_at; see invalid_params",
            title="Bad Request",
            invalid_params=[
                {
                    "name": "body:expires_at",
                    "reason": f"the expiry must be after now ({now.isoformat()}); "
                    "leave it out for a token without expiry",
                    "code": "expires-in-past",
                }
            ],
        )
    token_record, token = tokens.issue(db, user, body.name, body.expires_at)
    record(
        db,
        actor=principal.username,
        action="issue-token",
        entity="user",
        entity_id=str(user.id),
        purpose="own token",
    )
    return TokenOut(
        id=token_record.id,
        name=token_record.name,
        expires_at=token_record.expires_at,
        token=token,
    )
