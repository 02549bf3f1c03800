"""The audit key: the secret that keys the audit chain (each event's hash is an HMAC-SHA256
under it), so that write access to the database is not enough to append or alter an event.

It is 32 bytes: REFUGE_AUDIT_KEY (base64), or the key file REFUGE_AUDIT_KEY_FILE (default
`audit.key` under REFUGE_HOME), created with mode 0600 when the first event is written. It is
never the data key (`refuge.store.crypto`): whoever reads the data must not thereby be able to
rewrite the record of who read it. Keep it apart from the database and from the data key.
"""

from __future__ import annotations

import base64
import binascii
import os
from functools import lru_cache
from pathlib import Path

from refuge.store.crypto import KEY_FILE as DATA_KEY_FILE
from refuge.store.settings import refuge_home

KEY_FILE = "audit.key"
ENV = "REFUGE_AUDIT_KEY"
ENV_FILE = "REFUGE_AUDIT_KEY_FILE"


class AuditKeyError(Exception):
    """The audit key is missing, malformed or the data key; the message says what to do."""


def key_file() -> Path:
    named = os.environ.get(ENV_FILE)
    return Path(named) if named else refuge_home() / KEY_FILE


def _decode(raw: str | bytes, where: str) -> bytes:
    try:
        key = base64.b64decode(raw.strip(), validate=True)
    except (ValueError, binascii.Error):
        key = b""
    if len(key) != 32:
        raise AuditKeyError(
            f"{where} must be 32 random bytes in base64, e.g. the output of "
            '`python -c "import os,base64;print(base64.b64encode(os.urandom(32)).decode())"`'
        )
    return key


def _data_key() -> bytes | None:
    """The data key, if one is set or its file exists (this never creates it)."""
    raw = os.environ.get("REFUGE_SECRET_KEY")
    if raw:
        try:
            return base64.b64decode(raw, validate=True)
        except (ValueError, binascii.Error):
            return None
    path = refuge_home() / DATA_KEY_FILE
    return base64.b64decode(path.read_bytes().strip()) if path.exists() else None


@lru_cache(maxsize=8)
def _load(env: str | None, path: str, data_key: bytes | None) -> bytes:
    if env:
        key = _decode(env, ENV)
    else:
        key = _decode(Path(path).read_bytes(), f"the audit key file {path}")
    if data_key is not None and key == data_key:
        raise AuditKeyError(
            "the audit key must not be the data key (REFUGE_SECRET_KEY or secret.key): "
            f"give it a key of its own ({ENV}, or the file {path})"
        )
    return key


def load_audit_key(*, create: bool = False) -> bytes:
    """The audit key. With `create`, a missing key file is made (mode 0600) with a fresh key;
    without, a missing key is an `AuditKeyError` (a lost key must not be silently replaced: the
    whole trail would then fail verification).

    Every audit event asks for it: once found, it is kept per environment (the variables that
    locate it), and a key file is only checked to be still there."""
    settings = tuple(os.environ.get(name) for name in _LOCATION)
    known = _known.get(settings)
    if known is not None and (known[0] is None or os.path.exists(known[0])):
        return known[1]
    env = os.environ.get(ENV) or None
    path = key_file()
    if env is None and not path.exists():
        if not create:
            raise AuditKeyError(
                f"no audit key: set {ENV} or restore the key file {path} "
                "(the key the trail was written with)"
            )
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # another process made it first
        else:
            with os.fdopen(fd, "wb") as out:
                out.write(base64.b64encode(os.urandom(32)) + b"\n")
    key = _load(env, str(path), _data_key())
    _known[settings] = (None if env else str(path), key)
    return key


# the variables that say where the audit key (and the data key it must differ from) is
_LOCATION = (ENV, ENV_FILE, "REFUGE_HOME", "HOME", "REFUGE_SECRET_KEY")
_known: dict[tuple[str | None, ...], tuple[str | None, bytes]] = {}
