"""Where Refuge keeps its data: REFUGE_HOME (default ~/.refuge) and REFUGE_DATABASE_URL."""

from __future__ import annotations

import os
from pathlib import Path


def refuge_home() -> Path:
    """The folder for the embedded database and the key file; created on first use, and
    readable by its owner only (it holds special-category data and the data key)."""
    home = Path(os.environ.get("REFUGE_HOME") or Path.home() / ".refuge")
    home.mkdir(mode=0o700, parents=True, exist_ok=True)
    if home.stat().st_mode & 0o077:
        home.chmod(0o700)
    return home


def database_url() -> str:
    """REFUGE_DATABASE_URL (any SQLAlchemy URL: sqlite:///... or postgresql+psycopg://...),
    or the embedded SQLite database under REFUGE_HOME."""
    return os.environ.get("REFUGE_DATABASE_URL") or f"sqlite:///{refuge_home() / 'refuge.db'}"
