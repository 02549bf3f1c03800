"""A cohort's cases as the engine's input: one row of facts per person (their newest
application, and the permit they hold), read from the store in one query.

The rows are read as columns, not ORM entities (a cohort may hold a hundred thousand persons),
and the encrypted fields are opened in bulk (`stored_facts`). Reading the special-category facts
of a whole cohort is one audit event (who, why, how many), in the same transaction as the read.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from typing import Any

import pyarrow as pa
from sqlalchemy import ColumnElement, Label, Select, String, cast, select, type_coerce
from sqlalchemy.orm import Session
from sqlalchemy.types import NullType

from refuge.analytics.cohort import Cohort, members_of
from refuge.analytics.stored_facts import FINDINGS, facts_columns
from refuge.audit.trail import record
from refuge.bulk.evaluate import facts_table
from refuge.casework.case_facts import READS
from refuge.casework.deadlines import add_months
from refuge.casework.models import Application, Permit, Person
from refuge.policy.facts import FACTS

ROW = "_row"  # a row number, to compare two evaluations of the same cases
_PLAIN = (
    "application_date",
    "credibility",
    "individual_risk_indicators",
    *FINDINGS,
    "legal_residence",
    "minor",
)


def cohort_facts(session: Session, cohort: Cohort, actor: str, purpose: str) -> pa.Table:
    """The facts of every person in `cohort` (decision date left at the application date:
    the caller sets the dates it evaluates on), with a `_row` number and `person_id`."""
    people = Person.__table__.c
    # the members with what the facts need of them: one lookup of each person
    members = (
        members_of(cohort)
        .add_columns(
            cast(people.id, String).label("person_id"),
            people.nationality,
            people.region_of_origin,
        )
        .subquery()
    )
    apps = Application.__table__.c
    permits = Permit.__table__.c
    query = (
        select(
            members.c.person_id,
            members.c.nationality,
            members.c.region_of_origin,
            *(_raw(apps[name]) for name in _PLAIN),
            # the ciphertexts, opened in bulk (`stored_facts`) rather than one field at a time
            *(_raw(apps[name]) for name in READS),
            permits.ground,
            _raw(permits.granted),
            _raw(permits.valid_until),
        )
        .join(members, members.c.id == apps.person_id)
        .outerjoin(
            Permit.__table__, (permits.person_id == members.c.id) & (permits.status == "active")
        )
        # per person: the newest application, and the permit granted last
        .order_by(members.c.id, apps.application_date.desc(), apps.id, permits.granted.desc())
    )
    with _no_cycle_collection():
        facts = _read(session, query)
    record(
        session,
        actor=actor,
        action="read",
        entity="cohort",
        entity_id=f"{facts.num_rows} applications",
        purpose=purpose[:200],
        fields=list(READS),
    )
    return facts


def _read(session: Session, query: Select[Any]) -> pa.Table:
    """The facts table of the rows of `query`; the rows are gone when it returns."""
    # a Core connection: rows as tuples, no ORM row processing
    result = session.connection().execute(query)
    names = list(result.keys())
    newest = _newest(result.all())
    if not newest:
        return _empty()
    columns = dict(zip(names, zip(*newest, strict=True), strict=True))
    return facts_columns(columns, Application.__tablename__)


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """A cohort's read makes millions of small tuples and not one reference cycle; the cycle
    collector would walk them again and again (a fifth of the read's time). They are freed
    before it is on again, or its next run would walk them once more."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _raw(column: ColumnElement[Any]) -> Label[Any]:
    """`column` as the database driver hands it over (`stored_facts` reads it, column by
    column): no conversion of each value on the way."""
    return type_coerce(column, NullType()).label(column.key)


def _newest(rows: Sequence[Any]) -> list[Any]:
    """The first row of each person (rows come newest application first)."""
    out = []
    last = None
    for row in rows:
        if row[0] != last:
            out.append(row)
            last = row[0]
    return out


def _empty() -> pa.Table:
    empty = facts_table([], FACTS)
    return empty.append_column(ROW, pa.array([], pa.int64())).append_column(
        "person_id", pa.array([], pa.string())
    )


def first_days(start: date, months: int) -> list[date]:
    """The first day of `months` months from `start`'s month on."""
    return [add_months(start.replace(day=1), i) for i in range(months)]
