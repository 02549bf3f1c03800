"""Password hashes are argon2id; verify answers yes/no; old parameters ask for a rehash."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher

from refuge.accounts import passwords


def test_hash_is_argon2id_and_verifies() -> None:
    hashed = passwords.hash_password("correct horse battery")
    assert hashed.startswith("$argon2id$")
    assert passwords.verify(hashed, "correct horse battery")
    assert not passwords.verify(hashed, "correct horse battery!")


def test_unreadable_hash_and_huge_password_do_not_verify() -> None:
    assert not passwords.verify("not a hash", "whatever password")
    assert not passwords.verify(passwords.DUMMY_HASH, "x" * 5000)


def test_short_password_is_refused_with_the_limits() -> None:
    with pytest.raises(passwords.WeakPassword, match="12 to 1024"):
        passwords.hash_password("short")


def test_hash_with_weaker_parameters_needs_rehash() -> None:
    weak = PasswordHasher(time_cost=1, memory_cost=64, parallelism=1).hash("correct horse battery")
    assert passwords.needs_rehash(weak)
    assert not passwords.needs_rehash(passwords.hash_password("correct horse battery"))
