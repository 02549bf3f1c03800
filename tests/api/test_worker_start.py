"""A server worker settles its heap at start: every country pack is loaded (no request pays
for it) and what the worker made so far is frozen out of the garbage collector's full scans,
which were the tail of the API's latency (docs/performance/api.md)."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from refuge.policy.country import _load_cached
from refuge.web.served import settle_heap


@pytest.fixture
def thawed() -> Iterator[None]:
    gc.unfreeze()
    yield
    gc.unfreeze()


@pytest.mark.usefixtures("thawed")
def test_the_packs_are_loaded_and_the_heap_frozen() -> None:
    _load_cached.cache_clear()
    settle_heap()
    assert _load_cached.cache_info().currsize >= 1  # SY, at least
    assert gc.get_freeze_count() > 10_000
