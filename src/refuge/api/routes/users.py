"""Users, their tokens and sessions: for administrators (who see no case content).

An administrator changes other users' roles and teams, never their own, and issues tokens only
to themselves (`refuge.api.own_tokens`); a user they create must set their own password before
anything else (`refuge.accounts.password_change`): none of these opens a way to case content."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Header, Request, Response, status

from refuge.accounts import service
from refuge.accounts.models import User
from refuge.accounts.schemas import TokenCreate, TokenOut, UserCreate, UserOut, UserUpdate
from refuge.api import etags, own_tokens
from refuge.api.auth import PrincipalDep
from refuge.api.deps import NowDep, SessionDep
from refuge.api.pagination import PageDep, PageOut, page_out
from refuge.api.problems import not_found

router = APIRouter(prefix="/users", tags=["users"])
IfMatch = Annotated[str | None, Header(alias="If-Match")]


def _user(db: SessionDep, user_id: uuid.UUID) -> User:
    user = db.get(User, user_id)
    if user is None:
        raise not_found("user")
    return user


@router.get("", response_model=PageOut[UserOut])
def list_users(
    page: PageDep, request: Request, response: Response, db: SessionDep
) -> PageOut[UserOut]:
    users, total = service.list_users(db, page.offset, page.page_size)
    return page_out([UserOut.of(u) for u in users], total, page, request, response)


@router.post("", status_code=status.HTTP_201_CREATED, response_model=UserOut)
def add_user(
    body: UserCreate, principal: PrincipalDep, response: Response, db: SessionDep
) -> UserOut:
    """A new user with the password you chose, for their first sign-in only: until they set
    their own (`POST /sessions/current/password`) they can do nothing else
    (`password_change_required`), so nobody but them can use the account."""
    user = service.add_user(
        db,
        body.username,
        body.password,
        body.role,
        actor=principal.username,
        team=body.team,
        display_name=body.display_name,
        password_change_required=True,
    )
    db.commit()
    response.headers["Location"] = f"/api/v1/users/{user.id}"
    response.headers["ETag"] = etags.etag(user.version)
    return UserOut.of(user)


@router.get("/{user_id}", response_model=UserOut)
def get_user(user_id: uuid.UUID, response: Response, db: SessionDep) -> UserOut:
    user = _user(db, user_id)
    response.headers["ETag"] = etags.etag(user.version)
    return UserOut.of(user)


@router.patch("/{user_id}", response_model=UserOut)
def update_user(
    user_id: uuid.UUID,
    body: UserUpdate,
    principal: PrincipalDep,
    request: Request,
    response: Response,
    db: SessionDep,
    if_match: IfMatch = None,
) -> UserOut:
    """Change role, team, display name or `active` (false ends the user's sessions and
    revokes their tokens). Send the ETag in If-Match. Nobody changes their own role or team
    (403 `own-role-or-team`); every role or team change is in the audit trail, old and new."""
    user = _user(db, user_id)
    etags.check(if_match, user.version)
    try:
        service.update_user(
            db,
            user,
            actor=principal.username,
            role=body.role,
            team=body.team,
            display_name=body.display_name,
            active=body.active,
        )
    except service.OwnRoleOrTeam as refused:
        db.rollback()
        own_tokens.audit_refused(request, principal, refused.action, str(user_id), refused.purpose)
        raise
    db.commit()
    response.headers["ETag"] = etags.etag(user.version)
    return UserOut.of(user)


@router.post("/{user_id}/tokens", status_code=status.HTTP_201_CREATED, response_model=TokenOut)
def issue_token(
    user_id: uuid.UUID,
    body: TokenCreate,
    principal: PrincipalDep,
    request: Request,
    db: SessionDep,
    now: NowDep,
) -> TokenOut:
    """A new bearer token for yourself, from a password sign-in (session cookie); the token is
    in this answer only. For another user: 403 `token-for-another-user`, audited as denied —
    they issue their own (`POST /sessions/current/tokens`)."""
    user = _user(db, user_id)
    if user.id != principal.user_id:
        db.rollback()
        own_tokens.audit_refused(
            request, principal, "issue-token", str(user.id), "token for another user"
        )
        raise service.TokenForAnotherUser()
    issued = own_tokens.issue_own(db, principal, user, body, now)
    db.commit()
    return issued


@router.delete("/{user_id}/sessions", status_code=status.HTTP_204_NO_CONTENT)
def end_sessions(user_id: uuid.UUID, principal: PrincipalDep, db: SessionDep) -> Response:
    """End every browser session of the user (their tokens stay: disable the user to revoke)."""
    user = _user(db, user_id)
    service.end_all_sessions(db, user.id, actor=principal.username)
    db.commit()
    return Response(status_code=status.HTTP_204_NO_CONTENT)
