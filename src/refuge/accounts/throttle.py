"""Limits on failed sign-ins and bad tokens, kept in the database (table `auth_throttle`), so
that every worker of `refuge serve --workers N` and every server on the same database shares
them.

Two kinds of key:

- **account** (a username, stored as a SHA-256): after `sign_in_max_failures` wrong passwords
  within `sign_in_window` the account is locked for `sign_in_lockout`, doubling with every
  further lockout up to `sign_in_lockout_max`; while locked, sign-in is refused without looking
  at the password, so the right password is refused too. A successful sign-in (or
  `refuge users unlock`) forgets the account's failures and lockouts.
- **client** (the caller's address): every failed sign-in and every bad token counts; after
  `client_max_failures` failures in a `client_window` the address is refused until the window
  ends.

The audit trail gets the first `audit_per_window` failures of each key and window one by one;
the rest are counted and written as one `failures-summary` event for the key and window, when
the window has ended (at the next failure of that key, or of any key, or at the next successful
sign-in of that account). A flood therefore costs the trail at most `audit_per_window + 1`
events per key and window.

Every function takes `now`; nothing reads the clock.
"""

from __future__ import annotations

import hashlib
import math
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal, cast

from sqlalchemy import CursorResult, DateTime, Integer, String, delete, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Mapped, Session, mapped_column

from refuge.audit.trail import record
from refuge.store.base import Base, as_utc

Kind = Literal["account", "client"]
FORGET_AFTER = timedelta(hours=24)  # a key without failures for this long is forgotten
SUMMARY_ACTION = "failures-summary"


class ThrottleRow(Base):
    __tablename__ = "auth_throttle"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)  # "account:<sha256>" ...
    subject: Mapped[str] = mapped_column(String(64))  # user id, "unknown", or the address
    window_starts_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    window_ends_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)  # counted towards the limit
    audited: Mapped[int] = mapped_column(Integer, default=0)  # audited one by one
    unaudited: Mapped[int] = mapped_column(Integer, default=0)  # for the summary
    blocked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    lockouts: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    value = int(raw)
    if value < 1:
        raise ValueError(f"{name} must be a positive whole number, not {raw!r}")
    return value


@dataclass(frozen=True, slots=True)
class Limits:
    """The limits; `from_env` reads `REFUGE_*` (counts, and durations in seconds)."""

    sign_in_max_failures: int = 5
    sign_in_window: timedelta = timedelta(minutes=15)
    sign_in_lockout: timedelta = timedelta(minutes=15)
    sign_in_lockout_max: timedelta = timedelta(hours=24)
    client_max_failures: int = 20
    client_window: timedelta = timedelta(minutes=1)
    audit_per_window: int = 10

    @classmethod
    def from_env(cls) -> Limits:
        d = cls()

        def seconds(name: str, default: timedelta) -> timedelta:
            return timedelta(seconds=_env_int(name, int(default.total_seconds())))

        return cls(
            sign_in_max_failures=_env_int("REFUGE_SIGN_IN_MAX_FAILURES", d.sign_in_max_failures),
            sign_in_window=seconds("REFUGE_SIGN_IN_WINDOW", d.sign_in_window),
            sign_in_lockout=seconds("REFUGE_SIGN_IN_LOCKOUT", d.sign_in_lockout),
            sign_in_lockout_max=seconds("REFUGE_SIGN_IN_LOCKOUT_MAX", d.sign_in_lockout_max),
            client_max_failures=_env_int("REFUGE_CLIENT_MAX_FAILURES", d.client_max_failures),
            client_window=seconds("REFUGE_CLIENT_WINDOW", d.client_window),
            audit_per_window=_env_int("REFUGE_AUDIT_FAILURES_PER_WINDOW", d.audit_per_window),
        )

    def window(self, kind: Kind) -> timedelta:
        return self.sign_in_window if kind == "account" else self.client_window

    def lockout(self, lockouts: int) -> timedelta:
        """The length of the `lockouts`-th lockout (1, 2, ...): doubling, up to the maximum."""
        factor = 1 << min(max(lockouts - 1, 0), 30)
        return min(self.sign_in_lockout * factor, self.sign_in_lockout_max)


@dataclass(frozen=True, slots=True)
class Key:
    kind: Kind
    id: str  # the stored key
    subject: str  # what a summary event names: a user id or "unknown"; the address

    @classmethod
    def account(cls, username: str, user_id: str | None) -> Key:
        digest = hashlib.sha256(username.encode()).hexdigest()
        return cls("account", f"account:{digest}", user_id or "unknown")

    @classmethod
    def client(cls, address: str) -> Key:
        address = address[:64]
        return cls("client", f"client:{address}", address)


@dataclass(frozen=True, slots=True)
class Refusal:
    """Why and until when a key is refused."""

    kind: Kind
    until: datetime

    def retry_after(self, now: datetime) -> int:
        return max(1, math.ceil((self.until - now).total_seconds()))


@dataclass(frozen=True, slots=True)
class Verdict:
    audited: bool  # the failure was written to the audit trail on its own
    refusal: Refusal | None  # a key was already refused when this failure came: answer 429


def refused(session: Session, keys: Sequence[Key], now: datetime) -> Refusal | None:
    """Whether one of `keys` is refused at `now` (an account before a client). Reads only."""
    rows = session.scalars(select(ThrottleRow).where(ThrottleRow.key.in_([k.id for k in keys])))
    return _refusal(list(rows), {k.id: k.kind for k in keys}, now)


def _refusal(rows: Sequence[ThrottleRow], kinds: dict[str, Kind], now: datetime) -> Refusal | None:
    found: Refusal | None = None
    for row in rows:
        if row.blocked_until is None or as_utc(row.blocked_until) <= now:
            continue
        kind = kinds[row.key]
        if found is None or (kind == "account" and found.kind == "client"):
            found = Refusal(kind, as_utc(row.blocked_until))
    return found


def _summarise(session: Session, row: ThrottleRow) -> None:
    if row.unaudited:
        start, end = as_utc(row.window_starts_at), as_utc(row.window_ends_at)
        record(
            session,
            actor="anonymous",
            action=SUMMARY_ACTION,
            entity="user" if row.key.startswith("account:") else "client",
            entity_id=row.subject,
            purpose=(
                f"{row.unaudited} more failed attempts from {start:%Y-%m-%dT%H:%M:%SZ} to "
                f"{end:%Y-%m-%dT%H:%M:%SZ}, counted but not audited one by one"
            ),
            outcome="failed",
        )
        row.unaudited = 0


def _rows(session: Session, keys: Sequence[Key], now: datetime) -> list[ThrottleRow]:
    """The rows of `keys`, created if need be and locked (PostgreSQL: FOR UPDATE; SQLite: the
    insert has taken the write lock), in key order so that two transactions cannot deadlock."""
    dialect = session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    ordered = sorted(keys, key=lambda k: k.id)
    values = [
        {
            "key": k.id,
            "subject": k.subject,
            "window_starts_at": now,
            "window_ends_at": now,  # ended: the first failure opens a window
            "failures": 0,
            "audited": 0,
            "unaudited": 0,
            "lockouts": 0,
            "updated_at": now,
        }
        for k in ordered
    ]
    result = session.execute(
        insert(ThrottleRow).values(values).on_conflict_do_nothing(index_elements=["key"])
    )
    created = cast("CursorResult[Any]", result).rowcount
    if created:
        _forget_old(session, now)
    rows = session.scalars(
        select(ThrottleRow)
        .where(ThrottleRow.key.in_([k.id for k in ordered]))
        .order_by(ThrottleRow.key)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).all()
    return list(rows)


def _forget_old(session: Session, now: datetime) -> None:
    session.execute(
        delete(ThrottleRow)
        .where(ThrottleRow.updated_at < now - FORGET_AFTER, ThrottleRow.unaudited == 0)
        .where((ThrottleRow.blocked_until.is_(None)) | (ThrottleRow.blocked_until < now))
        .execution_options(synchronize_session=False)
    )


def fail(
    session: Session,
    keys: Sequence[Key],
    now: datetime,
    limits: Limits,
    *,
    audit: Callable[[Session], object],
    password_checked: bool = True,
) -> Verdict:
    """Count one failure against `keys`, in the caller's transaction. `audit` writes the event
    of this failure; it is called only while every key is within its individual budget.
    `password_checked=False` for an attempt refused without looking at the password: it counts
    for the client and for the audit, not towards locking the account again."""
    rows = _rows(session, keys, now)
    kinds = {k.id: k.kind for k in keys}
    refusal = _refusal(rows, kinds, now)
    for row in rows:
        if as_utc(row.window_ends_at) <= now:  # a new window
            _summarise(session, row)
            row.window_starts_at = now
            row.window_ends_at = now + limits.window(kinds[row.key])
            row.failures = row.audited = 0
    audited = all(row.audited < limits.audit_per_window for row in rows)
    if audited:
        audit(session)
    for row in rows:
        if audited:
            row.audited += 1
        elif row.audited >= limits.audit_per_window:
            row.unaudited += 1
        row.updated_at = now
        kind = kinds[row.key]
        if kind == "client":
            row.failures += 1
            if row.failures >= limits.client_max_failures:
                row.blocked_until = row.window_ends_at
        elif password_checked:
            row.failures += 1
            if row.failures >= limits.sign_in_max_failures:
                row.lockouts += 1
                row.blocked_until = now + limits.lockout(row.lockouts)
                row.failures = 0
    flush_summaries(session, now, exclude=[row.key for row in rows])
    session.flush()
    return Verdict(audited, refusal)


def flush_summaries(
    session: Session, now: datetime, *, exclude: Sequence[str] = (), limit: int = 20
) -> int:
    """Write the summary events of windows that have ended (for keys no failure has come back
    to since); skips rows another transaction holds."""
    rows = session.scalars(
        select(ThrottleRow)
        .where(ThrottleRow.unaudited > 0, ThrottleRow.window_ends_at <= now)
        .where(ThrottleRow.key.not_in(list(exclude)))
        .order_by(ThrottleRow.key)
        .limit(limit)
        .with_for_update(skip_locked=True)
    ).all()
    for row in rows:
        _summarise(session, row)
    return len(rows)


def succeeded(session: Session, key: Key, now: datetime) -> None:
    """A successful sign-in: the account's failures and lockouts are forgotten (a pending
    summary is written first)."""
    row = session.scalars(
        select(ThrottleRow).where(ThrottleRow.key == key.id).with_for_update()
    ).one_or_none()
    if row is not None:
        _summarise(session, row)
        session.delete(row)
    flush_summaries(session, now, exclude=[key.id])
    session.flush()


def unlock(session: Session, username: str, *, actor: str, user_id: str) -> bool:
    """Lift the lock on an account and forget its failures; audited. False if it had none."""
    key = Key.account(username, user_id)
    row = session.get(ThrottleRow, key.id, with_for_update=True)
    if row is None:
        return False
    _summarise(session, row)
    session.delete(row)
    record(
        session,
        actor=actor,
        action="unlock",
        entity="user",
        entity_id=user_id,
        purpose="account administration",
    )
    session.flush()
    return True
