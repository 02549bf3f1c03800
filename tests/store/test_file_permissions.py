"""The embedded store keeps special-category data and the data key: only its owner may read it."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from sqlalchemy import text

from refuge.store.crypto import KEY_FILE, load_key
from refuge.store.engine import make_engine
from refuge.store.settings import refuge_home


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_data_folder_database_and_key_are_readable_by_their_owner_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    home.mkdir(mode=0o755)  # made by someone else, too open
    monkeypatch.setenv("REFUGE_HOME", str(home))
    monkeypatch.delenv("REFUGE_SECRET_KEY", raising=False)
    assert refuge_home() == home and mode(home) == 0o700
    load_key()
    assert mode(home / KEY_FILE) == 0o600
    db = home / "refuge.db"
    engine = make_engine(f"sqlite:///{db}")
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE t (x INTEGER)"))
        conn.execute(text("INSERT INTO t VALUES (1)"))
    engine.dispose()
    for path in home.iterdir():
        assert mode(path) & 0o077 == 0, f"{path.name} is readable by others: {oct(mode(path))}"
