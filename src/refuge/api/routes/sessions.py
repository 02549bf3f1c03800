"""Sign in and out with a password (browser session cookie), who am I, and set my own
password."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Cookie, Request, Response, status

from refuge.accounts import password_change, service
from refuge.accounts.models import User
from refuge.accounts.schemas import (
    PasswordChange,
    SessionOut,
    SignIn,
    TokenCreate,
    TokenOut,
    UserOut,
)
from refuge.api import own_tokens
from refuge.api.auth import COOKIE, PrincipalDep, set_session_cookie, unauthenticated
from refuge.api.deps import NowDep, SessionDep
from refuge.api.problems import Problem, not_found
from refuge.api.throttle import SignInAttempt, too_many

router = APIRouter(prefix="/sessions", tags=["sessions"])


@router.post("", status_code=status.HTTP_201_CREATED, response_model=SessionOut)
def sign_in(
    body: SignIn, request: Request, response: Response, db: SessionDep, now: NowDep
) -> SessionOut:
    """Sign in; the answer sets an HttpOnly, Secure, SameSite=Strict session cookie that ends
    after 30 minutes without requests or 12 hours after sign-in. A locked account or a client
    over its budget of failures is refused with 429 and `Retry-After`, without checking the
    password (docs/api.md#limits-on-failures)."""
    attempt = SignInAttempt(request, db, body.username)
    refusal = attempt.refused(db, now)
    if refusal is not None:
        db.rollback()
        attempt.failed(now, password_checked=False)
        raise too_many(refusal, now)
    user = service.authenticate(db, body.username, body.password)
    if user is None:
        db.rollback()  # its audit event is written again, or summarised, by the throttle
        attempt.failed(now, password_checked=True)
        raise unauthenticated("the username or password is wrong, or the account is disabled")
    web, cookie = service.start_session(db, user, now)
    db.commit()
    attempt.succeeded(now)
    set_session_cookie(response, cookie, secure=request.app.state.secure_cookies)
    return SessionOut(
        user=UserOut.of(user),
        method="cookie",
        expires_at=web.expires_at,
        idle_timeout_seconds=int(service.INACTIVITY.total_seconds()),
    )


@router.get("/current", response_model=SessionOut)
def current(principal: PrincipalDep, db: SessionDep) -> SessionOut:
    user = db.get(User, principal.user_id)
    if user is None:
        raise not_found("user")
    idle = int(service.INACTIVITY.total_seconds()) if principal.method == "cookie" else None
    return SessionOut(user=UserOut.of(user), method=principal.method, idle_timeout_seconds=idle)


@router.delete("/current", status_code=status.HTTP_204_NO_CONTENT)
def sign_out(
    principal: PrincipalDep,
    response: Response,
    db: SessionDep,
    cookie: Annotated[str | None, Cookie(alias=COOKIE, include_in_schema=False)] = None,
) -> Response:
    """End the session of this cookie. A bearer token is not a session: revoke it instead."""
    if principal.method != "cookie" or cookie is None:
        raise Problem(
            409,
            "not-a-session",
            "you are signed in with a token; ask an administrator to revoke it",
        )
    service.end_session(db, cookie, actor=principal.username)
    db.commit()
    response = Response(status_code=status.HTTP_204_NO_CONTENT)
    response.delete_cookie(COOKIE, path="/", httponly=True, samesite="strict")
    return response


@router.post("/current/tokens", status_code=status.HTTP_201_CREATED, response_model=TokenOut)
def issue_own_token(
    body: TokenCreate, principal: PrincipalDep, db: SessionDep, now: NowDep
) -> TokenOut:
    """A new bearer token for yourself, for your programs; it is in this answer only (only its
    SHA-256 is kept). Only from a password sign-in (this session's cookie): a token does not
    issue tokens (409 `not-a-session`). Nobody issues a token for someone else. An expiry
    in the past: 400 naming `expires_at`."""
    user = db.get(User, principal.user_id)
    if user is None:
        raise not_found("user")
    issued = own_tokens.issue_own(db, principal, user, body, now)
    db.commit()
    return issued


@router.post("/current/password", response_model=SessionOut)
def change_own_password(
    body: PasswordChange,
    principal: PrincipalDep,
    request: Request,
    db: SessionDep,
    now: NowDep,
    cookie: Annotated[str | None, Cookie(alias=COOKIE, include_in_schema=False)] = None,
) -> SessionOut:
    """Set your own password, giving the current one; the only thing a user whose password an
    administrator chose may do besides who-am-I and sign out. Only from a password sign-in
    (this session's cookie): a token does not change a password (409 `not-a-session`). A wrong
    current password is 403 `wrong-password` and counts as a failed sign-in (429 once the
    account is locked, without checking it); the new one must be 12 to 1024 characters and not
    the current one (400). Ends your other sessions, revokes your tokens, keeps this session."""
    if principal.method != "cookie" or cookie is None:
        raise Problem(
            409,
            "not-a-session",
            "you are signed in with a token, and a token does not change a password; sign in "
            "with your password (POST /api/v1/sessions) and change it from that session",
        )
    user = db.get(User, principal.user_id)
    web = service.find_session(db, cookie)
    if user is None or web is None:
        raise not_found("session")
    attempt = SignInAttempt(
        request, db, user.username, action=password_change.ACTION, purpose="own password"
    )
    refusal = attempt.refused(db, now)
    if refusal is not None:
        db.rollback()
        attempt.failed(now, password_checked=False)
        raise too_many(refusal, now)
    try:
        password_change.change_password(
            db,
            user,
            body.current_password,
            body.new_password,
            actor=principal.username,
            keep_session=web.id,
        )
    except password_change.WrongPassword:
        db.rollback()  # its audit event is written, or summarised, by the throttle
        attempt.failed(now, password_checked=True)
        raise
    db.commit()
    attempt.succeeded(now)
    return SessionOut(
        user=UserOut.of(user),
        method="cookie",
        expires_at=web.expires_at,
        idle_timeout_seconds=int(service.INACTIVITY.total_seconds()),
    )
