"""Setting one's own password.

An administrator who creates a user through the API chooses the first password, and so could
sign in under the user's name and read their team's cases. Such a user is created with
`password_change_required`: until they set their own password here, they may sign in, see who
they are, sign out and change the password, and nothing else (the API refuses every other
request, `refuge.api.permissions.authorize`; `tokens.issue` issues them no token). Once they
have, the first password no longer works, their other sessions are ended and their tokens
revoked.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy.orm import Session

from refuge.accounts import passwords, tokens
from refuge.accounts.models import User
from refuge.accounts.service import AccountError, end_all_sessions
from refuge.audit.trail import record

ACTION = "change-password"


class WrongPassword(AccountError):
    code = "wrong-password"
    status = 403

    def __init__(self) -> None:
        super().__init__(
            "the current password is wrong; give the password you signed in with (wrong "
            "passwords count towards locking the account, like failed sign-ins)"
        )


class SamePassword(AccountError):
    code = "same-password"
    status = 400

    def __init__(self) -> None:
        super().__init__("the new password is the current one; choose a password of your own")


@dataclass(frozen=True, slots=True)
class Changed:
    sessions_ended: int
    tokens_revoked: int


def change_password(
    session: Session,
    user: User,
    current_password: str,
    new_password: str,
    *,
    actor: str,
    keep_session: uuid.UUID | None = None,
) -> Changed:
    """Set `user`'s password to `new_password`, given their `current_password`: refused with
    `WrongPassword` (the caller counts and audits that failure), `SamePassword` or
    `WeakPassword`, before anything is written. Clears `password_change_required`, ends every
    browser session of the user but `keep_session` (the one the change was made from), revokes
    their tokens, and writes a `change-password` event under `actor` (never a password)."""
    if not passwords.verify(user.password_hash, current_password):
        raise WrongPassword
    if new_password == current_password:
        raise SamePassword
    user.password_hash = passwords.hash_password(new_password)  # WeakPassword
    was_required = user.password_change_required
    user.password_change_required = False
    ended = end_all_sessions(session, user.id, actor=actor, keep=keep_session)
    revoked = tokens.revoke_all(session, user.id)
    session.flush()
    first = "first own password" if was_required else "own password"
    record(
        session,
        actor=actor,
        action=ACTION,
        entity="user",
        entity_id=str(user.id),
        purpose=f"{first}; {ended} other session(s) ended, {revoked} token(s) revoked",
        fields=["password_hash", "password_change_required"],
    )
    return Changed(ended, revoked)
