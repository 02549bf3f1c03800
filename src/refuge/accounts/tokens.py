"""Bearer tokens for the API: 32 random bytes (URL-safe base64), shown once; only the SHA-256
of a token is stored, so a copy of the database does not hold usable tokens."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from refuge.accounts.models import ApiToken, User
from refuge.store.base import as_utc

PREFIX = "rfg_"


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue(
    session: Session, user: User, name: str = "api", expires_at: datetime | None = None
) -> tuple[ApiToken, str]:
    """A new token for `user`: the stored record and the token itself (show it once)."""
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


def user_for(session: Session, token: str, now: datetime) -> User | None:
    """The active user a token belongs to, or None if it is unknown, revoked or expired."""
    if not token.startswith(PREFIX) or len(token) > 100:
        return None
    record = session.scalars(
        select(ApiToken).where(ApiToken.token_sha256 == digest(token))
    ).one_or_none()
    if record is None or record.revoked:
        return None
    if record.expires_at is not None and as_utc(record.expires_at) <= now:
        return None
    user = session.get(User, record.user_id)
    return user if user is not None and user.active else None
