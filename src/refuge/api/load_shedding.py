"""Load shedding: past a number of requests in progress, answer 503 at once instead of queueing.

A worker that is asked for more than it can do would otherwise queue requests in its thread
pool without bound: every request then waits behind all the others, and at a steady overload the
wait grows until clients time out while the server still works on their requests (the load
benchmark saw 16 s). With a cap on the requests in progress, those beyond it are answered at
once with `503 overloaded` (problem+json, `Retry-After`), and the ones accepted keep a bounded
latency. The cap is per worker process: REFUGE_MAX_IN_FLIGHT (default 64), or
`refuge serve --max-in-flight N`.

The answer comes before anything reads the body or the credentials, so a refused request
costs almost nothing and changes nothing; a client may send it again after `Retry-After`.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from refuge.api import problems
from refuge.api.env_limit import positive_whole

ENV = "REFUGE_MAX_IN_FLIGHT"
DEFAULT_MAX_IN_FLIGHT = 64
RETRY_AFTER_SECONDS = 1


def max_in_flight() -> int:
    """REFUGE_MAX_IN_FLIGHT, a positive whole number of requests; default 64."""
    return positive_whole(ENV, DEFAULT_MAX_IN_FLIGHT, "requests")


def overloaded(limit: int) -> problems.Problem:
    return problems.Problem(
        503,
        "overloaded",
        f"the server is working on {limit} requests, the most it takes at once; nothing was "
        f"done with this one: send it again after {RETRY_AFTER_SECONDS} second(s)",
        headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
    )


class LoadShedding:
    """Answer `503 overloaded` while `limit` requests are in progress in this process.

    One event loop runs all of a worker's requests, so a plain counter is exact."""

    def __init__(self, app: ASGIApp, limit: int | None = None) -> None:
        self.app = app
        self.limit = max_in_flight() if limit is None else limit
        self.in_flight = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if self.in_flight >= self.limit:
            await self._refuse(scope, send)
            return
        self.in_flight += 1
        try:
            await self.app(scope, receive, send)
        finally:
            self.in_flight -= 1

    async def _refuse(self, scope: Scope, send: Send) -> None:
        async def nothing() -> Message:
            return {"type": "http.disconnect"}

        await problems.render(Request(scope), overloaded(self.limit))(scope, nothing, send)
