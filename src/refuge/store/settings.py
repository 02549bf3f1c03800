"""Where Refuge keeps its data: REFUGE_HOME (default ~/.refuge) and REFUGE_DATABASE_URL."""

from __future__ import annotations

import os
from pathlib import Path


def refuge_home() -> Path:
    """The folder for the embedded database and the key file; created on first use."""
    home = Path(os.environ.get("REFUGE_HOME") or Path.home() / ".refuge")
    home.mkdir(parents=True, exist_ok=True)
    return home


def database_url() -> str:
    """REFUGE_DATABASE_URL (any SQLAlchemy URL: sqlite:///... or postgresql+psycopg://...),
    or the embedded SQLite database under REFUGE_HOME."""
    return os.environ.get("REFUGE_DATABASE_URL") or f"sqlite:///{refuge_home() / 'refuge.db'}"
