"""Recording on a case from its page: run the assessment, notify the intended decision, decide;
and a supervisor's queue of decisions that depart from the recommendation."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Form, Request
from pydantic import ValidationError
from starlette.responses import RedirectResponse, Response

from refuge.api.deps import SessionDep
from refuge.casework import service
from refuge.casework.errors import CaseworkError
from refuge.casework.schemas import DecisionIn, FindingIn, HearingIn, IntendedDecisionIn
from refuge.web import i18n
from refuge.web.messages import refusal
from refuge.web.pages import ViewerDep
from refuge.web.routes.cases import _page_or_fragment, case_context, today
from refuge.web.templating import gettext, render

router = APIRouter()

Text = Annotated[str, Form(max_length=100_000)]
Outcome = Annotated[str, Form(max_length=40)]


def _back(application_id: uuid.UUID, saved: str) -> Response:
    return RedirectResponse(f"/cases/{application_id}?saved={saved}", status_code=303)


@router.post("/cases/{application_id}/assessments")
def run_assessment(
    application_id: uuid.UUID, request: Request, viewer: ViewerDep, db: SessionDep
) -> Response:
    """Assess the stored facts under the policy in force today, in the viewer's language, with
    every step (the page shows the deciding ones first). Never a decision."""
    day = today()
    try:
        out = service.run_assessment(
            db,
            viewer.actor,
            application_id,
            day,
            day,
            lang=i18n.language_of(request),
            all_steps=True,
        )
    except CaseworkError as error:
        db.rollback()
        context = case_context(
            db, viewer, application_id, error=refusal(request, error), error_at="assessment"
        )
        return _page_or_fragment(request, context, "_assessment.html")
    db.commit()
    context = case_context(db, viewer, application_id, assessment=out.output)
    return _page_or_fragment(request, context, "_assessment.html")


@router.post("/cases/{application_id}/hearings")
def hearing(
    application_id: uuid.UUID,
    request: Request,
    viewer: ViewerDep,
    db: SessionDep,
    kind: Annotated[str, Form(max_length=20)],
    held_on: Annotated[str, Form(max_length=10)],
    summary: Text,
    interpreter_language: Annotated[str, Form(max_length=40)] = "",
) -> Response:
    form = {"kind": kind, "held_on": held_on, "hearing_summary": summary}
    try:
        body = HearingIn(
            kind=kind,  # type: ignore[arg-type]
            held_on=held_on,  # type: ignore[arg-type]
            summary=summary,
            interpreter_language=interpreter_language or None,
        )
        service.record_hearing(db, viewer.actor, application_id, body, today())
    except ValidationError as error:
        return _refused(
            request, db, viewer, application_id, _invalid(request, error), "hearing", form
        )
    except CaseworkError as error:
        db.rollback()
        return _refused(
            request, db, viewer, application_id, refusal(request, error), "hearing", form
        )
    db.commit()
    return _back(application_id, "hearing")


@router.post("/cases/{application_id}/findings")
def finding(
    application_id: uuid.UUID,
    request: Request,
    viewer: ViewerDep,
    db: SessionDep,
    element: Annotated[str, Form(max_length=2000)],
    credible: Annotated[str, Form(max_length=20)],
    notes: Text = "",
) -> Response:
    form = {"element": element, "credible": credible, "notes": notes}
    try:
        body = FindingIn(element=element, credible=credible, notes=notes)  # type: ignore[arg-type]
        service.record_finding(db, viewer.actor, application_id, body)
    except ValidationError as error:
        return _refused(
            request, db, viewer, application_id, _invalid(request, error), "finding", form
        )
    except CaseworkError as error:
        db.rollback()
        return _refused(
            request, db, viewer, application_id, refusal(request, error), "finding", form
        )
    db.commit()
    return _back(application_id, "finding")


def _invalid(request: Request, error: ValidationError) -> str:
    fields = sorted({str(e["loc"][-1]) for e in error.errors() if e.get("loc")})
    return gettext(request, "Check these fields: %(fields)s.", fields=", ".join(fields))


@router.post("/cases/{application_id}/intended-decisions")
def intended_decision(
    application_id: uuid.UUID,
    request: Request,
    viewer: ViewerDep,
    db: SessionDep,
    outcome: Outcome,
    reasons: Text,
    respond_by: Annotated[str, Form(max_length=10)],
) -> Response:
    form = {"intended_outcome": outcome, "intended_reasons": reasons, "respond_by": respond_by}
    try:
        body = IntendedDecisionIn(outcome=outcome, reasons=reasons, respond_by=respond_by)  # type: ignore[arg-type]
        service.issue_intended_decision(db, viewer.actor, application_id, body, today())
    except ValidationError as error:
        return _refused(
            request, db, viewer, application_id, _invalid(request, error), "intended", form
        )
    except CaseworkError as error:
        db.rollback()
        return _refused(
            request, db, viewer, application_id, refusal(request, error), "intended", form
        )
    db.commit()
    return _back(application_id, "intended")


@router.post("/cases/{application_id}/decisions")
def decision(
    application_id: uuid.UUID,
    request: Request,
    viewer: ViewerDep,
    db: SessionDep,
    outcome: Outcome,
    reasons: Text = "",
) -> Response:
    """The decision, by the viewer. One that departs from today's recommendation is refused
    without reasons (the service says so), and awaits a supervisor when a caseworker takes it."""
    form = {"outcome": outcome, "reasons": reasons}
    try:
        body = DecisionIn(outcome=outcome, reasons=reasons)  # type: ignore[arg-type]
        service.record_decision(db, viewer.actor, application_id, body, today())
    except ValidationError as error:
        return _refused(
            request, db, viewer, application_id, _invalid(request, error), "decision", form
        )
    except CaseworkError as error:
        db.rollback()
        return _refused(
            request, db, viewer, application_id, refusal(request, error), "decision", form
        )
    db.commit()
    return _back(application_id, "decision")


def _refused(
    request: Request,
    db: SessionDep,
    viewer: ViewerDep,
    application_id: uuid.UUID,
    message: str,
    where: str,
    form: dict[str, str],
) -> Response:
    """The case page again with the form as sent and the reason it was refused. A 200: htmx
    swaps only 2xx answers, and a browser reports every 4xx page as an error."""
    context = case_context(db, viewer, application_id, error=message, error_at=where, form=form)
    return render(request, "case.html", context)


@router.get("/approvals")
def approvals(request: Request, viewer: ViewerDep, db: SessionDep) -> Response:
    waiting, total = service.list_applications(
        db, viewer.actor, awaiting_approval=True, offset=0, limit=200
    )
    return render(request, "approvals.html", {"waiting": waiting, "total": total})


@router.post("/cases/{application_id}/approval")
def approve(
    application_id: uuid.UUID,
    request: Request,
    viewer: ViewerDep,
    db: SessionDep,
    note: Text = "",
) -> Response:
    try:
        service.approve_deviation(db, viewer.actor, application_id, today(), note)
    except CaseworkError as error:
        db.rollback()
        return _refused(
            request, db, viewer, application_id, refusal(request, error), "approval", {"note": note}
        )
    db.commit()
    return _back(application_id, "approval")


@router.post("/cases/{application_id}/rejection")
def reject(
    application_id: uuid.UUID,
    request: Request,
    viewer: ViewerDep,
    db: SessionDep,
    note: Text = "",
) -> Response:
    try:
        service.reject_deviation(db, viewer.actor, application_id, note)
    except CaseworkError as error:
        db.rollback()
        return _refused(
            request, db, viewer, application_id, refusal(request, error), "approval", {"note": note}
        )
    db.commit()
    return _back(application_id, "rejection")
