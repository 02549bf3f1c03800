"""How a served worker runs the API's synchronous handlers: on its event loop, one request at a
time (`inline`, the default), or in a pool of threads (`threads`).

Every route and every dependency that touches the database is a plain (synchronous) function,
which FastAPI hands to a thread pool. On this service's requests — a few short statements on a
local database and some Python — the hand-over costs more than it gains: the thread switch, the
interpreter lock passing back and forth and the pool's bookkeeping were a fifth to a third of
the CPU a request took (decision 0017). `inline` runs them on the worker's event loop instead:
a worker does one request at a time, and requests run side by side across worker processes
(`refuge serve --workers N`), as in any synchronous server. The price: a long request (a large
import) holds up the requests behind it on its worker, and a worker waits for its database
rather than starting another request meanwhile. `threads` is FastAPI's own behaviour, for a
deployment with slow requests or a distant database.

Set by `refuge serve --handlers` or REFUGE_HANDLERS; it applies to the served app only
(`refuge.web.served`), never to an app made in-process (tests, other programs).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any, Literal

import anyio.to_thread

ENV = "REFUGE_HANDLERS"
Mode = Literal["inline", "threads"]
MODES: tuple[Mode, ...] = ("inline", "threads")
DEFAULT: Mode = "inline"


def handler_mode() -> Mode:
    """REFUGE_HANDLERS: `inline` or `threads`; `inline` when unset. Anything else is a
    ValueError naming the variable and the choices."""
    raw = os.environ.get(ENV, "").strip()
    if not raw:
        return DEFAULT
    if raw not in MODES:
        raise ValueError(f"{ENV} must be one of {', '.join(MODES)}, not {raw!r}")
    return raw


def run_handlers(mode: Mode) -> None:
    """In this process, run the synchronous handlers as `mode` says. `inline` replaces the
    thread hand-over that FastAPI and Starlette use (`anyio.to_thread.run_sync`) with a direct
    call on the event loop."""
    if mode == "threads":
        anyio.to_thread.run_sync = _THREADED  # type: ignore[assignment]
        return

    async def on_the_loop(func: Callable[..., Any], *args: Any, **_: Any) -> Any:
        return func(*args)

    anyio.to_thread.run_sync = on_the_loop  # type: ignore[assignment]


_THREADED: Callable[..., Any] = anyio.to_thread.run_sync  # FastAPI's own
