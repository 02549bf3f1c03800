"""Recording on a case from its page: run the assessment, notify the intended decision, decide;
and a supervisor's queue of decisions that depart from the recommendation."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Form, Request
from pydantic import ValidationError
from sqlalchemy.orm import Session
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
from refuge.web.viewer import Viewer

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

    def record() -> object:
        body = HearingIn(
            kind=kind,  # type: ignore[arg-type]
            held_on=held_on,  # type: ignore[arg-type]
            summary=summary,
            interpreter_language=interpreter_language or None,
        )
        return service.record_hearing(db, viewer.actor, application_id, body, today())

    return _recorded(Step(request, db, viewer, application_id, "hearing", form), record)


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

    def record() -> object:
        body = FindingIn(element=element, credible=credible, notes=notes)  # type: ignore[arg-type]
        return service.record_finding(db, viewer.actor, application_id, body)

    return _recorded(Step(request, db, viewer, application_id, "finding", form), record)


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

    def record() -> object:
        body = IntendedDecisionIn(outcome=outcome, reasons=reasons, respond_by=respond_by)  # type: ignore[arg-type]
        return service.issue_intended_decision(db, viewer.actor, application_id, body, today())

    return _recorded(Step(request, db, viewer, application_id, "intended", form), record)


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

    def record() -> object:
        body = DecisionIn(outcome=outcome, reasons=reasons)  # type: ignore[arg-type]
        return service.record_decision(db, viewer.actor, application_id, body, today())

    return _recorded(Step(request, db, viewer, application_id, "decision", form), record)


@dataclass(frozen=True, slots=True)
class Step:
    """A form sent from a case page: where on the page it is (`where`, also the word of the
    notice after it is saved) and what was sent (shown again if it is refused)."""

    request: Request
    db: Session
    viewer: Viewer
    application_id: uuid.UUID
    where: str
    form: dict[str, str]

    def refused(self, message: str) -> Response:
        """The case page again with the form as sent and the reason it was refused. A 200:
        htmx swaps only 2xx answers, and a browser reports every 4xx page as an error."""
        context = case_context(
            self.db,
            self.viewer,
            self.application_id,
            error=message,
            error_at=self.where,
            form=self.form,
        )
        return render(self.request, "case.html", context)


def _recorded(step: Step, record: Callable[[], object]) -> Response:
    """Record with the casework service, then back to the case with a notice; a form the
    schema or the service refuses comes back with why, and nothing is saved."""
    try:
        record()
    except ValidationError as error:
        return step.refused(_invalid(step.request, error))
    except CaseworkError as error:
        step.db.rollback()
        return step.refused(refusal(step.request, error))
    step.db.commit()
    return _back(step.application_id, step.where)


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
    step = Step(request, db, viewer, application_id, "approval", {"note": note})
    return _recorded(
        step, lambda: service.approve_deviation(db, viewer.actor, application_id, today(), note)
    )


@router.post("/cases/{application_id}/rejection")
def reject(
    application_id: uuid.UUID,
    request: Request,
    viewer: ViewerDep,
    db: SessionDep,
    note: Text = "",
) -> Response:
    step = Step(request, db, viewer, application_id, "rejection", {"note": note})
    return _recorded(step, lambda: service.reject_deviation(db, viewer.actor, application_id, note))
