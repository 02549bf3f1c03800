"""Account tests use cheap argon2 parameters, except where the hash itself is tested."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher

from refuge.accounts import passwords


@pytest.fixture(autouse=True)
def _cheap_password_hashes(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    if request.module.__name__.endswith("test_passwords"):
        return
    cheap = PasswordHasher(time_cost=1, memory_cost=64, parallelism=1)
    monkeypatch.setattr(passwords, "_HASHER", cheap)
