"""Creates that happen once per `Idempotency-Key`: a retry with the same key and body gets the
first answer again (with `Idempotent-Replayed: true`); another body gets 422. Without the header a
create simply happens. Two concurrent requests with one key: the unique (user, key) constraint
lets one commit; the other rolls back and answers the stored response."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from fastapi import Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from refuge.api.auth import Principal
from refuge.api.idempotency import StoredResponse, lookup, remember, request_digest
from refuge.api.permissions import BASE
from refuge.api.problems import Problem
from refuge.store.idempotency_keys import MAX_KEY

Made = tuple[int, BaseModel, dict[str, str]]


def _replay(stored: StoredResponse) -> JSONResponse:
    headers = {**stored.headers, "Idempotent-Replayed": "true"}
    return JSONResponse(stored.body, status_code=stored.status, headers=headers)


def _check_key(key: str) -> None:
    if not 1 <= len(key) <= MAX_KEY or not key.isascii() or not key.isprintable():
        raise Problem(
            400,
            "invalid-idempotency-key",
            f"Idempotency-Key must be 1 to {MAX_KEY} printable ASCII characters, e.g. a UUID",
        )


def create_once(
    request: Request,
    db: Session,
    principal: Principal,
    key: str | None,
    body: BaseModel,
    now: datetime,
    make: Callable[[], Made],
) -> JSONResponse:
    if key is None:
        status, out, headers = make()
        db.commit()
        return JSONResponse(out.model_dump(mode="json"), status_code=status, headers=headers)
    _check_key(key)
    route = request.scope.get("route")
    endpoint = f"{request.method} {BASE}{getattr(route, 'path_format', '')}"
    digest = request_digest(endpoint, body.model_dump_json().encode())
    stored = lookup(db, principal.user_id, key, endpoint, digest, now)
    if stored is not None:
        db.rollback()
        return _replay(stored)
    status, out, headers = make()
    content = out.model_dump(mode="json")
    try:
        remember(
            db,
            principal.user_id,
            key,
            endpoint,
            digest,
            StoredResponse(status, content, headers),
            now,
        )
        db.commit()
    except IntegrityError:
        db.rollback()  # someone else used the key at the same moment: answer what they stored
        stored = lookup(db, principal.user_id, key, endpoint, digest, now)
        if stored is None:
            raise
        return _replay(stored)
    return JSONResponse(content, status_code=status, headers=headers)
