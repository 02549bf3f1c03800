"""The application factory: `create_app(database_url)` gives the ASGI app `refuge serve` runs.

Everything lives under `/api/v1` (a mounted sub-application, so that the OpenAPI document's
`servers` is `/api/v1` and its paths are relative to it, NL API rule /core/uri-version). No
trailing slashes and no redirects: `/api/v1/applications/` is a 404.
"""

from __future__ import annotations

from fastapi import Depends, FastAPI, Request
from fastapi.responses import JSONResponse
from fastapi.telemetry import TelemetryConfig

from refuge.accounts.passwords import PasswordChangeRequired, WeakPassword
from refuge.accounts.service import AccountError
from refuge.api import problems
from refuge.api.body_limit import BodyLimit, max_body_bytes
from refuge.api.headers import API_VERSION, ResponseHeaders
from refuge.api.idempotency import KeyReused
from refuge.api.load_shedding import LoadShedding, max_in_flight
from refuge.api.permissions import BASE, authorize
from refuge.api.routes import (
    applications,
    audit_events,
    case_steps,
    charters,
    coi,
    coi_provenance,
    coi_redactions,
    coi_search,
    returns,
    sessions,
    statistics,
    teams,
    users,
)
from refuge.casework.errors import CaseworkError
from refuge.store.engine import session_factory
from refuge.store.settings import database_url as default_database_url

DOMAIN_ERRORS: tuple[type[Exception], ...] = (
    AccountError,
    CaseworkError,
    KeyReused,
    PasswordChangeRequired,
    WeakPassword,
)

# No OpenTelemetry spans, metrics or logs from FastAPI: they would carry request paths, and
# validation failures and exceptions with their messages, out of the process (special-category
# data is never logged), and checking for a configured provider costs every request.
NO_TELEMETRY: TelemetryConfig = {
    "tracing": False,
    "metrics": False,
    "logs": False,
    "operation_spans": False,
    "auto_configure": False,
}

DESCRIPTION = """Refuge casework API. It recommends; a person decides.

Sign in with a bearer token (`Authorization: Bearer ...`, from `refuge users token`) or a session
cookie (`POST /sessions`). Errors are RFC 9457 problem details with a stable `code`.
See docs/api.md."""


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    return problems.render(request, problems.server_error())


def _v1() -> FastAPI:
    api = FastAPI(
        title="Refuge API",
        version=API_VERSION,
        description=DESCRIPTION,
        openapi_url="/openapi.json",
        docs_url=None,  # Swagger UI would load scripts from a CDN; the app serves nothing remote
        redoc_url=None,
        redirect_slashes=False,
        servers=[{"url": BASE}],
        dependencies=[Depends(authorize)],
        telemetry=NO_TELEMETRY,
    )
    problems.install(api, DOMAIN_ERRORS)
    api.add_exception_handler(Exception, _unexpected)
    for module in (
        sessions,
        users,
        teams,
        audit_events,
        statistics,
        applications,
        case_steps,
        returns,
        charters,
        coi,
        coi_search,
        coi_provenance,
        coi_redactions,
    ):
        api.include_router(module.router)
    return api


def create_app(database_url: str | None = None, *, secure_cookies: bool = True) -> FastAPI:
    """The whole app for the database at `database_url` (default: REFUGE_DATABASE_URL or the
    embedded SQLite database). `secure_cookies=False` only for plain-HTTP development."""
    url = database_url or default_database_url()
    v1 = _v1()
    v1.state.sessions = session_factory(url)
    v1.state.secure_cookies = secure_cookies
    root = FastAPI(
        openapi_url=None,
        docs_url=None,
        redoc_url=None,
        redirect_slashes=False,
        telemetry=NO_TELEMETRY,
    )
    problems.install(root)
    root.add_exception_handler(Exception, _unexpected)
    root.mount(BASE, v1)
    # the body limit comes before everything that reads a body, load shedding before that (a
    # refused request costs nothing); ResponseHeaders wraps their 413 and 503
    root.add_middleware(BodyLimit, limit=max_body_bytes())
    root.add_middleware(LoadShedding, limit=max_in_flight())
    root.add_middleware(ResponseHeaders)
    root.state.v1 = v1
    root.state.database_url = url
    return root
