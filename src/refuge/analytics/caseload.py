"""A cohort's cases as the engine's input: one row of facts per person (their newest
application, and the permit they hold), read from the store in one query.

Reading the special-category facts of a whole cohort is one audit event (who, why, how many),
in the same transaction as the read.
"""

from __future__ import annotations

from datetime import date

import pyarrow as pa
from sqlalchemy import select
from sqlalchemy.orm import Session

from refuge.analytics.cohort import Cohort, members_of
from refuge.audit.trail import record
from refuge.bulk.evaluate import facts_table
from refuge.case.facts import case_facts
from refuge.casework.case_facts import READS, case_from
from refuge.casework.models import Application, Permit, Person
from refuge.policy.facts import FACTS
from refuge.rules.types import Value

ROW = "_row"  # a row number, to compare two evaluations of the same cases


def cohort_facts(session: Session, cohort: Cohort, actor: str, purpose: str) -> pa.Table:
    """The facts of every person in `cohort` (decision date left at the application date:
    the caller sets the dates it evaluates on), with a `_row` number and `person_id`."""
    members = members_of(cohort).subquery()
    query = (
        select(Application, Person)
        .join(Person, Person.id == Application.person_id)
        .join(members, members.c.id == Person.id)
        .order_by(Person.id, Application.application_date.desc(), Application.id)
    )
    held = {
        p.person_id: p
        for p in session.scalars(
            select(Permit)
            .join(members, members.c.id == Permit.person_id)
            .where(Permit.status == "active")
            .order_by(Permit.granted)
        )
    }
    rows: list[dict[str, Value]] = []
    seen: set[object] = set()
    for app, person in session.execute(query):
        if person.id in seen:  # the newest application only
            continue
        seen.add(person.id)
        case = case_from(app, person, held.get(person.id))
        facts = case_facts(case, app.application_date)
        rows.append({ROW: len(rows), "person_id": str(person.id), **facts})
    record(
        session,
        actor=actor,
        action="read",
        entity="cohort",
        entity_id=f"{len(rows)} applications",
        purpose=purpose[:200],
        fields=list(READS),
    )
    return facts_table(rows, FACTS) if rows else _empty()


def _empty() -> pa.Table:
    empty = facts_table([], FACTS)
    return empty.append_column(ROW, pa.array([], pa.int64())).append_column(
        "person_id", pa.array([], pa.string())
    )


def first_days(start: date, months: int) -> list[date]:
    """The first day of `months` months from `start`'s month on."""
    days = []
    year, month = start.year, start.month
    for _ in range(months):
        days.append(date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return days
