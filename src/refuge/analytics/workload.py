"""The work a scenario brings: cases that need a procedure x hours per procedure / capacity ->
weeks to finish, as a timeline.

The hours per procedure and the capacity are parameters, not facts: the defaults below are
assumptions (no source gives IND hours per procedure), and a scenario file may set its own in a
`workload:` section:

    workload:
      fte: 40                      # caseworkers on it, full-time
      hours_per_fte_week: 32       # productive hours per caseworker per week
      hours:                       # per case, by the scenario's outcome
        "permit: ground_lapsed": 8
        "permit: examination_needed": 6

Only counts that passed disclosure control go in, so the timeline never shows what a hidden
count would.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from refuge.quote import reason

# Assumptions (no published figure): hours of caseworker time per case, by outcome.
DEFAULT_HOURS: dict[str, float] = {
    "permit: ground_lapsed": 8.0,  # intended decision, written view, decision to revoke
    "permit: exclusion": 10.0,  # the same, with an exclusion examination
    "permit: examination_needed": 6.0,  # a hearing and a new assessment
    "application: further_investigation": 6.0,
    "application: grant_refugee": 4.0,
    "application: grant_subsidiary": 4.0,
    "application: reject": 6.0,
    "application: reject_excluded": 8.0,
}
DEFAULT_FTE = 40.0
DEFAULT_HOURS_PER_FTE_WEEK = 32.0


class Workload(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    fte: float = Field(default=DEFAULT_FTE, gt=0, le=100_000)
    hours_per_fte_week: float = Field(default=DEFAULT_HOURS_PER_FTE_WEEK, gt=0, le=80)
    hours: dict[str, float] = Field(default_factory=lambda: dict(DEFAULT_HOURS))

    @property
    def weekly_hours(self) -> float:
        return self.fte * self.hours_per_fte_week


class WorkloadError(Exception):
    """A `workload:` section that cannot be used; the message names the file and field."""


def read_workload(path: Path) -> Workload:
    """The scenario file's `workload:` section, or the defaults."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return Workload()  # the scenario reader has reported the file already
    section = data.get("workload") if isinstance(data, dict) else None
    if section is None:
        return Workload()
    try:
        given: dict[str, Any] = dict(section)
        hours = {**DEFAULT_HOURS, **given.pop("hours", {})}
        return Workload.model_validate({**given, "hours": hours})
    except (TypeError, ValueError, ValidationError) as exc:
        errors = exc.errors() if isinstance(exc, ValidationError) else []
        detail = "; ".join(
            f"field 'workload.{'.'.join(str(p) for p in e['loc'])}': {reason(e)}" for e in errors
        )
        raise WorkloadError(f"{path}: {detail or 'workload: a mapping'}") from None


@dataclass(frozen=True)
class Timeline:
    total_hours: float
    weeks: int  # to finish, at the capacity given
    remaining: list[tuple[int, int]]  # (week, cases still to do), at most 13 points
    cases: dict[str, int]  # outcome -> cases that need work (shown counts only)


def timeline(counts: dict[str, int | None], workload: Workload) -> Timeline:
    """The work in `counts` (disclosed: None is left out) at `workload`'s capacity; cases are
    done in order of the hours they take, shortest first."""
    cases = {
        outcome: n for outcome, n in counts.items() if n and workload.hours.get(outcome, 0.0) > 0
    }
    order = sorted(cases, key=lambda o: workload.hours[o])
    total = sum(cases[o] * workload.hours[o] for o in order)
    weeks = math.ceil(total / workload.weekly_hours) if total else 0
    remaining: list[tuple[int, int]] = []
    step = max(1, math.ceil(weeks / 12))
    for week in [*range(0, weeks, step), weeks]:
        budget = week * workload.weekly_hours
        left = 0
        for outcome in order:
            need = cases[outcome] * workload.hours[outcome]
            done = min(need, budget)
            budget -= done
            left += math.ceil((need - done) / workload.hours[outcome])
        remaining.append((week, left))
    return Timeline(total, weeks, remaining, cases)
