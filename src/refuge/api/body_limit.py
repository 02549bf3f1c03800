"""The request body size limit: pure ASGI middleware, in front of everything else.

A body larger than the limit answers `413 body-too-large` (problem+json, the one error shape)
before authentication and before anything parses it:

- a `Content-Length` above the limit is refused from the headers alone; no byte is read;
- a body without one (`Transfer-Encoding: chunked`) is counted as it streams, and refused as
  soon as it passes the limit; what was read so far is dropped and the rest is never read.

The answer says `Connection: close`, so the server does not read the rest to reach a next
request. The limit is REFUGE_MAX_BODY_BYTES (bytes; default 1 MiB), read when the app is made.
There is no bulk endpoint in the API (bulk import is `refuge import cases`, on the server), so
one limit serves every endpoint.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from refuge.api import problems
from refuge.api.env_limit import positive_whole

ENV = "REFUGE_MAX_BODY_BYTES"
DEFAULT_MAX_BODY_BYTES = 1024 * 1024


def max_body_bytes() -> int:
    """REFUGE_MAX_BODY_BYTES, a positive whole number of bytes; default 1 MiB."""
    return positive_whole(ENV, DEFAULT_MAX_BODY_BYTES, "bytes")


def too_large(limit: int) -> problems.Problem:
    return problems.Problem(
        413,
        "body-too-large",
        f"the request body is larger than {limit} bytes, the most this server accepts; "
        "send less (a text field holds at most 100,000 characters)",
        headers={"Connection": "close"},
        max_body_bytes=limit,
    )


class BodyLimit:
    """Refuse request bodies larger than `limit` bytes (default: `max_body_bytes()`).

    Past the limit the app's `receive` answers `http.disconnect` (as if the client had gone),
    so the app stops reading, and whatever it sends afterwards is dropped: the 413 is the
    answer."""

    def __init__(self, app: ASGIApp, limit: int | None = None) -> None:
        self.app = app
        self.limit = max_body_bytes() if limit is None else limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _content_length(scope)
        if declared is not None and declared > self.limit:
            await self._refuse(scope, send)
            return

        received = 0
        refused = False
        response_started = False

        async def counted_receive() -> Message:
            nonlocal received, refused
            if refused:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    refused = True
                    if not response_started:
                        await self._refuse(scope, send)
                    # to the app the client has gone: it stops reading, its answer is dropped
                    return {"type": "http.disconnect"}
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal response_started
            if refused:
                return
            if message["type"] == "http.response.start":
                response_started = True
            await send(message)

        await self.app(scope, counted_receive, guarded_send)

    async def _refuse(self, scope: Scope, send: Send) -> None:
        async def nothing() -> Message:
            return {"type": "http.disconnect"}

        request = Request(scope)
        await problems.render(request, too_large(self.limit))(scope, nothing, send)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None  # the server refuses a malformed length itself
    return None
