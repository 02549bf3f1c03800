"""Idempotency keys for creates (`Idempotency-Key` header): the same key with the same body
answers the first response again; the same key with another body is refused.

A route uses it in three straight steps:

1. `claim`: the key is claimed before any work, in a transaction of its own (a row marked in
   progress, with the digest of the request). If the key was used before for this request, the
   stored response comes back instead (replay it); for another request, `KeyReused` (422). A
   claim another request holds is waited for, up to `WAIT` seconds, and then replayed; if it is
   still not finished, `KeyInProgress` (409 with Retry-After).
2. the work, then `complete`: the response is stored in the claimed row in the transaction of
   the work, so that the record and the answer are committed together, or neither is.
3. on failure, `release`: the claim is dropped, so that a retry runs again.

The unique (user, key) constraint makes one claim win, on SQLite (one writer at a time) and on
PostgreSQL (an insert waits for the concurrent insert of the same key, then fails). A claim
whose holder died (the process ended between claim and release) is taken over after
`CLAIM_TIMEOUT`: a claim row expires like a finished key does, only sooner.

The stored response is encrypted (it may hold special-category values), and so is the digest of
the request body; only the key, the caller and the endpoint are in clear. Keys are kept for
`RETENTION`; an expired key may be used again.
"""

from __future__ import annotations

import hashlib
import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from refuge.api.permissions import BASE
from refuge.api.problems import Problem
from refuge.store.base import as_utc
from refuge.store.idempotency_keys import MAX_KEY, IdempotencyKey

RETENTION = timedelta(hours=24)
CLAIM_TIMEOUT = timedelta(seconds=60)  # a claim not finished by then is taken over
WAIT = 5.0  # seconds a request waits for a concurrent request with its key to finish
POLL = 0.05  # seconds between looks while waiting
RETRY_AFTER = 1  # seconds, the Retry-After of a 409 idempotency-key-in-progress


@dataclass(frozen=True, slots=True)
class StoredResponse:
    status: int
    body: Any
    headers: dict[str, str]


@dataclass(frozen=True, slots=True)
class Claim:
    """This request holds the key: its row is `row_id` (a taken-over claim gets a new row)."""

    row_id: uuid.UUID
    digest: str


class KeyReused(Exception):
    """The key was used before for another request (another body or endpoint)."""

    code = "idempotency-key-reused"
    status = 422

    def __init__(self) -> None:
        super().__init__(
            "this Idempotency-Key was already used for a different request; "
            "use a new key for a new request"
        )


def key_in_progress() -> Problem:
    return Problem(
        409,
        "idempotency-key-in-progress",
        "a request with this Idempotency-Key is still being processed; "
        f"send the same request again after {RETRY_AFTER} second(s) to get its answer",
        headers={"Retry-After": str(RETRY_AFTER)},
    )


def check_key(key: str) -> None:
    if not 1 <= len(key) <= MAX_KEY or not key.isascii() or not key.isprintable():
        raise Problem(
            400,
            "invalid-idempotency-key",
            f"Idempotency-Key must be 1 to {MAX_KEY} printable ASCII characters, e.g. a UUID",
        )


def endpoint_of(request: Request) -> str:
    """The endpoint a key is bound to, e.g. "POST /api/v1/applications"."""
    route = request.scope.get("route")
    return f"{request.method} {BASE}{getattr(route, 'path_format', '')}"


def request_digest(endpoint: str, body: bytes) -> str:
    return hashlib.sha256(endpoint.encode() + b"\n" + body).hexdigest()


def replay(stored: StoredResponse) -> JSONResponse:
    headers = {**stored.headers, "Idempotent-Replayed": "true"}
    return JSONResponse(stored.body, status_code=stored.status, headers=headers)


def _find(session: Session, user_id: uuid.UUID, key: str) -> IdempotencyKey | None:
    return session.scalars(
        select(IdempotencyKey)
        .where(IdempotencyKey.user_id == user_id, IdempotencyKey.key == key)
        .execution_options(populate_existing=True)
    ).one_or_none()


def _take(
    session: Session,
    user_id: uuid.UUID,
    key: str,
    endpoint: str,
    digest: str,
    now: datetime,
    expired: uuid.UUID | None,
) -> Claim | None:
    """Insert the claim (after deleting the expired row `expired`, if it is still expired) and
    commit it on its own. None if another request was first."""
    try:
        if expired is not None:
            gone = session.execute(
                delete(IdempotencyKey).where(
                    IdempotencyKey.id == expired, IdempotencyKey.expires_at <= now
                ),
                execution_options={"synchronize_session": False},
            )
            if gone.rowcount != 1:  # type: ignore[attr-defined]  # another request took it
                session.rollback()
                return None
        row = IdempotencyKey(
            user_id=user_id,
            key=key,
            endpoint=endpoint,
            created_at=now,
            expires_at=now + CLAIM_TIMEOUT,
            response={"request_sha256": digest, "status": None},
        )
        session.add(row)
        session.commit()
    except IntegrityError:  # the same key, claimed at the same moment
        session.rollback()
        return None
    return Claim(row.id, digest)


def claim(
    session: Session, user_id: uuid.UUID, key: str, endpoint: str, digest: str, now: datetime
) -> Claim | StoredResponse:
    """Claim the key for this request (committed), or the first response to the same request.

    Raises KeyReused if the key was used for another request, and the 409 `key_in_progress` if
    a concurrent request with the key has not finished within `WAIT` seconds. `session` must
    have no pending work: it is committed or rolled back here."""
    start = time.monotonic()
    while True:
        at = now + timedelta(seconds=time.monotonic() - start)
        row = _find(session, user_id, key)
        if row is None or as_utc(row.expires_at) <= at:
            expired = None if row is None else row.id
            got = _take(session, user_id, key, endpoint, digest, at, expired)
            if got is not None:
                return got
            continue  # another request claimed it first: look again
        stored, used_for = row.response, row.endpoint
        session.rollback()  # end the read, so that the next look sees new commits
        if used_for != endpoint or stored.get("request_sha256") != digest:
            raise KeyReused
        if stored.get("status") is not None:
            return StoredResponse(int(stored["status"]), stored["body"], dict(stored["headers"]))
        if time.monotonic() - start >= WAIT:
            raise key_in_progress()
        time.sleep(POLL)


def complete(session: Session, claimed: Claim, response: StoredResponse, now: datetime) -> None:
    """Store the response in the claimed row, in the caller's transaction (it commits with the
    work). A claim lost meanwhile (taken over after `CLAIM_TIMEOUT`) is the 409
    `key_in_progress`: the caller's work must then roll back."""
    row = session.get(IdempotencyKey, claimed.row_id, populate_existing=True)
    if row is None:
        raise key_in_progress()
    row.expires_at = now + RETENTION
    row.response = {
        "request_sha256": claimed.digest,
        "status": response.status,
        "body": response.body,
        "headers": response.headers,
    }
    session.flush()


def release(session: Session, claimed: Claim) -> None:
    """Roll back the caller's work and drop the claim (if it is still unfinished), so that a
    retry with the key runs again."""
    session.rollback()
    row = session.get(IdempotencyKey, claimed.row_id)
    if row is not None and row.response.get("status") is None:
        session.delete(row)
    session.commit()
