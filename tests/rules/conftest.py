"""Fixtures for the rule-language tests: packs, and one local Spark session for the lot."""

from __future__ import annotations

from pathlib import Path

import pytest

from refuge.policy import PolicyPack, find_pack, load_pack
from refuge.policy.facts import FACTS

PACKS = Path(__file__).parent / "packs"


@pytest.fixture(scope="session")
def vt_pack() -> PolicyPack:
    """The small test pack: every node kind and function, six policy versions."""
    return load_pack(PACKS / "VT.yaml", FACTS)


@pytest.fixture(scope="session")
def sy_pack() -> PolicyPack:
    """The real Syria pack (skipped where the checkout has none)."""
    path = find_pack("SY")
    if path is None:
        pytest.skip("policies/SY.yaml is not in this checkout")
    return load_pack(path, FACTS)
