"""Bearer tokens for the API: 32 random bytes (URL-safe base64), shown once; only the SHA-256
of a token is stored, so a copy of the database does not hold usable tokens."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from refuge.accounts.models import ApiToken, User
from refuge.accounts.passwords import PasswordChangeRequired
from refuge.store.base import as_utc

PREFIX = "rfg_"


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue(
    session: Session, user: User, name: str = "api", expires_at: datetime | None = None
) -> tuple[ApiToken, str]:
    """A new token for `user`: the stored record and the token itself (show it once). Refused
    (`PasswordChangeRequired`) while the user has yet to set their own password."""
    if user.password_change_required:
        raise PasswordChangeRequired
    token = PREFIX + secrets.token_urlsafe(32)
    record = ApiToken(user_id=user.id, token_sha256=digest(token), name=name, expires_at=expires_at)
    session.add(record)
    session.flush()
    return record, token


def revoke(session: Session, token_id: uuid.UUID) -> bool:
    record = session.get(ApiToken, token_id)
    if record is None:
        return False
    record.revoked = True
    session.flush()
    return True


def revoke_all(session: Session, user_id: uuid.UUID) -> int:
    records = session.scalars(
        select(ApiToken).where(ApiToken.user_id == user_id, ApiToken.revoked.is_(False))
    ).all()
    for record in records:
        record.revoked = True
    session.flush()
    return len(records)


@dataclass(frozen=True, slots=True)
class TokenHolder:
    """Who a valid token belongs to: what a request needs to know about its caller."""

    user_id: uuid.UUID
    username: str
    role: str
    team_id: uuid.UUID | None
    password_change_required: bool


_HOLDER = (
    select(
        User.id,
        User.username,
        User.role,
        User.team_id,
        User.password_change_required,
        ApiToken.expires_at,
    )
    .join(ApiToken, ApiToken.user_id == User.id)
    .where(
        ApiToken.token_sha256 == bindparam("digest"),
        ApiToken.revoked.is_(False),
        User.active.is_(True),
    )
)


def holder_of(session: Session, token: str, now: datetime) -> TokenHolder | None:
    """The active user a token belongs to, or None if it is unknown, revoked or expired. One
    statement, columns only (no ORM entity): it runs on every API request."""
    if not token.startswith(PREFIX) or len(token) > 100:
        return None
    row = session.execute(_HOLDER, {"digest": digest(token)}).one_or_none()
    if row is None or (row.expires_at is not None and as_utc(row.expires_at) <= now):
        return None
    return TokenHolder(row.id, row.username, row.role, row.team_id, row.password_change_required)


def user_for(session: Session, token: str, now: datetime) -> User | None:
    """The active user a token belongs to, as the stored account, or None."""
    holder = holder_of(session, token, now)
    return None if holder is None else session.get(User, holder.user_id)
