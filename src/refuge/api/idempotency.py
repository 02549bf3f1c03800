"""Idempotency keys for creates (`Idempotency-Key` header): the same key with the same body
answers the first response again; the same key with another body is refused.

The stored response is encrypted (it may hold special-category values), and so is the digest of
the request body; only the key, the caller and the endpoint are in clear. Keys are kept for
`RETENTION`; an expired key may be used again.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from refuge.store.base import as_utc
from refuge.store.idempotency_keys import IdempotencyKey

RETENTION = timedelta(hours=24)


@dataclass(frozen=True, slots=True)
class StoredResponse:
    status: int
    body: Any
    headers: dict[str, str]


class KeyReused(Exception):
    """The key was used before for another request (another body or endpoint)."""

    code = "idempotency-key-reused"
    status = 422

    def __init__(self) -> None:
        super().__init__(
            "this Idempotency-Key was already used for a different request; "
            "use a new key for a new request"
        )


def request_digest(endpoint: str, body: bytes) -> str:
    return hashlib.sha256(endpoint.encode() + b"\n" + body).hexdigest()


def lookup(
    session: Session, user_id: uuid.UUID, key: str, endpoint: str, digest: str, now: datetime
) -> StoredResponse | None:
    """The first response to this request, None if the key is new (or expired: then it is
    forgotten), or KeyReused if it was used for something else."""
    row = session.scalars(
        select(IdempotencyKey).where(IdempotencyKey.user_id == user_id, IdempotencyKey.key == key)
    ).one_or_none()
    if row is None:
        return None
    if as_utc(row.expires_at) <= now:
        session.delete(row)
        session.flush()
        return None
    stored = row.response
    if row.endpoint != endpoint or stored.get("request_sha256") != digest:
        raise KeyReused
    return StoredResponse(int(stored["status"]), stored["body"], dict(stored["headers"]))


def remember(
    session: Session,
    user_id: uuid.UUID,
    key: str,
    endpoint: str,
    digest: str,
    response: StoredResponse,
    now: datetime,
) -> None:
    """Store the response in the caller's transaction (it commits with the created record)."""
    session.add(
        IdempotencyKey(
            user_id=user_id,
            key=key,
            endpoint=endpoint,
            created_at=now,
            expires_at=now + RETENTION,
            response={
                "request_sha256": digest,
                "status": response.status,
                "body": response.body,
                "headers": response.headers,
            },
        )
    )
    session.flush()
