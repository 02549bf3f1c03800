"""Who is looking at a page: the user of the session cookie the API's sign-in sets too (one
session for both), or nobody (the pages send them to sign in)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from refuge.accounts import service
from refuge.casework.actor import Actor
from refuge.web import csrf


@dataclass(frozen=True, slots=True)
class Viewer:
    user_id: uuid.UUID
    username: str
    role: str
    team_id: uuid.UUID | None
    password_change_required: bool
    csrf_token: str

    @property
    def actor(self) -> Actor:
        """The viewer as the casework service sees them."""
        return Actor(self.user_id, self.username, self.role, self.team_id)


def viewer_of(db: Session, cookie: str | None, now: datetime) -> Viewer | None:
    """The signed-in user of `cookie`, recording the activity (or the end of an expired
    session); None without a cookie or for one that no longer signs anybody in."""
    if not cookie:
        return None
    user = service.resume_session(db, cookie, now)
    db.commit()
    if user is None:
        return None
    return Viewer(
        user.id,
        user.username,
        user.role,
        user.team_id,
        user.password_change_required,
        csrf.for_session(cookie),
    )
