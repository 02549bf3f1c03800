"""The analyst's pages: cohorts counted and scenarios run on the stored caseload, with charts
and CSV, every aggregate after disclosure control.

A scenario run is kept in the database (`refuge.analytics.scenario_runs`) and worked in a
background thread of the process that accepted it, so its page (which polls while it runs) can
be served by any worker. A run is its owner's: to anyone else it does not exist (404)."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Annotated, Any

from babel.dates import format_date
from fastapi import APIRouter, File, Form, Request, UploadFile
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.exceptions import HTTPException
from starlette.responses import RedirectResponse, Response

from refuge.analytics.cohort import count_cohort
from refuge.analytics.run_models import DONE, ScenarioRun
from refuge.analytics.run_result import RunResult, as_csv
from refuge.analytics.scenario_file import (
    MAX_BYTES,
    ScenarioFileError,
    bundled_names,
    bundled_scenarios,
    read_bundled,
    read_uploaded,
)
from refuge.analytics.scenario_runs import (
    MAX_MONTHS,
    RunRefused,
    plan,
    run_of,
    stage_of,
    start_run,
)
from refuge.analytics.synthetic import holds_synthetic
from refuge.api.deps import SessionDep
from refuge.casework.disclosure import THRESHOLD
from refuge.web import i18n
from refuge.web.analytics_forms import (
    APPLICATIONS,
    GROUPINGS,
    PERMIT_GROUNDS,
    PERMIT_KINDS,
    CohortForm,
    blank,
    fields_to_check,
    group_label,
    read_cohort_form,
)
from refuge.web.analytics_view import run_view, scenario_label
from refuge.web.pages import ViewerDep
from refuge.web.templating import gettext, render

router = APIRouter()

Field = Annotated[str, Form(max_length=40)]
RECENT_RUNS = 10
DEFAULT_MONTHS = 12


def _now() -> datetime:
    return datetime.now(UTC)


def _runs(db: Session, owner_id: uuid.UUID) -> list[ScenarioRun]:
    return list(
        db.scalars(
            select(ScenarioRun)
            .where(ScenarioRun.owner_id == owner_id)
            .order_by(ScenarioRun.started_at.desc())
            .limit(RECENT_RUNS)
        )
    )


def _page(request: Request, db: Session, viewer: Any, status: int = 200, **extra: Any) -> Response:
    context: dict[str, Any] = {
        "cohort_form": blank(nationality="SY", permit="temporary_asylum"),
        "cohort_error": None,
        "cohort_invalid": [],
        "counts": None,
        "grouping": None,
        "threshold": THRESHOLD,
        "run_form": blank(nationality="SY", permit="temporary_asylum", months=str(DEFAULT_MONTHS)),
        "run_error": None,
        "run_problems": [],
        "run_invalid": [],
        "scenario_choice": next(iter(bundled_scenarios()), ""),
        "bundled": {stem: scenario_label(request, name) for stem, name in bundled_names().items()},
        "runs": _runs(db, viewer.user_id),
        "scenario_label": scenario_label,
        "stage_of": stage_of,
        "now": _now(),
        "synthetic": holds_synthetic(db),
        "permit_kinds": PERMIT_KINDS,
        "permit_grounds": PERMIT_GROUNDS,
        "applications": APPLICATIONS,
        "groupings": GROUPINGS,
        "max_months": MAX_MONTHS,
        "max_kb": MAX_BYTES // 1024,
        **extra,
    }
    return render(request, "analytics.html", context)


@router.get("/analytics")
def analytics(request: Request, viewer: ViewerDep, db: SessionDep) -> Response:
    return _page(request, db, viewer)


@router.post("/analytics/cohort")
def cohort(
    request: Request,
    viewer: ViewerDep,
    db: SessionDep,
    nationality: Field = "",
    region: Field = "",
    permit: Field = "",
    permit_ground: Field = "",
    granted_from: Field = "",
    granted_to: Field = "",
    at: Field = "",
    application: Field = "",
    by: Field = "",
) -> Response:
    """The persons in a cohort, in total or per group, after disclosure control (a count from
    1 to 9 is hidden, and another where it could be worked back)."""
    sent = {
        "nationality": nationality,
        "region": region,
        "permit": permit,
        "permit_ground": permit_ground,
        "granted_from": granted_from,
        "granted_to": granted_to,
        "at": at,
        "application": application,
    }
    form = read_cohort_form(request, sent)
    form.values["by"] = by
    grouping = by or None
    if grouping is not None and grouping not in GROUPINGS:
        form = CohortForm(form.values, None, fields_to_check(request, ["by"]), ["by"])
    counts = None
    if form.cohort is not None:
        found = count_cohort(db, form.cohort, grouping)  # type: ignore[arg-type]
        counts = [(group_label(request, grouping, key), n) for key, n in found.items()]
    context: dict[str, Any] = {
        "cohort_form": form.values,
        "cohort_error": form.error,
        "cohort_invalid": form.invalid,
        "counts": counts,
        "grouping": grouping,
        "groupings": GROUPINGS,
        "threshold": THRESHOLD,
    }
    if request.headers.get("hx-request"):
        return render(request, "analytics_cohort.html", context)
    return _page(request, db, viewer, **context)


@router.post("/analytics/scenario-runs")
def start(
    request: Request,
    viewer: ViewerDep,
    db: SessionDep,
    scenario: Field = "",
    upload: Annotated[UploadFile | None, File()] = None,
    start: Field = "",
    months: Field = str(DEFAULT_MONTHS),
    nationality: Field = "",
    region: Field = "",
    permit: Field = "",
    permit_ground: Field = "",
    granted_from: Field = "",
    granted_to: Field = "",
    at: Field = "",
    application: Field = "",
) -> Response:
    """Start a run of a bundled or an uploaded scenario over a cohort; its page follows it. A
    file with problems is named by file:line, and nothing runs."""
    cohort_values = {
        "nationality": nationality,
        "region": region,
        "permit": permit,
        "permit_ground": permit_ground,
        "granted_from": granted_from,
        "granted_to": granted_to,
        "at": at,
        "application": application,
    }
    form = read_cohort_form(request, cohort_values)
    form.values |= {"start": start.strip(), "months": months.strip()}

    def refused(message: str, problems: list[str] | None = None, invalid: Any = ()) -> Response:
        return _page(
            request,
            db,
            viewer,
            run_form=form.values,
            run_error=message,
            run_problems=problems or [],
            run_invalid=list(invalid),
            scenario_choice=scenario,
        )

    if form.cohort is None:
        return refused(form.error or "", invalid=form.invalid)
    try:
        first = date.fromisoformat(start.strip()) if start.strip() else None
        count = int(months.strip())
    except ValueError:
        bad = ["months"] if start.strip() == "" or _is_day(start.strip()) else ["start"]
        return refused(fields_to_check(request, bad), invalid=bad)
    uploaded = upload is not None and bool(upload.filename)
    if not uploaded and scenario not in bundled_scenarios():
        return refused(gettext(request, "Choose a bundled scenario or upload a file."))
    try:
        chosen = _scenario(upload if uploaded else None, scenario)
    except ScenarioFileError as exc:
        return refused(
            gettext(request, "The scenario file has problems, so nothing was run:"), exc.problems
        )
    try:
        job = plan(chosen, form.cohort, first, count)
        run_id = start_run(request.app.state.sessions, viewer.user_id, viewer.username, job, _now())
    except RunRefused as exc:
        return refused(_refusal(request, exc), invalid=_refused_field(exc))
    return RedirectResponse(f"/analytics/scenario-runs/{run_id}", status_code=303)


def _is_day(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _scenario(upload: UploadFile | None, name: str) -> Any:
    """An uploaded file if one was sent, else the bundled example chosen."""
    if upload is not None and upload.filename:
        return read_uploaded(upload.file.read(MAX_BYTES + 1), upload.filename)
    return read_bundled(name)


def _refusal(request: Request, error: RunRefused) -> str:
    if error.code == "months-out-of-range":
        return gettext(request, "Choose from 1 to %(most)s months.", most=error.detail["most"])
    if error.code == "date-before-pack":
        return gettext(
            request,
            "The policy pack starts on %(day)s: choose a first month from then on.",
            day=format_date(error.detail["starts"], locale=i18n.language_of(request)),
        )
    return gettext(
        request,
        "You have %(most)s runs under way: wait until one has finished.",
        most=error.detail["most"],
    )


def _refused_field(error: RunRefused) -> list[str]:
    return {"months-out-of-range": ["months"], "date-before-pack": ["start"]}.get(error.code, [])


def _own_run(db: Session, viewer: Any, run_id: uuid.UUID) -> ScenarioRun:
    run = run_of(db, run_id, viewer.user_id)
    if run is None:
        raise HTTPException(404)
    return run


@router.get("/analytics/scenario-runs/{run_id}")
def run_page(run_id: uuid.UUID, request: Request, viewer: ViewerDep, db: SessionDep) -> Response:
    """The run: its progress while it runs (htmx asks again every second), then its charts
    and tables."""
    run = _own_run(db, viewer, run_id)
    stage = stage_of(run, _now())
    view = run_view(request, RunResult(run.result)) if stage == DONE and run.result else None
    context = {
        "run": run,
        "stage": stage,
        "view": view,
        "threshold": THRESHOLD,
        "scenario_label": scenario_label,
    }
    if request.headers.get("hx-request"):
        return render(request, "analytics_run_body.html", context)
    return render(request, "analytics_run.html", context)


@router.get("/analytics/scenario-runs/{run_id}/csv")
def run_csv(run_id: uuid.UUID, request: Request, viewer: ViewerDep, db: SessionDep) -> Response:
    """Every disclosed table of a finished run in one CSV file."""
    run = _own_run(db, viewer, run_id)
    if run.status != DONE or not run.result:
        raise HTTPException(404)
    return Response(
        as_csv(RunResult(run.result)),
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="scenario-run-{str(run.id)[:8]}.csv"',
            "Cache-Control": "no-store",
        },
    )
