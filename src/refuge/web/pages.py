"""Who may open which page: one table of (method, path template) -> roles, like the API's
(`refuge.api.permissions`), and the guard every page runs first.

A page without an entry is refused to everyone (default deny; `tests/web/test_page_roles.py`
walks the route table). A request that changes something (POST) must carry the session's CSRF
token (`refuge.web.csrf`) and come from this origin. Nobody signed in goes to the sign-in page;
a user whose password an administrator chose may only set their own and sign out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated
from urllib.parse import quote

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from refuge.accounts.models import ROLES
from refuge.api.auth import COOKIE
from refuge.api.deps import SessionDep
from refuge.audit.trail import record
from refuge.web import csrf
from refuge.web.labels import N_
from refuge.web.viewer import Viewer, viewer_of

PUBLIC = frozenset({"anyone"})
EVERY_ROLE = frozenset(ROLES)
CASEWORK = frozenset({"caseworker", "supervisor"})
SUPERVISOR = frozenset({"supervisor"})
ANALYSTS = frozenset({"analyst", "supervisor"})
PUBLISHER = frozenset({"publisher"})
AUDITOR = frozenset({"auditor"})
LIBRARY_READERS = frozenset({"publisher", "analyst", "supervisor", "caseworker"})

C = "/cases/{application_id}"

PAGES: dict[tuple[str, str], frozenset[str]] = {
    ("GET", "/"): PUBLIC,  # the start page of the signed-in user's role, or sign in
    ("GET", "/sign-in"): PUBLIC,
    ("POST", "/sign-in"): PUBLIC,
    ("POST", "/sign-out"): EVERY_ROLE,
    ("POST", "/language"): PUBLIC,
    ("GET", "/password"): EVERY_ROLE,
    ("POST", "/password"): EVERY_ROLE,
    # casework: the team's cases
    ("GET", "/cases"): CASEWORK,
    ("GET", C): CASEWORK,
    ("POST", C + "/facts"): CASEWORK,  # shows the special-category facts, for a stated purpose
    ("POST", C + "/hearings"): CASEWORK,
    ("POST", C + "/findings"): CASEWORK,
    ("POST", C + "/assessments"): CASEWORK,
    ("POST", C + "/intended-decisions"): CASEWORK,
    ("POST", C + "/decisions"): CASEWORK,
    ("GET", "/approvals"): SUPERVISOR,
    ("POST", C + "/approval"): SUPERVISOR,
    ("POST", C + "/rejection"): SUPERVISOR,
    # the audit trail
    ("GET", "/audit"): AUDITOR,
    ("POST", "/audit/verification"): AUDITOR,
    # policy: per country, its versions, moratoria, rules with citations, diff, legal review
    ("GET", "/policy"): EVERY_ROLE,
    ("GET", "/policy/{country}"): EVERY_ROLE,
    ("GET", "/policy/{country}/diff"): EVERY_ROLE,
    ("GET", "/policy/{country}/review"): EVERY_ROLE,
    # analysts: cohorts and scenarios, aggregates after disclosure control only
    ("GET", "/analytics"): ANALYSTS,
    ("POST", "/analytics/cohort"): ANALYSTS,
    ("POST", "/analytics/scenario-runs"): ANALYSTS,
    ("GET", "/analytics/scenario-runs/{run_id}"): ANALYSTS,
    ("GET", "/analytics/scenario-runs/{run_id}/csv"): ANALYSTS,
    # return: the team's return cases by state, and charter planning
    ("GET", "/returns"): CASEWORK,
    ("GET", "/returns/charters"): CASEWORK,
    # the report library: search and read (never individual reports); publishers redact,
    # approve (four eyes) and publish
    ("GET", "/library"): LIBRARY_READERS,
    ("GET", "/library/documents/{document_id}"): LIBRARY_READERS,
    ("GET", "/library/documents/{name}/passages/{anchor}"): LIBRARY_READERS,
    ("POST", "/library/documents/{document_id}/redactions"): PUBLISHER,
    ("POST", "/library/documents/{document_id}/scans"): PUBLISHER,
    ("POST", "/library/proposals/{proposal_id}/acceptance"): PUBLISHER,
    ("POST", "/library/proposals/{proposal_id}/dismissal"): PUBLISHER,
    ("GET", "/library/approvals"): PUBLISHER,
    ("POST", "/library/redactions/{redaction_id}/approval"): PUBLISHER,
    ("POST", "/library/redactions/{redaction_id}/rejection"): PUBLISHER,
    ("POST", "/library/documents/{document_id}/publication"): PUBLISHER,
    ("GET", "/library/publications/{publication_id}/{filename}"): PUBLISHER,
}

WHILE_PASSWORD_CHANGE_REQUIRED = frozenset(
    {("GET", "/password"), ("POST", "/password"), ("POST", "/sign-out")}
)

START_PAGES = {
    "caseworker": "/cases",
    "supervisor": "/cases",
    "analyst": "/analytics",
    "publisher": "/library",
    "auditor": "/audit",
    "admin": "/policy",
}


def start_page(role: str) -> str:
    return START_PAGES.get(role, "/policy")


@dataclass(frozen=True, slots=True)
class NavItem:
    path: str
    label: str  # an English gettext message, translated by the template


NAVIGATION: tuple[tuple[NavItem, frozenset[str]], ...] = (
    (NavItem("/cases", N_("Cases")), CASEWORK),
    (NavItem("/approvals", N_("Approvals")), SUPERVISOR),
    (NavItem("/returns", N_("Return")), CASEWORK),
    (NavItem("/analytics", N_("Analysis")), ANALYSTS),
    (NavItem("/library", N_("Report library")), LIBRARY_READERS),
    (NavItem("/library/approvals", N_("Redactions to approve")), PUBLISHER),
    (NavItem("/policy", N_("Policy")), EVERY_ROLE),
    (NavItem("/audit", N_("Audit trail")), AUDITOR),
)


def navigation(role: str) -> list[NavItem]:
    return [item for item, roles in NAVIGATION if role in roles]


class SignInNeeded(Exception):
    def __init__(self, next_path: str) -> None:
        self.next_path = next_path


class PasswordChangeNeeded(Exception):
    pass


class PageForbidden(Exception):
    pass


class FormExpired(Exception):
    """The CSRF token is missing or wrong, or the request came from another site."""


def template_of(request: Request) -> str:
    return str(getattr(request.scope.get("route"), "path_format", ""))


def _audit_denied(db: Session, viewer: Viewer, method: str, template: str) -> None:
    record(
        db,
        actor=viewer.username,
        action="authorise",
        entity="page",
        entity_id=f"{method} {template}"[:64],
        purpose="web access",
        outcome="denied",
    )
    db.commit()


def guard(request: Request, db: SessionDep) -> Viewer | None:
    """Runs before every page (a synchronous dependency: it reads the session)."""
    template = template_of(request)
    method = request.method.upper()
    roles = PAGES.get((method, template))
    viewer = viewer_of(db, request.cookies.get(COOKIE), datetime.now(UTC))
    request.state.viewer = viewer
    request.state.page = {
        "viewer": viewer,
        "navigation": navigation(viewer.role) if viewer else [],
        "csrf_token": viewer.csrf_token if viewer else None,
    }
    if roles == PUBLIC:
        return viewer
    if viewer is None:
        raise SignInNeeded(request.url.path if method == "GET" else "/")
    if viewer.password_change_required and (method, template) not in (
        WHILE_PASSWORD_CHANGE_REQUIRED
    ):
        raise PasswordChangeNeeded()
    if roles is None or viewer.role not in roles:
        _audit_denied(db, viewer, method, template)
        raise PageForbidden()
    return viewer


async def protect(
    request: Request, viewer: Annotated[Viewer | None, Depends(guard)]
) -> Viewer | None:
    """The guard, then, for a POST, the CSRF check (the form is read here, once; Starlette
    keeps it for the route)."""
    if request.method.upper() in ("GET", "HEAD"):
        return viewer
    if not csrf.same_origin(request):
        raise FormExpired()
    form = await request.form()
    given = request.headers.get(csrf.HEADER) or _text(form.get(csrf.FIELD))
    expected = viewer.csrf_token if viewer else request.cookies.get(csrf.PRE_SESSION_COOKIE)
    if not csrf.matches(expected, given):
        raise FormExpired()
    return viewer


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def sign_in_url(next_path: str) -> str:
    safe = next_path if next_path.startswith("/") and not next_path.startswith("//") else "/"
    return "/sign-in" if safe == "/" else f"/sign-in?next={quote(safe, safe='/')}"


def signed_in(request: Request) -> Viewer:
    """The viewer the guard found (pages that are not public)."""
    viewer: Viewer | None = request.state.viewer
    if viewer is None:  # pragma: no cover - the guard lets nobody else through
        raise SignInNeeded("/")
    return viewer


ViewerDep = Annotated[Viewer, Depends(signed_in)]
