"""A cohort's cases as the engine's input: one row of facts per person (their newest
application, and the permit they hold), read from the store in one query.

Reading the special-category facts of a whole cohort is one audit event (who, why, how many),
in the same transaction as the read.
"""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace
from typing import cast

import pyarrow as pa
from sqlalchemy import select
from sqlalchemy.orm import Session

from refuge.analytics.cohort import Cohort, members_of
from refuge.audit.trail import record
from refuge.bulk.evaluate import facts_table
from refuge.case.facts import case_facts
from refuge.casework.case_facts import READS, case_from
from refuge.casework.deadlines import add_months
from refuge.casework.models import Application, Permit, Person
from refuge.casework.models.applications import INTERNAL_PROTECTION
from refuge.policy.facts import FACTS
from refuge.rules.types import Value
from refuge.store.crypto import pinned_cipher

ROW = "_row"  # a row number, to compare two evaluations of the same cases


def cohort_facts(session: Session, cohort: Cohort, actor: str, purpose: str) -> pa.Table:
    """The facts of every person in `cohort` (decision date left at the application date:
    the caller sets the dates it evaluates on), with a `_row` number and `person_id`."""
    members = members_of(cohort).subquery()
    apps = Application.__table__.c
    people = Person.__table__.c
    # columns, not ORM entities: a cohort may hold a hundred thousand persons
    query = (
        select(*apps, people.nationality, people.region_of_origin)
        .join(Person.__table__, people.id == apps.person_id)
        .join(members, members.c.id == people.id)
        .order_by(people.id, apps.application_date.desc(), apps.id)
    )
    permits = Permit.__table__.c
    held = {
        row.person_id: row
        for row in session.execute(
            select(permits.person_id, permits.ground, permits.granted, permits.valid_until)
            .join(members, members.c.id == permits.person_id)
            .where(permits.status == "active")
            .order_by(permits.granted)
        )
    }
    rows: list[dict[str, Value]] = []
    seen: set[object] = set()
    with pinned_cipher():
        found = session.execute(query).all()
    for row in found:
        if row.person_id in seen:  # the newest application only
            continue
        seen.add(row.person_id)
        app = SimpleNamespace(
            **row._mapping,
            internal_protection={
                name: row._mapping[f"internal_protection_{name}"] for name in INTERNAL_PROTECTION
            },
        )
        person = SimpleNamespace(
            id=row.person_id, nationality=row.nationality, region_of_origin=row.region_of_origin
        )
        case = case_from(
            cast(Application, app), cast(Person, person), cast(Permit, held.get(row.person_id))
        )
        facts = case_facts(case, row.application_date)
        rows.append({ROW: len(rows), "person_id": str(row.person_id), **facts})
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
    return [add_months(start.replace(day=1), i) for i in range(months)]
