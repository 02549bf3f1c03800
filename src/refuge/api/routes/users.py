"""Users, their tokens and sessions: for administrators (who see no case content)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Header, Request, Response, status

from refuge.accounts import service, tokens
from refuge.accounts.models import User
from refuge.accounts.schemas import TokenCreate, TokenOut, UserCreate, UserOut, UserUpdate
from refuge.api import etags
from refuge.api.auth import PrincipalDep
from refuge.api.deps import SessionDep
from refuge.api.pagination import PageDep, PageOut, page_out
from refuge.api.problems import not_found
from refuge.audit.trail import record

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
    user = service.add_user(
        db,
        body.username,
        body.password,
        body.role,
        actor=principal.username,
        team=body.team,
        display_name=body.display_name,
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
    response: Response,
    db: SessionDep,
    if_match: IfMatch = None,
) -> UserOut:
    """Change role, team, display name or `active` (false ends the user's sessions and
    revokes their tokens). Send the ETag in If-Match."""
    user = _user(db, user_id)
    etags.check(if_match, user.version)
    service.update_user(
        db,
        user,
        actor=principal.username,
        role=body.role,
        team=body.team,
        display_name=body.display_name,
        active=body.active,
    )
    db.commit()
    response.headers["ETag"] = etags.etag(user.version)
    return UserOut.of(user)


@router.post("/{user_id}/tokens", status_code=status.HTTP_201_CREATED, response_model=TokenOut)
def issue_token(
    user_id: uuid.UUID, body: TokenCreate, principal: PrincipalDep, db: SessionDep
) -> TokenOut:
    """A new bearer token for the user. The token is in this answer only."""
    user = _user(db, user_id)
    token_record, token = tokens.issue(db, user, body.name, body.expires_at)
    record(
        db,
        actor=principal.username,
        action="issue-token",
        entity="user",
        entity_id=str(user.id),
        purpose="account administration",
    )
    db.commit()
    return TokenOut(
        id=token_record.id,
        name=token_record.name,
        expires_at=token_record.expires_at,
        token=token,
    )


@router.delete("/{user_id}/sessions", status_code=status.HTTP_204_NO_CONTENT)
def end_sessions(user_id: uuid.UUID, principal: PrincipalDep, db: SessionDep) -> Response:
    """End every browser session of the user (their tokens stay: disable the user to revoke)."""
    user = _user(db, user_id)
    service.end_all_sessions(db, user.id, actor=principal.username)
    db.commit()
    return Response(status_code=status.HTTP_204_NO_CONTENT)
