"""Where country packs live: $REFUGE_POLICY_DIR, the installed copy, or the checkout's policies/."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path


def pack_dir() -> Path:
    override = os.environ.get("REFUGE_POLICY_DIR")
    return Path(override) if override else _bundled_dir()


@lru_cache(maxsize=1)
def _bundled_dir() -> Path:
    here = Path(__file__).resolve().parent.parent
    installed = here / "_policies"
    if installed.is_dir():
        return installed
    return here.parent.parent / "policies"


def find_pack(country: str) -> Path | None:
    """The pack file of an ISO 3166-1 alpha-2 country, or None if there is none."""
    if not (len(country) == 2 and country.isalpha()):
        return None
    path = pack_dir() / f"{country.upper()}.yaml"
    return path if path.is_file() else None
