"""The one renderer of errors: RFC 9457 problem details (`application/problem+json`).

Every error the API answers has `type`, `title`, `status`, `detail`, `instance` and a stable
kebab-case `code`; a 400 for bad input also lists its problems in `invalid_params` (the first
`MAX_LISTED`; `invalid_params_omitted` counts the rest, so that the answer stays small however bad
the input). An unexpected exception answers a generic 500: no traceback, no exception text.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from starlette.exceptions import HTTPException as StarletteHTTPException

from refuge.quote import reason

MEDIA_TYPE = "application/problem+json"
TYPE_BASE = "https://refuge.example/problems/"  # documented in docs/api.md#errors
MAX_LISTED = 20  # invalid_params listed in one answer (docs/api.md#limits)


class Problem(Exception):
    """An error answer. Raise it from a route or dependency; `problems` renders it."""

    def __init__(
        self,
        status: int,
        code: str,
        detail: str,
        *,
        title: str | None = None,
        headers: Mapping[str, str] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.code = code
        self.detail = detail
        self.title = title or HTTPStatus(status).phrase
        self.headers = dict(headers or {})
        self.extra = extra


def not_found(what: str = "resource") -> Problem:
    """The answer for a record that does not exist *or* is outside the caller's scope."""
    return Problem(404, "not-found", f"there is no {what} here, or you may not see it")


def render(request: Request, problem: Problem) -> JSONResponse:
    body: dict[str, Any] = {
        "type": TYPE_BASE + problem.code,
        "title": problem.title,
        "status": problem.status,
        "detail": problem.detail,
        "instance": request.url.path,
        "code": problem.code,
        **problem.extra,
    }
    return JSONResponse(
        body, status_code=problem.status, headers=problem.headers, media_type=MEDIA_TYPE
    )


def _location(loc: Sequence[int | str]) -> str:
    parts = [str(p) for p in loc]
    if parts and parts[0] in ("body", "query", "path", "header", "cookie"):
        where, rest = parts[0], parts[1:]
        return f"{where}:{'.'.join(rest)}" if rest else where
    return ".".join(parts)


def invalid_input(errors: Sequence[Any]) -> Problem:
    """A 400 listing the problems: the first `MAX_LISTED`, and how many more there are. A problem
    names the field and what is allowed, never the value sent (it may be a special-category
    fact, or the whole body for a model-level error)."""
    params = [
        {
            "name": _location(e.get("loc", ())),
            "reason": reason(e),
            "code": str(e.get("type", "invalid")).replace("_", "-"),
        }
        for e in errors[:MAX_LISTED]
    ]
    omitted = len(errors) - len(params)
    names = ", ".join(p["name"] for p in params[:5])
    extra: dict[str, Any] = {"invalid_params": params}
    if omitted:
        extra["invalid_params_omitted"] = omitted
    return Problem(
        400,
        "invalid-input",
        f"the request has {len(errors)} invalid value(s): {names}; see invalid_params",
        title="Bad Request",
        **extra,
    )


# status -> code for errors raised by the framework itself (routing, methods)
_HTTP_CODES = {
    404: ("not-found", "there is nothing at this address (paths have no trailing slash)"),
    405: ("method-not-allowed", "this address does not accept that method"),
}


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code, detail = _HTTP_CODES.get(exc.status_code, ("http-error", "the request was refused"))
    return render(request, Problem(exc.status_code, code, detail, headers=exc.headers))


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    return render(request, invalid_input(exc.errors()))


async def _problem(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, Problem)
    return render(request, exc)


async def _stale(request: Request, exc: Exception) -> JSONResponse:
    return render(request, stale_version())


def stale_version() -> Problem:
    return Problem(
        412,
        "version-conflict",
        "the record was changed by someone else since you read it; "
        "GET it again, re-apply your change and send the new ETag in If-Match",
    )


def server_error() -> Problem:
    return Problem(500, "internal-error", "something went wrong on our side; nothing was changed")


async def _conflict(request: Request, exc: Exception) -> JSONResponse:
    # a unique constraint met by a concurrent write; the text of the error is not shown
    return render(
        request,
        Problem(
            409,
            "conflict",
            "the change conflicts with one saved at the same time; read the record again and retry",
        ),
    )


def _extra(exc: Exception) -> dict[str, Any]:
    """Machine-readable details of a domain error (e.g. the allowed next states)."""
    extra = dict(getattr(exc, "extra", None) or {})
    allowed = getattr(exc, "allowed", None)
    if isinstance(allowed, list):
        extra["allowed_next"] = allowed
        extra["current_state"] = getattr(exc, "current", None)
    return extra


async def _domain_error(request: Request, exc: Exception) -> JSONResponse:
    status = int(getattr(exc, "status", 400))
    code = str(getattr(exc, "code", "error"))
    return render(request, Problem(status, code, str(exc), **_extra(exc)))


def install(app: FastAPI, domain_errors: Sequence[type[Exception]] = ()) -> None:
    """Route every error of `app` through `render`. `domain_errors` are exception classes
    with a `code` and a `status` (and optional `extra`): their message is written for users."""
    app.add_exception_handler(Problem, _problem)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StaleDataError, _stale)
    app.add_exception_handler(IntegrityError, _conflict)
    for cls in domain_errors:
        app.add_exception_handler(cls, _domain_error)
