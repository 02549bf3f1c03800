"""The decision period of an asylum application, its extensions, and the clock stopped by a
decision moratorium. Pure functions of dates: nothing here reads the clock or the database.

The law is the one in force when the application was lodged (Regulation (EU) 2024/1348, art.
79(3)): before 12 June 2026 art. 42-43 Vw (Directive 2013/32/EU), from 12 June 2026 art. 35 of
that Regulation (APR). Rules and sources: docs/decisions/0006-decision-period-and-moratorium.md.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from types import MappingProxyType

from refuge.casework.errors import ExtensionNotAllowed

# --- applications lodged before 12 June 2026: art. 42-43 Vw ---------------------------------
BASE_MONTHS = 6  # art. 42(1) Vw; also art. 35(4) APR
BASE_BASIS = "art. 42(1) Vw"
ORDINARY = "art. 42(4) Vw"  # up to 9 months in all
EXCEPTIONAL = "art. 42(4) Vw, exceptional"  # up to 3 more months (APD art. 31(3))
EXTENSION_LIMITS = {ORDINARY: 9, EXCEPTIONAL: 3}
OUTER_LIMIT_MONTHS = 21  # APD art. 31(5) and art. 35(7) APR; binding only under the APR

# --- applications lodged from 12 June 2026: art. 35 Regulation (EU) 2024/1348 ---------------
APR_FROM = date(2026, 6, 12)  # art. 79(2)-(3) APR
APR_BASE_BASIS = "art. 35(4) APR"
APR_EXTENSION = "art. 35(5) APR"  # up to 6 months in all, on one of three grounds
APR_EXTENSION_LIMITS = {APR_EXTENSION: 6}
# art. 35(5)(a)-(c) APR: the reason of an APR extension starts with one of these
APR_GROUNDS = (
    "disproportionate number of applications",
    "complex issues of fact or law",
    "failure of the applicant to comply with Article 9",
)

Moratorium = tuple[date, date | None]  # first and last day (inclusive); None: no end set yet


@dataclass(frozen=True, slots=True, eq=False)
class Regime:
    """The rules of the decision period for applications lodged in a span of dates."""

    legal_basis: str  # what the deadline status names
    base_basis: str
    extension_limits: Mapping[str, int]  # legal basis -> months in all
    grounds: tuple[str, ...]  # the reason must start with one of them; () = any reason
    outer_limit_binding: bool  # the due date never passes the outer limit


VW = Regime(
    legal_basis="art. 42 Vw",
    base_basis=BASE_BASIS,
    extension_limits=MappingProxyType(EXTENSION_LIMITS),
    grounds=(),
    outer_limit_binding=False,
)
APR = Regime(
    legal_basis="art. 35 Regulation (EU) 2024/1348",
    base_basis=APR_BASE_BASIS,
    extension_limits=MappingProxyType(APR_EXTENSION_LIMITS),
    grounds=APR_GROUNDS,
    outer_limit_binding=True,
)


def regime_for(application_date: date) -> Regime:
    """The law of the application's decision period: the one in force when it was lodged."""
    return APR if application_date >= APR_FROM else VW


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
    due_on: date | None  # None while a moratorium with no end set stops the clock (not APR)
    days_paused: int
    pauses: tuple[Pause, ...]
    moratoria: tuple[Moratorium, ...]  # merged, every one known (also outside the period)
    outer_limit: date
    regime: Regime = VW
    # APR only: a postponement (art. 35(7) APR) would have pushed the due date past the outer
    # limit, so the due date is held at it
    held_at_outer_limit: bool = False

    @property
    def beyond_outer_limit(self) -> bool:
        return self.due_on is None or self.due_on > self.outer_limit

    @property
    def legal_basis(self) -> str:
        return self.regime.legal_basis


def add_months(day: date, months: int) -> date:
    """The same day `months` later; the month's last day where that day does not exist."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def _other_regime_basis(basis: str, regime: Regime) -> str | None:
    """Why `basis` is refused if it belongs to the other regime's extensions."""
    if regime is APR and basis in EXTENSION_LIMITS:
        return (
            f"{basis} does not apply to an application lodged on or after "
            f"{APR_FROM.isoformat()}: its decision period follows art. 35 of Regulation (EU) "
            f"2024/1348 (the Asylum Procedure Regulation, APR); extend under {APR_EXTENSION!r}"
        )
    if regime is VW and basis in APR_EXTENSION_LIMITS:
        return (
            f"{basis} (Regulation (EU) 2024/1348, the Asylum Procedure Regulation) applies only "
            f"to applications lodged on or after {APR_FROM.isoformat()} (its art. 79(3)); this "
            f"application's decision period follows art. 42 Vw: extend under {ORDINARY!r} or "
            f"{EXCEPTIONAL!r}"
        )
    return None


def check_extensions(extensions: Iterable[Extension], regime: Regime = VW) -> None:
    """Refuse an extension without a reason (under the APR: without one of its grounds), of a
    basis the regime does not know, or past its basis' limit."""
    limits = regime.extension_limits
    used = dict.fromkeys(limits, 0)
    for ext in extensions:
        if ext.legal_basis not in limits:
            raise ExtensionNotAllowed(
                _other_regime_basis(ext.legal_basis, regime)
                or f"unknown legal basis {ext.legal_basis!r}; use one of: "
                + ", ".join(repr(b) for b in limits)
            )
        if ext.months < 1:
            raise ExtensionNotAllowed("an extension is at least 1 month")
        if not ext.reason.strip():
            raise ExtensionNotAllowed("say why the decision period is extended (reason)")
        if regime.grounds and not ext.reason.strip().lower().startswith(
            tuple(g.lower() for g in regime.grounds)
        ):
            raise ExtensionNotAllowed(
                f"{ext.legal_basis} allows an extension only on one of its grounds: start the "
                "reason with "
                + ", ".join(repr(g) for g in regime.grounds)
                + " (art. 35(5)(a)-(c) APR), then say more if you like"
            )
        used[ext.legal_basis] += ext.months
        limit = limits[ext.legal_basis]
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
    """The due date: 6 months (plus extensions) of running clock after the application date,
    under the law in force on that date (`regime_for`).

    The clock runs on every day after the application date except the days of a moratorium,
    so the due date moves out by exactly the moratorium days that fall before it (including
    those the move itself brings in). Under the APR the examination ends within 21 months of
    lodging in any event (art. 35(7)): a due date the moratoria would push past that limit, or
    leave open, is held at the limit (`held_at_outer_limit`)."""
    regime = regime_for(application_date)
    check_extensions(extensions, regime)
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
    outer_limit = add_months(application_date, OUTER_LIMIT_MONTHS)
    held = regime.outer_limit_binding and (due_on is None or due_on > outer_limit)
    if held:
        due_on = outer_limit
        pauses = [_clip(p, outer_limit) for p in pauses if p.start <= outer_limit]
    return DueDate(
        application_date=application_date,
        months=months,
        unpaused_due_on=unpaused,
        due_on=due_on,
        days_paused=sum(p.days or 0 for p in pauses),
        pauses=tuple(pauses),
        moratoria=merged,
        outer_limit=outer_limit,
        regime=regime,
        held_at_outer_limit=held,
    )


def _clip(pause: Pause, last: date) -> Pause:
    """The part of a pause up to and including `last`."""
    end = last if pause.end is None else min(pause.end, last)
    return Pause(pause.start, end, (end - pause.start).days + 1)


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
    with no end set. Calendar days when the due date is held at the APR's outer limit."""
    if period.due_on is None:
        return None
    if period.held_at_outer_limit:
        # the outer limit binds whatever the clock does: count calendar days to it
        return (period.due_on - today).days
    if today <= period.due_on:
        return (period.due_on - today).days - paused_days(period.moratoria, today, period.due_on)
    return -((today - period.due_on).days - paused_days(period.moratoria, period.due_on, today))


def is_overdue(period: DueDate, today: date) -> bool:
    return period.due_on is not None and today > period.due_on
