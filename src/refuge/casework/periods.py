"""Decision periods of stored applications: extend, show, and find the overdue ones. The
rules themselves are the pure functions in deadlines.py."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from refuge.casework import deadlines, lifecycle
from refuge.casework.access import WITHOUT_FACTS, load_application
from refuge.casework.actor import Actor
from refuge.casework.auditing import audit
from refuge.casework.errors import ApplicationClosed, ExtensionNotAllowed
from refuge.casework.models import Application, Deadline, Person
from refuge.casework.moratoria import decision_moratoria
from refuge.casework.schemas import DeadlineStatus, ExtensionIn, ExtensionOut, PauseOut


def _extensions(rows: Iterable[Deadline]) -> list[deadlines.Extension]:
    return [
        deadlines.Extension(r.months, r.legal_basis, r.reason)
        for r in rows
        if r.kind == "extension"
    ]


def deadline_rows(session: Session, ids: list[uuid.UUID]) -> dict[uuid.UUID, list[Deadline]]:
    rows: dict[uuid.UUID, list[Deadline]] = defaultdict(list)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        for row in session.scalars(
            select(Deadline)
            .where(Deadline.application_id.in_(chunk))
            .order_by(Deadline.created_at, Deadline.id)
        ):
            rows[row.application_id].append(row)
    return rows


def period_of(app: Application, rows: Iterable[Deadline], country: str) -> deadlines.DueDate:
    return deadlines.decision_period(
        app.application_date, _extensions(rows), decision_moratoria(country)
    )


def status_of(app: Application, rows: list[Deadline], country: str, today: date) -> DeadlineStatus:
    period = period_of(app, rows, country)
    is_open = app.status not in lifecycle.APPLICATION.final
    return DeadlineStatus(
        application_id=app.id,
        state=lifecycle.application_state(app.status, app.paused),
        caseworker_id=app.caseworker_id,
        application_date=app.application_date,
        months=period.months,
        extensions=[
            ExtensionOut(months=e.months, legal_basis=e.legal_basis, reason=e.reason)
            for e in _extensions(rows)
        ],
        unpaused_due_on=period.unpaused_due_on,
        due_on=period.due_on,
        days_paused=period.days_paused,
        pauses=[PauseOut(start=p.start, end=p.end, days=p.days) for p in period.pauses],
        days_left=deadlines.days_left(period, today) if is_open else None,
        calendar_days_left=(period.due_on - today).days if period.due_on and is_open else None,
        clock_stopped=is_open and deadlines.clock_stopped(period, today),
        overdue=is_open and deadlines.is_overdue(period, today),
        outer_limit=period.outer_limit,
        beyond_outer_limit=period.beyond_outer_limit,
        legal_basis=period.legal_basis,
        outer_limit_binding=period.regime.outer_limit_binding,
        held_at_outer_limit=period.held_at_outer_limit,
    )


# the reason of an extension is free text that may name case details (encrypted at rest, like
# a hearing's summary): a status that shows one to a caller is an audited read
REASON_READ = ["extension_reasons"]


def _audit_reasons_shown(
    session: Session, actor: Actor, app: Application, rows: Iterable[Deadline], purpose: str
) -> None:
    if any(r.kind == "extension" for r in rows):
        audit(session, actor, "read", "application", app.id, purpose, REASON_READ)


def deadline_status(
    session: Session, actor: Actor, application_id: uuid.UUID, today: date
) -> DeadlineStatus:
    """The due date, days left (moratorium days not counted) and every pause, on `today`.
    Where it shows the reasons of extensions, the read is audited (the caller commits it)."""
    app = load_application(session, actor, application_id)
    person = session.get_one(Person, app.person_id)
    rows = deadline_rows(session, [app.id])[app.id]
    _audit_reasons_shown(session, actor, app, rows, "show decision period")
    return status_of(app, rows, person.nationality, today)


def extend_decision_period(
    session: Session,
    actor: Actor,
    application_id: uuid.UUID,
    data: ExtensionIn,
    today: date,
) -> DeadlineStatus:
    """Extend the period before it ends, with a reason, under the law of the application
    date (art. 42(4) Vw before 12 June 2026, art. 35(5) APR from then); refused past the
    limits of its legal basis or on the other regime's basis."""
    app = load_application(session, actor, application_id)
    if app.status in lifecycle.APPLICATION.final:
        raise ApplicationClosed(app.status)
    person = session.get_one(Person, app.person_id)
    rows = deadline_rows(session, [app.id])[app.id]
    period = period_of(app, rows, person.nationality)
    if period.due_on is not None and today > period.due_on:
        raise ExtensionNotAllowed(
            f"the decision period ended on {period.due_on.isoformat()}; an extension must be "
            "given before the period ends"
        )
    new = deadlines.Extension(data.months, data.legal_basis, data.reason)
    deadlines.check_extensions([*_extensions(rows), new], period.regime)
    row = Deadline(
        application_id=app.id,
        kind="extension",
        months=data.months,
        legal_basis=data.legal_basis,
        reason=data.reason,
        granted_by=actor.user_id,
    )
    session.add(row)
    session.flush()
    fields = ["months", "legal_basis", "reason"]
    audit(session, actor, "create", "deadline", row.id, "extend decision period", fields)
    # the answer shows the reasons of the earlier extensions too
    _audit_reasons_shown(session, actor, app, rows, "extend decision period")
    return status_of(app, [*rows, row], person.nationality, today)


def _open_rows(session: Session, caseworker_id: uuid.UUID | None) -> list[tuple[Application, str]]:
    stmt = (
        select(Application, Person.nationality)
        .join(Person)
        .where(Application.status.in_(lifecycle.OPEN_STATES))
        .options(*WITHOUT_FACTS)
        .order_by(Application.application_date, Application.id)
    )
    if caseworker_id is not None:
        stmt = stmt.where(Application.caseworker_id == caseworker_id)
    return [(a, n) for a, n in session.execute(stmt)]


def deadline_list(
    session: Session, today: date, caseworker_id: uuid.UUID | None = None
) -> list[DeadlineStatus]:
    """Every open application's deadline on `today`, soonest due first (CLI, supervisors)."""
    rows = _open_rows(session, caseworker_id)
    by_app = deadline_rows(session, [a.id for a, _ in rows])
    out = [status_of(a, by_app[a.id], n, today) for a, n in rows]
    return sorted(out, key=lambda s: (s.due_on or date.max, str(s.application_id)))


def overdue(
    session: Session, today: date, caseworker_id: uuid.UUID | None = None
) -> list[DeadlineStatus]:
    """Open applications whose decision period ended before `today` (not scoped: for the
    CLI and scheduled reports; the API scopes through list_applications)."""
    return [s for s in deadline_list(session, today, caseworker_id) if s.overdue]


def overdue_ids(
    session: Session, apps: list[tuple[Application, str]], today: date
) -> set[uuid.UUID]:
    by_app = deadline_rows(session, [a.id for a, _ in apps])
    return {
        a.id
        for a, country in apps
        if deadlines.is_overdue(period_of(a, by_app[a.id], country), today)
    }
