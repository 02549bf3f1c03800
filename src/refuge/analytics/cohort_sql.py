"""A cohort as plain SQL over the caseload's tables, for an engine outside the store (Spark,
DuckDB): the same members as `refuge.analytics.cohort.members_of`, the same counts as
`count_cohort`, before disclosure control.

The tables hold only what a cohort asks about, none of it special-category data:

* people: id, nationality, region_of_origin
* permits: person_id, kind, ground, granted, valid_until, status
* applications: id, person_id, application_date, status
* decisions: application_id, status, decided_at

`caseload_tables` reads them from the store; written as Parquet (`<name>.parquet` in one
folder, local or on object storage) they serve a Spark cluster without the store.
"""

# ruff: noqa: S608  (values reach the SQL through _text and _day only; table names are the caller's)
from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time

import pyarrow as pa
from sqlalchemy import select
from sqlalchemy.orm import Session

from refuge.analytics.cohort import DECIDED, By, Cohort
from refuge.casework.disclosure import disclose
from refuge.casework.models import Application, Decision, Permit, Person

TABLES: dict[str, pa.Schema] = {
    "people": pa.schema(
        [("id", pa.string()), ("nationality", pa.string()), ("region_of_origin", pa.string())]
    ),
    "permits": pa.schema(
        [
            ("person_id", pa.string()),
            ("kind", pa.string()),
            ("ground", pa.string()),
            ("granted", pa.date32()),
            ("valid_until", pa.date32()),
            ("status", pa.string()),
        ]
    ),
    "applications": pa.schema(
        [
            ("id", pa.string()),
            ("person_id", pa.string()),
            ("application_date", pa.date32()),
            ("status", pa.string()),
        ]
    ),
    "decisions": pa.schema(
        [
            ("application_id", pa.string()),
            ("status", pa.string()),
            ("decided_at", pa.timestamp("us")),
        ]
    ),
}


def caseload_tables(session: Session) -> dict[str, pa.Table]:
    """The tables of `TABLES` as the store holds them now (ids as text)."""
    sources = {
        "people": Person.__table__,
        "permits": Permit.__table__,
        "applications": Application.__table__,
        "decisions": Decision.__table__,
    }
    found: dict[str, pa.Table] = {}
    for name, schema in TABLES.items():
        table = sources[name]
        rows = session.execute(select(*(table.c[f] for f in schema.names))).all()
        columns = list(zip(*rows, strict=True)) if rows else [() for _ in schema.names]
        arrays = [
            pa.array([None if v is None else str(v) for v in values], pa.string())
            if field.type == pa.string()
            else pa.array(values, field.type)
            for field, values in zip(schema, columns, strict=True)
        ]
        found[name] = pa.Table.from_arrays(arrays, schema=schema)
    return found


def _text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _day(value: date) -> str:
    return f"DATE '{value.isoformat()}'"


def _held(cohort: Cohort, m: str) -> list[str]:
    held = [f"{m}.kind = {_text(cohort.permit or 'temporary_asylum')}"]
    if cohort.permit_ground:
        held.append(f"{m}.ground = {_text(cohort.permit_ground)}")
    if cohort.granted_from:
        held.append(f"{m}.granted >= {_day(cohort.granted_from)}")
    if cohort.granted_to:
        held.append(f"{m}.granted <= {_day(cohort.granted_to)}")
    if cohort.at:
        held += [
            f"{m}.granted <= {_day(cohort.at)}",
            f"{m}.valid_until >= {_day(cohort.at)}",
            f"{m}.status <> 'revoked'",
        ]
    else:
        held.append(f"{m}.status = 'active'")
    return held


def _with_application(cohort: Cohort, t: Mapping[str, str]) -> str:
    decided = ", ".join(_text(s) for s in DECIDED)
    if cohort.at is None:
        state = f"a.status IN ({decided})"
        if cohort.application != "decided":
            state = f"NOT ({state})"
        return f"SELECT a.person_id FROM {t['applications']} a WHERE {state}"
    end_of_day = datetime.combine(cohort.at, time.max).isoformat(sep=" ")
    decided_by_then = (
        f"a.id IN (SELECT d.application_id FROM {t['decisions']} d "
        f"WHERE d.status = 'in_effect' AND d.decided_at <= TIMESTAMP '{end_of_day}')"
    )
    on_day = f"a.application_date <= {_day(cohort.at)}"
    if cohort.application == "decided":
        where = f"{on_day} AND {decided_by_then}"
    else:
        where = f"{on_day} AND NOT ({decided_by_then}) AND a.status <> 'withdrawn'"
    return f"SELECT a.person_id FROM {t['applications']} a WHERE {where}"


def members_sql(cohort: Cohort, t: Mapping[str, str]) -> str:
    """The ids of the persons in `cohort`; `t` names the tables of `TABLES` on the engine."""
    where = ["TRUE"]
    if cohort.nationality:
        where.append(f"p.nationality = {_text(cohort.nationality)}")
    if cohort.region:
        where.append(f"p.region_of_origin = {_text(cohort.region)}")
    if cohort.permit:
        held = " AND ".join(_held(cohort, "m"))
        where.append(f"p.id IN (SELECT m.person_id FROM {t['permits']} m WHERE {held})")
    if cohort.application:
        where.append(f"p.id IN ({_with_application(cohort, t)})")
    return f"SELECT p.id FROM {t['people']} p WHERE {' AND '.join(where)}"


def count_sql(cohort: Cohort, by: By | None, t: Mapping[str, str]) -> str:
    """The SQL of `count_cohort`'s counts before disclosure: rows of (group, persons)."""
    members = members_sql(cohort, t)
    if by is None:
        return f"SELECT 'total', COUNT(*) FROM ({members}) c"
    if by == "permit_ground":
        held = " AND ".join(_held(cohort, "m"))
        return (
            f"SELECT m.ground, COUNT(DISTINCT m.person_id) FROM {t['permits']} m "
            f"WHERE m.person_id IN ({members}) AND {held} GROUP BY m.ground"
        )
    column = "region_of_origin" if by == "region" else "nationality"
    return (
        f"SELECT q.{column}, COUNT(*) FROM {t['people']} q "
        f"WHERE q.id IN ({members}) GROUP BY q.{column}"
    )


def counted(rows: list[tuple[object, object]], threshold: int) -> dict[str, int | None]:
    """Rows of `count_sql` as `count_cohort` gives them: sorted, through disclosure control."""
    counts = {str(group): int(str(n)) for group, n in rows}
    return disclose(dict(sorted(counts.items())), threshold)
