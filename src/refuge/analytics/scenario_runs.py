"""Scenario runs started from the web app: recorded in the database (`run_models`), worked in a
background thread of the process that accepted them, which writes each stage to the run's row
so that any server worker can show how far it is.

The work is `refuge scenario run`'s: the cohort's facts read from the store (one audited read),
every member evaluated on the first day of each month under the pack and under the scenario by
the bulk evaluator, every table through disclosure control, the workload timeline from the
disclosed counts. Only that disclosed result is stored. Starting a run is in the audit trail.
"""

from __future__ import annotations

import threading
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, sessionmaker

from refuge.analytics.cohort import Cohort
from refuge.analytics.run_models import (
    DISCLOSING,
    DONE,
    EVALUATING,
    FAILED,
    IN_FLIGHT,
    QUEUED,
    READING,
    ScenarioRun,
)
from refuge.analytics.run_result import result_json
from refuge.analytics.scenario_file import Scenario
from refuge.analytics.synthetic import holds_synthetic
from refuge.analytics.workload import timeline
from refuge.audit.trail import record
from refuge.casework.deadlines import add_months
from refuge.logging import get_logger
from refuge.policy.what_if import apply_what_if
from refuge.store.base import as_utc

log = get_logger(__name__)

MAX_MONTHS = 60
RUNS_AT_ONCE = 2  # per process: the rest wait, queued (a run holds its cohort in memory)
OWNER_IN_FLIGHT = 2  # runs one user may have under way
STALE = timedelta(hours=1)  # a run with no news for this long was lost (its process ended)
INTERRUPTED = "interrupted"
_SLOTS = threading.BoundedSemaphore(RUNS_AT_ONCE)

# error codes stored with a failed run (never a message: it could quote a case)
STORED_VALUE_UNREADABLE = "stored-value-unreadable"
UNEXPECTED = "unexpected"


class RunRefused(Exception):
    """A run that is not started; `code` says why."""

    def __init__(self, code: str, **detail: Any) -> None:
        self.code = code
        self.detail = detail
        super().__init__(code)


@dataclass(frozen=True)
class RunRequest:
    scenario: Scenario
    cohort: Cohort
    months: tuple[date, ...]


def plan(scenario: Scenario, cohort: Cohort, start: date | None, months: int) -> RunRequest:
    """The first day of `months` months from `start` (default: the scenario's first change);
    refused before the pack starts or for more than `MAX_MONTHS` months."""
    if not 1 <= months <= MAX_MONTHS:
        raise RunRefused("months-out-of-range", most=MAX_MONTHS)
    first = start or scenario.what_if.changes[0].start
    days = tuple(add_months(first.replace(day=1), i) for i in range(months))
    if days[0] < scenario.pack.valid_from:
        raise RunRefused("date-before-pack", starts=scenario.pack.valid_from)
    return RunRequest(scenario, cohort, days)


def start_run(
    sessions: sessionmaker[Session],
    owner_id: uuid.UUID,
    username: str,
    request: RunRequest,
    now: datetime,
) -> uuid.UUID:
    """Record the run (and its start in the audit trail) and start its work in a thread."""
    name = request.scenario.what_if.name[:200]
    with sessions() as session, session.begin():
        busy = session.scalar(
            select(func.count())
            .select_from(ScenarioRun)
            .where(
                ScenarioRun.owner_id == owner_id,
                ScenarioRun.status.in_(IN_FLIGHT),
                ScenarioRun.updated_at >= now - STALE,
            )
        )
        if (busy or 0) >= OWNER_IN_FLIGHT:
            raise RunRefused("too-many-runs", most=OWNER_IN_FLIGHT)
        run = ScenarioRun(
            id=uuid.uuid4(),
            owner_id=owner_id,
            status=QUEUED,
            progress=0,
            scenario_name=name,
            started_at=now,
            updated_at=now,
        )
        session.add(run)
        record(
            session,
            actor=username,
            action="create",
            entity="scenario_run",
            entity_id=str(run.id),
            purpose=f"scenario run: {name}"[:200],
        )
    worker = threading.Thread(target=_work, args=(sessions, run.id, username, request), daemon=True)
    worker.start()
    return run.id


def run_of(session: Session, run_id: uuid.UUID, owner_id: uuid.UUID) -> ScenarioRun | None:
    """The run if `owner_id` started it; None for anyone else (as if it did not exist)."""
    run = session.get(ScenarioRun, run_id)
    return run if run is not None and run.owner_id == owner_id else None


def stage_of(run: ScenarioRun, now: datetime) -> str:
    """The run's stage, or `interrupted` for one that has had no news for too long."""
    if run.status in IN_FLIGHT and as_utc(run.updated_at) < now - STALE:
        return INTERRUPTED
    return run.status


def _work(
    sessions: sessionmaker[Session], run_id: uuid.UUID, username: str, request: RunRequest
) -> None:
    with _SLOTS:
        try:
            result = _compute(sessions, run_id, username, request)
            _stage(sessions, run_id, DONE, 100, result=result)
        except Exception as exc:  # the row says it failed; the log says where, never what
            from refuge.analytics.stored_facts import StoredFactError

            unreadable = isinstance(exc, StoredFactError)
            log.error("scenario_run.failed", run_id=str(run_id), error_type=type(exc).__name__)
            try:
                _stage(
                    sessions,
                    run_id,
                    FAILED,
                    100,
                    error=STORED_VALUE_UNREADABLE if unreadable else UNEXPECTED,
                )
            except Exception as again:  # the store is gone: the run shows as interrupted later
                log.error(
                    "scenario_run.unrecorded", run_id=str(run_id), error_type=type(again).__name__
                )


def _compute(
    sessions: sessionmaker[Session], run_id: uuid.UUID, username: str, request: RunRequest
) -> dict[str, Any]:
    # the bulk evaluator (DuckDB, Arrow) is imported by the first run, not when the app starts
    from refuge.analytics.caseload import cohort_facts
    from refuge.analytics.scenario_run import count_duckdb, disclosed

    scenario = request.scenario
    _stage(sessions, run_id, READING, 5)
    with sessions() as session, session.begin():
        cases = cohort_facts(
            session, request.cohort, actor=username, purpose=f"scenario run {run_id}"
        )
        synthetic = holds_synthetic(session)
    _stage(sessions, run_id, EVALUATING, 30)
    derived = apply_what_if(scenario.pack, scenario.what_if)
    counts = count_duckdb(scenario.pack, derived, cases, request.months)
    del cases
    _stage(sessions, run_id, DISCLOSING, 80)
    report = disclosed(counts)
    last = str(report.months[-1])
    work = timeline(
        {c: report.scenario.cells[last, c] for c in report.scenario.columns}, scenario.workload
    )
    return result_json(
        report,
        work,
        scenario.workload,
        scenario.what_if,
        scenario.bundled,
        request.cohort,
        synthetic,
    )


def _stage(
    sessions: sessionmaker[Session],
    run_id: uuid.UUID,
    status: str,
    progress: int,
    *,
    result: dict[str, Any] | None = None,
    error: str | None = None,
) -> None:
    now = datetime.now(UTC)
    values: dict[str, Any] = {"status": status, "progress": progress, "updated_at": now}
    if status in (DONE, FAILED):
        values |= {"finished_at": now, "result": result, "error": error}
    with sessions() as session, session.begin():
        session.execute(update(ScenarioRun).where(ScenarioRun.id == run_id).values(**values))
