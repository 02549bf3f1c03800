"""Who may call what: one explicit table of (method, path template) -> roles.

`authorize` runs before every route (an app-wide dependency). A route without an entry is
refused to everyone (default deny) — `tests/api/test_default_deny.py` fails for such a route.
This is function-level access; records outside the caller's scope (another team's case) are
filtered by the routes and answer 404, not 403.

A user whose password an administrator chose (`password_change_required`) may call only
`WHILE_PASSWORD_CHANGE_REQUIRED` — who am I, sign out, set my own password — and gets
403 `password-change-required` everywhere else, so the administrator who knows that first
password cannot use it to read cases (`refuge.accounts.password_change`).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from starlette.concurrency import run_in_threadpool

from refuge.accounts.models import ROLES
from refuge.accounts.passwords import PasswordChangeRequired
from refuge.api.auth import Principal, optional_principal, unauthenticated
from refuge.api.problems import Problem
from refuge.audit.trail import record

BASE = "/api/v1"
PUBLIC = frozenset({"anyone"})  # no sign-in needed
EVERY_ROLE = frozenset(ROLES)
ADMIN = frozenset({"admin"})
AUDITOR = frozenset({"auditor"})
CASEWORK = frozenset({"caseworker", "supervisor"})
SUPERVISOR = frozenset({"supervisor"})
AGGREGATES = frozenset({"analyst", "supervisor"})
LIBRARY_READERS = frozenset({"publisher", "analyst", "supervisor", "caseworker"})
# publishers add to the library; a case's team adds its individual reports (refuge.coi.access)
LIBRARY_ADDERS = frozenset({"publisher", "caseworker", "supervisor"})
PUBLISHER = frozenset({"publisher"})

A = BASE + "/applications/{application_id}"

PERMISSIONS: dict[tuple[str, str], frozenset[str]] = {
    # sign-in and who am I
    ("POST", BASE + "/sessions"): PUBLIC,
    ("GET", BASE + "/sessions/current"): EVERY_ROLE,
    ("DELETE", BASE + "/sessions/current"): EVERY_ROLE,
    ("POST", BASE + "/sessions/current/tokens"): EVERY_ROLE,  # one's own token, from a session
    ("POST", BASE + "/sessions/current/password"): EVERY_ROLE,  # one's own, from a session
    # accounts: administrators only (and no case content for them)
    ("GET", BASE + "/users"): ADMIN,
    ("POST", BASE + "/users"): ADMIN,
    ("GET", BASE + "/users/{user_id}"): ADMIN,
    ("PATCH", BASE + "/users/{user_id}"): ADMIN,
    ("POST", BASE + "/users/{user_id}/tokens"): ADMIN,  # one's own only (api/own_tokens.py)
    ("DELETE", BASE + "/users/{user_id}/sessions"): ADMIN,
    ("GET", BASE + "/teams"): ADMIN,
    ("POST", BASE + "/teams"): ADMIN,
    # the audit trail: read-only, auditors only
    ("GET", BASE + "/audit-events"): AUDITOR,
    ("GET", BASE + "/audit-events/verification"): AUDITOR,
    # aggregates: counts only, no personal data
    ("GET", BASE + "/statistics/applications-by-status"): AGGREGATES,
    # casework: own team's cases
    ("POST", BASE + "/applications"): CASEWORK,
    ("GET", BASE + "/applications"): CASEWORK,
    ("GET", A): CASEWORK,
    ("PATCH", A): CASEWORK,
    ("POST", A + "/transitions"): CASEWORK,
    ("POST", A + "/hearings"): CASEWORK,
    ("POST", A + "/findings"): CASEWORK,
    ("POST", A + "/coi-requests"): CASEWORK,
    ("POST", A + "/coi-reports"): CASEWORK,
    ("POST", A + "/assessments"): CASEWORK,
    ("POST", A + "/intended-decisions"): CASEWORK,
    ("POST", A + "/written-views"): CASEWORK,
    ("POST", A + "/decisions"): CASEWORK,
    ("POST", A + "/return-cases"): CASEWORK,
    ("GET", A + "/deadline"): CASEWORK,
    ("POST", A + "/extensions"): CASEWORK,
    ("PUT", A + "/caseworker"): SUPERVISOR,
    ("POST", A + "/decision-approvals"): SUPERVISOR,
    ("POST", A + "/decision-rejections"): SUPERVISOR,
    # return cases and permit re-assessments (scope: the application they belong to)
    ("POST", BASE + "/return-cases/{return_case_id}/transitions"): CASEWORK,
    ("POST", BASE + "/permits/{permit_id}/reassessments"): CASEWORK,
    ("POST", BASE + "/reassessments/{reassessment_id}/transitions"): CASEWORK,
    # charter plans: the team's return cases, read-only
    ("GET", BASE + "/charter-plans"): CASEWORK,
    # the report library (individual reports: the case's team only, refuge.coi.access)
    ("POST", BASE + "/coi/documents"): LIBRARY_ADDERS,
    ("GET", BASE + "/coi/documents"): LIBRARY_READERS,
    ("GET", BASE + "/coi/documents/{document_id}"): LIBRARY_READERS,
    ("GET", BASE + "/coi/documents/{document_id}/passages"): LIBRARY_READERS,
    ("GET", BASE + "/coi/search"): LIBRARY_READERS,  # never individual reports
    # provenance: the packs' citations of library passages (never individual reports)
    ("GET", BASE + "/coi/documents/{name}/passages/{anchor}"): LIBRARY_READERS,
    ("GET", BASE + "/coi/documents/{name}/passages/{anchor}/cited-by"): LIBRARY_READERS,
    ("GET", BASE + "/coi/documents/{name}/review"): LIBRARY_READERS,
    ("GET", BASE + "/coi/documents/{name}/citations"): LIBRARY_READERS,
    # redaction of the library's documents (refuge.coi.redactions): publishers only
    ("GET", BASE + "/coi/documents/{document_id}/redactions"): PUBLISHER,
    ("POST", BASE + "/coi/documents/{document_id}/redactions"): PUBLISHER,
    ("GET", BASE + "/coi/redactions/{redaction_id}"): PUBLISHER,
    ("POST", BASE + "/coi/redactions/{redaction_id}/approval"): PUBLISHER,
    ("POST", BASE + "/coi/redactions/{redaction_id}/rejection"): PUBLISHER,
    ("POST", BASE + "/coi/documents/{document_id}/scans"): PUBLISHER,
    ("GET", BASE + "/coi/documents/{document_id}/redaction-proposals"): PUBLISHER,
    ("POST", BASE + "/coi/redaction-proposals/{proposal_id}/acceptance"): PUBLISHER,
    ("POST", BASE + "/coi/redaction-proposals/{proposal_id}/dismissal"): PUBLISHER,
    ("GET", BASE + "/coi/woo-grounds"): PUBLISHER,
}


# all a user may do before setting their own password (besides signing in, which is public)
WHILE_PASSWORD_CHANGE_REQUIRED = frozenset(
    {
        ("GET", BASE + "/sessions/current"),
        ("DELETE", BASE + "/sessions/current"),
        ("POST", BASE + "/sessions/current/password"),
    }
)


def allowed_roles(method: str, template: str) -> frozenset[str] | None:
    return PERMISSIONS.get((method.upper(), template))


def _audit_denied(
    request: Request, principal: Principal, template: str, purpose: str = "api access"
) -> None:
    with request.app.state.sessions() as own, own.begin():
        record(
            own,
            actor=principal.username,
            action="authorise",
            entity="route",
            entity_id=f"{request.method} {template}"[:64],
            purpose=purpose,
            outcome="denied",
        )


async def authorize(
    request: Request, principal: Annotated[Principal | None, Depends(optional_principal)]
) -> None:
    """On the event loop (a dictionary lookup); only a refusal goes to the thread pool, to be
    audited."""
    route = request.scope.get("route")
    template = BASE + str(getattr(route, "path_format", ""))
    roles = allowed_roles(request.method, template)
    if roles == PUBLIC:
        return
    if principal is None:
        raise unauthenticated("sign in: send `Authorization: Bearer <token>` or the session cookie")
    if (
        principal.password_change_required
        and (request.method.upper(), template) not in WHILE_PASSWORD_CHANGE_REQUIRED
    ):
        await run_in_threadpool(
            _audit_denied, request, principal, template, "api access: password change required"
        )
        refusal = PasswordChangeRequired()
        raise Problem(refusal.status, refusal.code, str(refusal))
    if roles is None or principal.role not in roles:
        await run_in_threadpool(_audit_denied, request, principal, template)
        raise Problem(
            403, "forbidden", f"the role {principal.role!r} may not do this; see docs/api.md#roles"
        )
