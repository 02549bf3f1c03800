"""Return figures: departures by month and route, through disclosure control, and the return
support the pack gives on each day (issue 8, section 4)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from refuge.casework.deadlines import add_months
from refuge.casework.disclosure_table import DisclosedTable, disclose_table
from refuge.casework.models import Person, ReturnCase
from refuge.casework.models.returns import ROUTES
from refuge.policy.pack import PolicyPack

SUPPORT = ("support_adult_eur", "support_minor_eur")


def departures_by_month(
    session: Session, nationality: str | None, start: date, end: date
) -> DisclosedTable:
    """Departed return cases per month (YYYY-MM) and route, `start` to `end` inclusive."""
    query = (
        select(ReturnCase.departed_on, ReturnCase.route, func.count())
        .join(Person, Person.id == ReturnCase.person_id)
        .where(
            ReturnCase.status == "departed",
            ReturnCase.departed_on.is_not(None),
            ReturnCase.departed_on >= start,
            ReturnCase.departed_on <= end,
        )
        .group_by(ReturnCase.departed_on, ReturnCase.route)
    )
    if nationality:
        query = query.where(Person.nationality == nationality)
    counts: dict[tuple[str, str], int] = {}
    for day, route, n in session.execute(query):
        if day is None:
            continue
        key = (day.strftime("%Y-%m"), route or "not_verified")
        counts[key] = counts.get(key, 0) + int(n)
    months = _months(start, end)
    return disclose_table(counts, months, ROUTES)


def support_by_date(pack: PolicyPack, start: date, end: date) -> list[tuple[date, int, int]]:
    """(first day, adult EUR, minor EUR) for each policy version in force between the dates,
    as the pack says (the temporary higher scheme has its own parameters)."""
    out: list[tuple[date, int, int]] = []
    for version in pack.versions:
        if version.valid_to is not None and version.valid_to < start:
            continue
        if version.valid_from > end:
            break
        adult, minor = (version.params[name].value for name in SUPPORT)
        row = (max(version.valid_from, start), int(adult), int(minor))  # type: ignore[arg-type]
        if not out or out[-1][1:] != row[1:]:
            out.append(row)
    return out


def _months(start: date, end: date) -> list[str]:
    """YYYY-MM of every month from `start`'s to `end`'s."""
    count = (end.year - start.year) * 12 + end.month - start.month + 1
    return [add_months(start.replace(day=1), i).strftime("%Y-%m") for i in range(count)]
