"""The table of idempotency keys (the API's `Idempotency-Key` header; logic in
`refuge.api.idempotency`). Stored here, below the layers that use it."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from refuge.store.base import Base, utcnow
from refuge.store.crypto import Encrypted

MAX_KEY = 200


class IdempotencyKey(Base):
    __tablename__ = "idempotency_keys"
    __table_args__ = (UniqueConstraint("user_id", "key", name="uq_idempotency_keys_user_key"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"), index=True)
    key: Mapped[str] = mapped_column(String(MAX_KEY))
    endpoint: Mapped[str] = mapped_column(String(200))  # "POST /api/v1/applications"
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # {"request_sha256": ..., "status": ..., "body": ..., "headers": {...}}
    response: Mapped[Any] = mapped_column(Encrypted("idempotency_keys.response"))
