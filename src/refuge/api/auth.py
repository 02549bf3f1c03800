"""Who is calling: a bearer token (`Authorization: Bearer ...`) or the session cookie.

A request with an Authorization header is judged by it alone (no fallback to the cookie). A
token or cookie that does not resolve to an active user answers 401 with `WWW-Authenticate`;
a bad token counts against the client's budget of failures (`refuge.api.throttle`: 429 once
it is spent) and is written to the audit trail, within the per-window budget of individual
events, in a transaction of its own.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Annotated, Literal

from fastapi import Depends, Request, Response
from sqlalchemy.orm import Session

from refuge.accounts import service, tokens
from refuge.accounts.models import User
from refuge.api import throttle
from refuge.api.deps import NowDep, SessionDep
from refuge.api.problems import Problem
from refuge.casework.actor import Actor

COOKIE = "refuge_session"
REALM = 'Bearer realm="refuge"'


@dataclass(frozen=True, slots=True)
class Principal:
    """The signed-in user, as the API needs them."""

    user_id: uuid.UUID
    username: str
    role: str
    team_id: uuid.UUID | None
    method: Literal["cookie", "bearer"]
    # an administrator chose the password: nothing but setting one's own (api/permissions.py)
    password_change_required: bool

    @classmethod
    def of(cls, user: User, method: Literal["cookie", "bearer"]) -> Principal:
        return cls(
            user.id, user.username, user.role, user.team_id, method, user.password_change_required
        )


def set_session_cookie(response: Response, cookie: str, *, secure: bool) -> None:
    """The browser session's cookie, for the API's sign-in and the web app's: HttpOnly,
    SameSite=Strict, Secure unless plain-HTTP development, kept for the session's lifetime."""
    response.set_cookie(
        COOKIE,
        cookie,
        max_age=int(service.LIFETIME.total_seconds()),
        path="/",
        secure=secure,
        httponly=True,
        samesite="strict",
    )


def unauthenticated(detail: str, error: str | None = None) -> Problem:
    challenge = f'{REALM}, error="{error}"' if error else REALM
    return Problem(401, "unauthenticated", detail, headers={"WWW-Authenticate": challenge})


def _resolve(request: Request, db: Session, now: NowDep) -> Principal | None:
    header = request.headers.get("authorization")
    if header is not None:
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise unauthenticated(
                "send the token as `Authorization: Bearer <token>`", "invalid_request"
            )
        holder = tokens.holder_of(db, token.strip(), now)
        if holder is None:
            db.rollback()
            too_many = throttle.bad_token(request, now)  # counted, and audited within budget
            if too_many is not None:
                raise too_many
            raise unauthenticated(
                "the token is unknown, revoked or expired; ask an administrator for a new one",
                "invalid_token",
            )
        return Principal(
            holder.user_id,
            holder.username,
            holder.role,
            holder.team_id,
            "bearer",
            holder.password_change_required,
        )
    cookie = request.cookies.get(COOKIE)
    if cookie is None:
        return None
    user = service.resume_session(db, cookie, now)
    db.commit()  # records the activity, or the end of an expired session
    if user is None:
        raise unauthenticated("your session has ended; sign in again (POST /api/v1/sessions)")
    return Principal.of(user, "cookie")


def optional_principal(request: Request, db: SessionDep, now: NowDep) -> Principal | None:
    return _resolve(request, db, now)


async def current_principal(
    principal: Annotated[Principal | None, Depends(optional_principal)],
) -> Principal:
    if principal is None:
        raise unauthenticated("sign in: send `Authorization: Bearer <token>` or the session cookie")
    return principal


PrincipalDep = Annotated[Principal, Depends(current_principal)]


async def current_actor(principal: PrincipalDep) -> Actor:
    """The signed-in user as the casework service sees them."""
    return Actor(principal.user_id, principal.username, principal.role, principal.team_id)


ActorDep = Annotated[Actor, Depends(current_actor)]
