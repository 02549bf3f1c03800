"""Password hashes: argon2id (argon2-cffi's defaults, RFC 9106 low-memory profile).

`verify` answers whether a password matches; `needs_rehash` tells the caller to store a fresh
hash after a successful login when the parameters have been raised since the hash was made.
"""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

_HASHER = PasswordHasher()  # argon2id

MIN_LENGTH = 12
MAX_LENGTH = 1024


class WeakPassword(ValueError):
    """The password is too short or too long; the message says the limits."""

    code = "weak-password"

    def __init__(self) -> None:
        super().__init__(
            f"a password must be {MIN_LENGTH} to {MAX_LENGTH} characters long; "
            "a passphrase of a few words is easiest to remember"
        )


class PasswordChangeRequired(Exception):
    """The user's password was chosen by someone else (an administrator who created the user
    through the API): until the user sets their own, they do nothing else and get no token."""

    code = "password-change-required"
    status = 403

    def __init__(self) -> None:
        super().__init__(
            "your password was set by an administrator; set your own password first "
            "(POST /api/v1/sessions/current/password with current_password and new_password, "
            "or `refuge users password USERNAME`), then try again"
        )


def check_strength(password: str) -> None:
    if not MIN_LENGTH <= len(password) <= MAX_LENGTH:
        raise WeakPassword


def hash_password(password: str) -> str:
    check_strength(password)
    return _HASHER.hash(password)


def verify(password_hash: str, password: str) -> bool:
    """Whether `password` matches; False for a wrong password or an unreadable hash."""
    if len(password) > MAX_LENGTH:
        return False
    try:
        return _HASHER.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _HASHER.check_needs_rehash(password_hash)


# Verified against when the username is unknown, so that a wrong username costs as much time
# as a wrong password (no user enumeration by timing).
DUMMY_HASH = _HASHER.hash("refuge-dummy-password-for-timing")
