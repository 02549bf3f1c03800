"""The web app: pages under `/`, static assets under `/static`, mounted by
`refuge.web.served` beside the API (`/api/v1`) in the process `refuge serve` runs.

Errors are pages, never tracebacks: sign in (303 to /sign-in), 403, 404, 400 naming the field,
and a 500 that says nothing of the cause (it is logged by kind and place only)."""

from __future__ import annotations

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.staticfiles import StaticFiles
from sqlalchemy.orm import Session, sessionmaker
from starlette.exceptions import HTTPException
from starlette.responses import RedirectResponse, Response

from refuge.api.app import NO_TELEMETRY
from refuge.casework.errors import CaseworkError, NotFound
from refuge.logging import get_logger
from refuge.web import pages
from refuge.web.messages import refusal
from refuge.web.routes import analytics, audit, cases, decisions, library, policy, returns, sign_in
from refuge.web.templating import gettext, render

STATIC = pages.__file__.rsplit("/", 1)[0] + "/static"
log = get_logger(__name__)

# Pages load scripts, styles and images from this origin only; no inline script or style.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; "
    "object-src 'none'"
)


def _redirect(request: Request, location: str) -> Response:
    if request.headers.get("hx-request"):
        return Response(status_code=204, headers={"HX-Redirect": location})
    return RedirectResponse(location, status_code=303)


async def _sign_in(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, pages.SignInNeeded)
    return _redirect(request, pages.sign_in_url(exc.next_path))


async def _password(request: Request, exc: Exception) -> Response:
    return _redirect(request, "/password")


def _error(request: Request, status: int, message: str) -> Response:
    return render(request, "error.html", {"status": status, "message": message}, status=status)


async def _forbidden(request: Request, exc: Exception) -> Response:
    return _error(request, 403, gettext(request, "Your role may not open this page."))


async def _expired(request: Request, exc: Exception) -> Response:
    return _error(
        request,
        403,
        gettext(
            request,
            "This form has expired or was sent from another site. Go back, reload the page "
            "and try again.",
        ),
    )


async def _http(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if exc.status_code == 404:
        return _error(request, 404, gettext(request, "There is no such page."))
    if exc.status_code == 405:
        return _error(request, 405, gettext(request, "This page cannot be used that way."))
    return _error(request, exc.status_code, gettext(request, "The request could not be handled."))


async def _invalid(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    fields = sorted({str(error["loc"][-1]) for error in exc.errors()[:20] if error.get("loc")})
    return _error(
        request,
        400,
        gettext(
            request, "Something in the request is not valid: %(fields)s.", fields=", ".join(fields)
        ),
    )


async def _casework(request: Request, exc: Exception) -> Response:
    """A refusal no form of the page handles itself: a case out of scope reads like one that
    does not exist (404, as in the API)."""
    assert isinstance(exc, CaseworkError)
    if isinstance(exc, NotFound):
        return _error(request, 404, gettext(request, "There is no such page."))
    return _error(request, exc.status, refusal(request, exc))


async def _unexpected(request: Request, exc: Exception) -> Response:
    log.error("web.unhandled_error", error_type=type(exc).__name__, path=pages.template_of(request))
    return _error(
        request, 500, gettext(request, "Something went wrong on our side. Try again later.")
    )


async def _headers(request: Request, call_next):  # type: ignore[no-untyped-def]
    response: Response = await call_next(request)
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("Vary", "Cookie, Accept-Language")
    # same-origin, not the API's no-referrer: with no referrer at all a browser sends
    # `Origin: null` on a form post, and treats it as cross-site (no SameSite=Strict cookie)
    response.headers.setdefault("Referrer-Policy", "same-origin")
    if request.url.path.startswith("/static/"):
        response.headers["Cache-Control"] = "public, max-age=86400"  # no personal data there
    return response


def create_web_app(sessions: sessionmaker[Session], *, secure_cookies: bool = True) -> FastAPI:
    web = FastAPI(
        openapi_url=None,
        docs_url=None,
        redoc_url=None,
        redirect_slashes=False,
        telemetry=NO_TELEMETRY,
    )
    web.state.sessions = sessions
    web.state.secure_cookies = secure_cookies
    web.mount("/static", StaticFiles(directory=STATIC), name="static")
    for module in (sign_in, cases, decisions, audit, policy, analytics, returns, library):
        web.include_router(module.router, dependencies=[Depends(pages.protect)])
    web.add_exception_handler(pages.SignInNeeded, _sign_in)
    web.add_exception_handler(pages.PasswordChangeNeeded, _password)
    web.add_exception_handler(pages.PageForbidden, _forbidden)
    web.add_exception_handler(pages.FormExpired, _expired)
    web.add_exception_handler(HTTPException, _http)
    web.add_exception_handler(RequestValidationError, _invalid)
    web.add_exception_handler(CaseworkError, _casework)
    web.add_exception_handler(Exception, _unexpected)
    web.middleware("http")(_headers)
    return web
