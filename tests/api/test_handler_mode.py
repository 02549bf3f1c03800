"""`refuge serve --handlers`: inline runs the API's synchronous handlers on the worker's event
loop thread, threads hands them to a thread pool (FastAPI's own behaviour). Over real HTTP,
`refuge serve` (inline) is driven by tests/bench/test_api_load_smoke.py and the in-process live
servers of tests/api (threads) by the other HTTP tests."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import anyio
import anyio.to_thread
import pytest

from refuge.api.handler_mode import handler_mode, run_handlers


@pytest.fixture
def restore_threads() -> Iterator[None]:
    yield
    run_handlers("threads")


def _thread_of_a_handler() -> int:
    async def main() -> int:
        return await anyio.to_thread.run_sync(threading.get_ident)

    return anyio.run(main)


def test_inline_runs_a_handler_on_the_loop_thread_and_threads_does_not(
    restore_threads: None,
) -> None:
    here = threading.get_ident()
    run_handlers("inline")
    assert _thread_of_a_handler() == here
    run_handlers("threads")
    assert _thread_of_a_handler() != here


def test_the_mode_comes_from_refuge_handlers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("REFUGE_HANDLERS", raising=False)
    assert handler_mode() == "inline"
    monkeypatch.setenv("REFUGE_HANDLERS", "threads")
    assert handler_mode() == "threads"
    monkeypatch.setenv("REFUGE_HANDLERS", "fibers")
    with pytest.raises(ValueError, match="REFUGE_HANDLERS must be one of inline, threads"):
        handler_mode()
