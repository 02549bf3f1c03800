"""The API's side of the limits on failed sign-ins and bad tokens (`refuge.accounts.throttle`):
which keys a request counts against, the 429 answer with `Retry-After`, and the audit event of
each failure (written on its own only within the per-window budget; the rest are summarised).

The client is the address the connection comes from (`request.client`); behind a proxy on the
same machine, uvicorn takes it from `X-Forwarded-For` (`refuge serve` trusts that header from
127.0.0.1 only). The failures are counted in a transaction of their own, so a refused request
leaves nothing else behind.
"""

from __future__ import annotations

from datetime import datetime

from fastapi import Request
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from refuge.accounts import throttle
from refuge.accounts.models import User
from refuge.accounts.throttle import Key, Limits, Refusal
from refuge.api.problems import Problem
from refuge.audit.trail import record


def limits(request: Request) -> Limits:
    """The limits of this app: `REFUGE_*` read once, at the first failure it counts."""
    found = getattr(request.app.state, "throttle_limits", None)
    if found is None:
        found = Limits.from_env()
        request.app.state.throttle_limits = found
    return found


def client_key(request: Request) -> Key:
    return Key.client(request.client.host if request.client else "unknown")


def too_many(refusal: Refusal, now: datetime) -> Problem:
    seconds = refusal.retry_after(now)
    if refusal.kind == "account":
        return Problem(
            429,
            "too-many-sign-in-failures",
            "this account is locked after too many wrong passwords; try again after "
            f"{seconds} seconds or ask an administrator to unlock it",
            headers={"Retry-After": str(seconds)},
        )
    return Problem(
        429,
        "too-many-failures",
        f"too many failed sign-ins or bad tokens from your address; try again after {seconds} "
        "seconds",
        headers={"Retry-After": str(seconds)},
    )


def _sessions(request: Request) -> sessionmaker[Session]:
    factory: sessionmaker[Session] = request.app.state.sessions
    return factory


def bad_token(request: Request, now: datetime) -> Problem | None:
    """Count a bad bearer token against the client: the 429 to answer if the client was already
    over its budget, else None (answer 401). Audits it within the budget."""

    def audit(session: Session) -> None:
        record(
            session,
            actor="anonymous",
            action="authenticate",
            entity="api_token",
            entity_id="unknown",
            purpose="api access",
            outcome="failed",
        )

    with _sessions(request)() as own, own.begin():
        verdict = throttle.fail(own, [client_key(request)], now, limits(request), audit=audit)
    return too_many(verdict.refusal, now) if verdict.refusal else None


class SignInAttempt:
    """The keys of one sign-in attempt: the account named and the client. A password given to
    change it (`POST /sessions/current/password`) is an attempt too, audited as that `action`."""

    def __init__(
        self,
        request: Request,
        db: Session,
        username: str,
        *,
        action: str = "login",
        purpose: str = "sign in",
    ) -> None:
        self.request = request
        self.action = action
        self.purpose = purpose
        found = db.execute(select(User.id, User.username).where(User.username == username))
        user = found.first()
        self.actor = user.username if user else "anonymous"
        self.user_id = str(user.id) if user else "unknown"
        self.account = Key.account(username, str(user.id) if user else None)
        self.keys = [self.account, client_key(request)]

    def refused(self, db: Session, now: datetime) -> Refusal | None:
        """Whether the account or the client is refused now (before the password is checked)."""
        return throttle.refused(db, self.keys, now)

    def failed(self, now: datetime, *, password_checked: bool) -> Refusal | None:
        """Count a wrong password (or an attempt refused unchecked) and audit it within the
        budget, as `login` `failed` (or `refused`), like `service.authenticate` does."""

        def audit(session: Session) -> None:
            record(
                session,
                actor=self.actor,
                action=self.action,
                entity="user",
                entity_id=self.user_id,
                purpose=self.purpose,
                outcome="failed" if password_checked else "refused",
            )

        with _sessions(self.request)() as own, own.begin():
            verdict = throttle.fail(
                own,
                self.keys,
                now,
                limits(self.request),
                audit=audit,
                password_checked=password_checked,
            )
        return verdict.refusal

    def succeeded(self, now: datetime) -> None:
        with _sessions(self.request)() as own, own.begin():
            throttle.succeeded(own, self.account, now)
