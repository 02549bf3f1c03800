"""Headers on every response (NL API rules /core/version-header, /core/transport/security-headers),
and the last line of defence: an exception nobody handled becomes a generic 500 problem."""

from __future__ import annotations

import json
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from refuge.api.problems import MEDIA_TYPE, TYPE_BASE, server_error
from refuge.logging import get_logger

API_VERSION = "1.0.0"
OPENAPI_PATH = "/api/v1/openapi.json"

SECURITY_HEADERS = {
    "API-Version": API_VERSION,
    "Cache-Control": "no-store",
    "Content-Security-Policy": "frame-ancestors 'none'",
    "Strict-Transport-Security": "max-age=31536000",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
}

log = get_logger(__name__)


class ResponseHeaders:
    """Pure ASGI middleware: add the headers above (and open CORS on the OpenAPI document
    only); turn an unhandled exception into a 500 problem without its text."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False
        extra = dict(SECURITY_HEADERS)
        if scope.get("path") == OPENAPI_PATH:
            extra["Access-Control-Allow-Origin"] = "*"

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                present = {k.lower() for k, _ in message.get("headers", [])}
                message.setdefault("headers", [])
                message["headers"] = [
                    *message["headers"],
                    *(
                        (k.lower().encode(), v.encode())
                        for k, v in extra.items()
                        if k.lower().encode() not in present
                    ),
                ]
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception as exc:
            tb = exc.__traceback__
            while tb is not None and tb.tb_next is not None:
                tb = tb.tb_next
            # the kind of error and where, never its text (it may quote personal data)
            log.error(
                "api.unhandled_error",
                error_type=type(exc).__name__,
                at=f"{tb.tb_frame.f_code.co_filename}:{tb.tb_lineno}" if tb else None,
                method=scope.get("method"),
                route=getattr(scope.get("route"), "path_format", None),
            )
            if not started:
                await _send_500(scope, send_with_headers)


async def _send_500(scope: Scope, send: Send) -> None:
    problem = server_error()
    body: dict[str, Any] = {
        "type": TYPE_BASE + problem.code,
        "title": problem.title,
        "status": 500,
        "detail": problem.detail,
        "instance": scope.get("path", ""),
        "code": problem.code,
    }
    data = json.dumps(body).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 500,
            "headers": [
                (b"content-type", MEDIA_TYPE.encode()),
                (b"content-length", str(len(data)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": data})
