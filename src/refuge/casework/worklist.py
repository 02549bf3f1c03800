"""A caseworker's worklist: the open applications they hold (or, for a supervisor, the team's),
each with its decision period on a day, overdue first and then soonest due. No special-category
fact and no extension reason is in it, so showing it is not an audited read."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from refuge.casework import lifecycle
from refuge.casework.access import WITHOUT_FACTS, in_scope, load_application, require_case_role
from refuge.casework.actor import Actor
from refuge.casework.applications import summary
from refuge.casework.models import Application, Person
from refuge.casework.periods import deadline_rows, status_of
from refuge.casework.schemas import ApplicationOut, DeadlineStatus

LIMIT = 500


@dataclass(frozen=True, slots=True)
class WorkItem:
    application: ApplicationOut
    deadline: DeadlineStatus


def _without_reasons(status: DeadlineStatus) -> DeadlineStatus:
    extensions = [e.model_copy(update={"reason": ""}) for e in status.extensions]
    return status.model_copy(update={"extensions": extensions})


def worklist(
    session: Session, actor: Actor, today: date, *, whole_team: bool = False
) -> tuple[list[WorkItem], int]:
    """The actor's open applications (a supervisor's `whole_team`: the team's), overdue
    first, then by due date; at most LIMIT of them, and how many there are in all."""
    require_case_role(actor, "list cases")
    stmt = (
        in_scope(select(Application, Person).join(Person), actor)
        .where(Application.status.in_(lifecycle.OPEN_STATES))
        .options(*WITHOUT_FACTS)
        .order_by(Application.application_date, Application.id)
    )
    if not whole_team:
        stmt = stmt.where(Application.caseworker_id == actor.user_id)
    rows = list(session.execute(stmt))
    by_app = deadline_rows(session, [a.id for a, _ in rows])
    items = [
        WorkItem(summary(a, p), _without_reasons(status_of(a, by_app[a.id], p.nationality, today)))
        for a, p in rows
    ]
    items.sort(
        key=lambda i: (
            not i.deadline.overdue,
            i.deadline.due_on or date.max,
            str(i.application.id),
        )
    )
    return items[:LIMIT], len(items)


def case_summary(
    session: Session, actor: Actor, application_id: uuid.UUID, today: date
) -> WorkItem:
    """One application without its facts, with its decision period (no extension reasons)."""
    require_case_role(actor, "open a case")
    app = load_application(session, actor, application_id)
    person = session.get_one(Person, app.person_id)
    rows = deadline_rows(session, [app.id])[app.id]
    return WorkItem(
        summary(app, person), _without_reasons(status_of(app, rows, person.nationality, today))
    )
