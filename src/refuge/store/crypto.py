"""Encryption at rest of special-category fields (AES-GCM, from `cryptography`).

The key is 32 bytes: REFUGE_SECRET_KEY (base64), or a key file under REFUGE_HOME created on
first run with mode 0600. Each value is sealed with a fresh 96-bit nonce and bound to its column
(associated data), so a ciphertext copied into another column does not decrypt.
"""

from __future__ import annotations

import base64
import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from pydantic_core import from_json, to_json
from sqlalchemy import LargeBinary
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

from refuge.store.settings import refuge_home

KEY_FILE = "secret.key"
NONCE = 12


class SecretKeyError(Exception):
    """The key is missing or malformed; the message says how to provide one."""


def load_key(env: str | None = None, home: Path | None = None) -> bytes:
    raw = os.environ.get("REFUGE_SECRET_KEY") if env is None else env
    if raw:
        try:
            key = base64.b64decode(raw, validate=True)
        except ValueError:
            key = b""
        if len(key) != 32:
            raise SecretKeyError(
                "REFUGE_SECRET_KEY must be 32 random bytes in base64, e.g. the output of "
                '`python -c "import os,base64;print(base64.b64encode(os.urandom(32)).decode())"`'
            )
        return key
    path = (home or refuge_home()) / KEY_FILE
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(base64.b64encode(AESGCM.generate_key(bit_length=256)))
    return base64.b64decode(path.read_bytes().strip())


@lru_cache(maxsize=4)
def _cipher(key: bytes) -> AESGCM:
    return AESGCM(key)


@lru_cache(maxsize=8)
def _cipher_for(env: str | None, home: str | None, user_home: str | None) -> AESGCM:
    return _cipher(load_key())


_PINNED: ContextVar[AESGCM | None] = ContextVar("refuge_pinned_cipher", default=None)


@contextmanager
def pinned_cipher() -> Iterator[None]:
    """Within the block, sealing and opening use the cipher of the current key without looking
    the key up again for every field: for reads of many rows (a cohort's facts)."""
    token = _PINNED.set(current_cipher())
    try:
        yield
    finally:
        _PINNED.reset(token)


def current_cipher() -> AESGCM:
    """The cipher of the current key. Every sealed or opened field asks for it, so it is kept
    per REFUGE_SECRET_KEY, REFUGE_HOME and HOME: the key file is read once, not once per
    field."""
    env = os.environ
    return _cipher_for(env.get("REFUGE_SECRET_KEY"), env.get("REFUGE_HOME"), env.get("HOME"))


def seal(value: Any, context: str, cipher: AESGCM | None = None) -> bytes:
    """`value` (JSON-compatible) as compact JSON, encrypted under a fresh nonce and bound to
    `context`. The JSON is written by pydantic-core (in Rust: a 23 KB assessment output is
    sealed on every assessment)."""
    nonce = os.urandom(NONCE)
    plain = to_json(value)
    cipher = cipher or _PINNED.get() or current_cipher()
    return nonce + cipher.encrypt(nonce, plain, context.encode())


def unseal(blob: bytes, context: str, cipher: AESGCM | None = None) -> Any:
    try:
        cipher = cipher or _PINNED.get() or current_cipher()
        plain = cipher.decrypt(blob[:NONCE], blob[NONCE:], context.encode())
    except InvalidTag:
        raise SecretKeyError(
            f"cannot decrypt {context}: wrong REFUGE_SECRET_KEY or key file, or altered data"
        ) from None
    return from_json(plain)


class Encrypted(TypeDecorator[Any]):
    """A JSON value stored as AES-GCM ciphertext; `context` names the column (e.g.
    'applications.grounds') and is bound into the ciphertext."""

    impl = LargeBinary
    cache_ok = True

    def __init__(self, context: str) -> None:
        super().__init__()
        self.context = context

    def process_bind_param(self, value: Any, dialect: Dialect) -> bytes | None:
        return None if value is None else seal(value, self.context)

    def process_result_value(self, value: bytes | None, dialect: Dialect) -> Any:
        return None if value is None else unseal(bytes(value), self.context)
