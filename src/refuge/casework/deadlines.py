"""The decision period of an asylum application (art. 42 Vw), its extensions, and the clock
stopped by a decision moratorium (art. 43 Vw). Pure functions of dates: nothing here reads the
clock or the database. Rules and sources: docs/decisions/0006-decision-period-and-moratorium.md.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from refuge.casework.errors import ExtensionNotAllowed

BASE_MONTHS = 6  # art. 42(1) Vw
BASE_BASIS = "art. 42(1) Vw"
ORDINARY = "art. 42(4) Vw"  # up to 9 months in all
EXCEPTIONAL = "art. 42(4) Vw, exceptional"  # up to 3 more months (APD art. 31(3))
EXTENSION_LIMITS = {ORDINARY: 9, EXCEPTIONAL: 3}
OUTER_LIMIT_MONTHS = 21  # APD art. 31(5): shown as a warning, not applied (ADR 0006)

Moratorium = tuple[date, date | None]  # first and last day (inclusive); None: no end set yet


@dataclass(frozen=True, slots=True)
class Extension:
    months: int
    legal_basis: str
    reason: str


@dataclass(frozen=True, slots=True)
class Pause:
    """Days of a moratorium inside the running period (first and last day inclusive)."""

    start: date
    end: date | None
    days: int | None


@dataclass(frozen=True, slots=True)
class DueDate:
    application_date: date
    months: int  # the base period plus every extension
    unpaused_due_on: date  # what the due date would be without any moratorium
    due_on: date | None  # None while a moratorium with no end set stops the clock
    days_paused: int
    pauses: tuple[Pause, ...]
    moratoria: tuple[Moratorium, ...]  # merged, every one known (also outside the period)
    outer_limit: date

    @property
    def beyond_outer_limit(self) -> bool:
        return self.due_on is None or self.due_on > self.outer_limit


def add_months(day: date, months: int) -> date:
    """The same day `months` later; the month's last day where that day does not exist."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def check_extensions(extensions: Iterable[Extension]) -> None:
    """Refuse an extension without a reason, of an unknown basis, or past its basis' limit."""
    used = dict.fromkeys(EXTENSION_LIMITS, 0)
    for ext in extensions:
        if ext.legal_basis not in EXTENSION_LIMITS:
            raise ExtensionNotAllowed(
                f"unknown legal basis {ext.legal_basis!r}; use one of: "
                + ", ".join(repr(b) for b in EXTENSION_LIMITS)
            )
        if ext.months < 1:
            raise ExtensionNotAllowed("an extension is at least 1 month")
        if not ext.reason.strip():
            raise ExtensionNotAllowed("say why the decision period is extended (reason)")
        used[ext.legal_basis] += ext.months
        limit = EXTENSION_LIMITS[ext.legal_basis]
        if used[ext.legal_basis] > limit:
            raise ExtensionNotAllowed(
                f"{ext.legal_basis} allows at most {limit} months of extension in all; this "
                f"would make {used[ext.legal_basis]}. Extend by at most "
                f"{limit - used[ext.legal_basis] + ext.months} months"
                + (f", or use {EXCEPTIONAL!r}" if ext.legal_basis == ORDINARY else "")
            )


def merge(moratoria: Iterable[Moratorium]) -> tuple[Moratorium, ...]:
    """Sorted, with overlapping and adjacent moratoria joined into one."""
    merged: list[Moratorium] = []
    for start, end in sorted(moratoria, key=lambda m: m[0]):
        if end is not None and end < start:
            raise ValueError(f"moratorium ends ({end}) before it starts ({start})")
        if merged:
            last_start, last_end = merged[-1]
            if last_end is None or start <= last_end + timedelta(days=1):
                new_end = None if last_end is None or end is None else max(last_end, end)
                merged[-1] = (last_start, new_end)
                continue
        merged.append((start, end))
    return tuple(merged)


def decision_period(
    application_date: date,
    extensions: Sequence[Extension] = (),
    moratoria: Iterable[Moratorium] = (),
) -> DueDate:
    """The due date: 6 months (plus extensions) of running clock after the application date.

    The clock runs on every day after the application date except the days of a moratorium,
    so the due date moves out by exactly the moratorium days that fall before it (including
    those the move itself brings in)."""
    check_extensions(extensions)
    months = BASE_MONTHS + sum(e.months for e in extensions)
    unpaused = add_months(application_date, months)
    merged = merge(moratoria)
    remaining = (unpaused - application_date).days
    cursor = application_date  # the last day accounted for
    pauses: list[Pause] = []
    due_on: date | None = None
    for start, end in merged:
        if end is not None and end <= cursor:
            continue
        first = max(start, cursor + timedelta(days=1))
        gap = (first - cursor).days - 1  # running days before this moratorium
        if remaining <= gap:
            break
        remaining -= gap
        if end is None:
            pauses.append(Pause(first, None, None))
            cursor = date.max
            break
        pauses.append(Pause(first, end, (end - first).days + 1))
        cursor = end
    if cursor != date.max:
        due_on = cursor + timedelta(days=remaining)
    return DueDate(
        application_date=application_date,
        months=months,
        unpaused_due_on=unpaused,
        due_on=due_on,
        days_paused=sum(p.days or 0 for p in pauses),
        pauses=tuple(pauses),
        moratoria=merged,
        outer_limit=add_months(application_date, OUTER_LIMIT_MONTHS),
    )


def paused_days(moratoria: Iterable[Moratorium], after: date, through: date) -> int:
    """Moratorium days in (after, through]."""
    total = 0
    for start, end in moratoria:
        first, last = max(start, after + timedelta(days=1)), min(end or through, through)
        total += max(0, (last - first).days + 1)
    return total


def clock_stopped(period: DueDate, today: date) -> bool:
    """Whether a moratorium stops this application's clock today."""
    return any(
        start <= today and (end is None or today <= end) and today > period.application_date
        for start, end in period.moratoria
    )


def days_left(period: DueDate, today: date) -> int | None:
    """Running (clock) days from today to the due date: moratorium days do not count, so the
    number stands still during one. Negative once overdue. None while the clock is stopped
    with no end set."""
    if period.due_on is None:
        return None
    if today <= period.due_on:
        return (period.due_on - today).days - paused_days(period.moratoria, today, period.due_on)
    return -((today - period.due_on).days - paused_days(period.moratoria, period.due_on, today))


def is_overdue(period: DueDate, today: date) -> bool:
    return period.due_on is not None and today > period.due_on
