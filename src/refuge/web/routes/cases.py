"""The caseworker's pages: the worklist and a case (its period, its facts for a stated purpose,
its assessment and the forms that record an intended decision and a decision)."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from starlette.responses import Response

from refuge.api.deps import SessionDep
from refuge.casework import service
from refuge.casework.errors import PurposeRequired
from refuge.casework.worklist import case_summary, worklist
from refuge.policy.country import NoPackForCountry, load_country_pack
from refuge.web.labels import N_
from refuge.web.messages import refusal
from refuge.web.pages import ViewerDep
from refuge.web.templating import render

router = APIRouter()

# why a user opens a case's special-category facts: the purpose is written to the audit trail
PURPOSES = {
    "prepare the decision": N_("Prepare the decision"),
    "prepare a hearing": N_("Prepare a hearing"),
    "check the assessment": N_("Check the assessment"),
    "supervise the case": N_("Supervise the case"),
}
OUTCOMES = {
    "grant_refugee": N_("Grant: refugee status"),
    "grant_subsidiary": N_("Grant: subsidiary protection"),
    "reject": N_("Reject"),
    "reject_excluded": N_("Reject: excluded"),
}


def today() -> date:
    return datetime.now(UTC).date()


def region_name(country: str, code: str) -> str:
    try:
        return load_country_pack(country).region_name(code)
    except (NoPackForCountry, KeyError):
        return code


@router.get("/cases")
def cases(request: Request, viewer: ViewerDep, db: SessionDep, team: bool = False) -> Response:
    whole_team = team and viewer.role == "supervisor"
    items, total = worklist(db, viewer.actor, today(), whole_team=whole_team)
    return render(
        request,
        "cases.html",
        {"items": items, "total": total, "whole_team": whole_team, "today": today()},
    )


def case_context(db: Any, viewer: Any, application_id: uuid.UUID, **extra: Any) -> dict[str, Any]:
    item = case_summary(db, viewer.actor, application_id, today())
    app = item.application
    return {
        "item": item,
        "hearings": service.hearings_of(db, viewer.actor, application_id),
        "findings": [],
        "region": region_name(app.nationality, app.region_of_origin),
        "purposes": PURPOSES,
        "outcomes": OUTCOMES,
        "today": today(),
        "facts": None,
        "assessment": None,
        "error": None,
        "error_at": None,
        "form": {},
        "saved": "",
        **extra,
    }


@router.get("/cases/{application_id}")
def case(
    application_id: uuid.UUID, request: Request, viewer: ViewerDep, db: SessionDep, saved: str = ""
) -> Response:
    context = case_context(db, viewer, application_id, saved=saved)
    db.commit()
    return render(request, "case.html", context)


@router.post("/cases/{application_id}/facts")
def facts(
    application_id: uuid.UUID,
    request: Request,
    viewer: ViewerDep,
    db: SessionDep,
    purpose: Annotated[str, Form(max_length=200)],
) -> Response:
    """The facts (special categories: grounds, profiles, exclusion) and the newest assessment,
    read for a purpose from the list; the read is audited."""
    if purpose not in PURPOSES:
        context = case_context(
            db,
            viewer,
            application_id,
            error=refusal(request, PurposeRequired()),
            error_at="purpose",
        )
        return _page_or_fragment(request, context, "_facts.html")
    detail = service.get_application(db, viewer.actor, application_id, purpose)
    findings = service.findings_of(db, viewer.actor, application_id, purpose)
    newest = service.read_newest_assessment(db, viewer.actor, application_id, purpose)
    db.commit()
    context = case_context(
        db,
        viewer,
        application_id,
        facts=detail,
        findings=findings,
        assessment=None if newest is None else newest.output,
        purpose=purpose,
    )
    return _page_or_fragment(request, context, "_facts_response.html")


def _page_or_fragment(request: Request, context: dict[str, Any], fragment: str) -> Response:
    """The fragment for htmx (it swaps it into the page), the whole page otherwise; a refusal
    too is a 200 with its message (htmx swaps only 2xx answers)."""
    if request.headers.get("hx-request"):
        return render(request, fragment, context)
    return render(request, "case.html", context)
