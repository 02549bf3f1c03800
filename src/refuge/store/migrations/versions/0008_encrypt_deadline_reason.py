"""deadline reasons encrypted at rest: `deadlines.reason` is free text a caseworker writes (why a
decision period is extended) and may name case details, so it is sealed like the other
special-category fields (`refuge.store.crypto.Encrypted`, bound to "deadlines.reason")

The upgrade seals every stored reason with the service's data key (REFUGE_SECRET_KEY, or the key
file under REFUGE_HOME: `refuge.store.crypto.load_key`), so run it with the key the service uses;
the downgrade opens them again with that key and stops, changing nothing, if a reason does not
decrypt. Rows are converted in batches of `BATCH`, in the migration's one transaction.

Revision ID: 0008_encrypt_deadline_reason
Revises: 0007_one_open_return_case
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from refuge.store.crypto import current_cipher, seal, unseal

revision: str = "0008_encrypt_deadline_reason"
down_revision: str | None = "0007_one_open_return_case"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CONTEXT = "deadlines.reason"
BATCH = 1000
CLEAR = sa.String(length=500)
SEALED = sa.LargeBinary()


def _convert(
    old: sa.types.TypeEngine[Any], new: sa.types.TypeEngine[Any], change: Callable[[Any], Any]
) -> None:
    """Replace `reason` by a column of type `new` holding `change(value)` of each row."""
    with op.batch_alter_table("deadlines", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reason_new", new, nullable=True))
    table = sa.table(
        "deadlines",
        sa.column("id", sa.Uuid()),
        sa.column("reason", old),
        sa.column("reason_new", new),
    )
    bind = op.get_bind()
    todo = (
        sa.select(table.c.id, table.c.reason)
        .where(table.c.reason_new.is_(None))
        .order_by(table.c.id)
        .limit(BATCH)
    )
    write = (
        sa.update(table)
        .where(table.c.id == sa.bindparam("row_id"))
        .values(reason_new=sa.bindparam("value"))
    )
    while rows := bind.execute(todo).all():
        bind.execute(write, [{"row_id": i, "value": change(v)} for i, v in rows])
    with op.batch_alter_table("deadlines", schema=None) as batch_op:
        batch_op.drop_column("reason")
        batch_op.alter_column(
            "reason_new", new_column_name="reason", existing_type=new, nullable=False
        )


def upgrade() -> None:
    cipher: AESGCM | None = None

    def sealed(value: str) -> bytes:
        nonlocal cipher
        cipher = cipher or current_cipher()  # the key only once there is a row to seal
        return seal(value, CONTEXT, cipher)

    _convert(CLEAR, SEALED, sealed)


def downgrade() -> None:
    cipher: AESGCM | None = None

    def opened(value: bytes) -> str:
        nonlocal cipher
        cipher = cipher or current_cipher()
        return str(unseal(bytes(value), CONTEXT, cipher))

    _convert(SEALED, CLEAR, opened)
