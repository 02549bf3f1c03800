"""Aggregates without personal data: counts of applications by state.

Counts of 1 to `THRESHOLD - 1` are suppressed (shown as null), and when only one cell would be
hidden the next smallest is hidden too, so that no hidden count can be worked back from the
others (C-SDC-1, C-SDC-2). No total is published for the same reason.
"""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel
from sqlalchemy import func, select

from refuge.api.auth import PrincipalDep
from refuge.api.deps import SessionDep
from refuge.casework.lifecycle import APPLICATION_STATES
from refuge.casework.models import Application

THRESHOLD = 10

router = APIRouter(prefix="/statistics", tags=["statistics"])


class StatusCount(BaseModel):
    state: str
    count: int | None  # None: suppressed
    suppressed: bool


class StatusCounts(BaseModel):
    threshold: int
    scope: str  # "all" (analysts) or "team" (supervisors)
    counts: list[StatusCount]


def disclose(counts: dict[str, int], threshold: int = THRESHOLD) -> list[StatusCount]:
    hidden = {s for s, n in counts.items() if 0 < n < threshold}
    if len(hidden) == 1:
        rest = sorted((n, s) for s, n in counts.items() if n > 0 and s not in hidden)
        if rest:
            hidden.add(rest[0][1])
    return [
        StatusCount(state=s, count=None if s in hidden else n, suppressed=s in hidden)
        for s, n in counts.items()
    ]


@router.get("/applications-by-status", response_model=StatusCounts)
def applications_by_status(principal: PrincipalDep, db: SessionDep) -> StatusCounts:
    query = select(Application.status, Application.paused, func.count()).group_by(
        Application.status, Application.paused
    )
    scope = "all"
    if principal.role == "supervisor":
        query = query.where(Application.team_id == principal.team_id)
        scope = "team"
    counts = dict.fromkeys(APPLICATION_STATES, 0)
    for status, paused, n in db.execute(query):
        key = "paused" if paused else status
        counts[key] = counts.get(key, 0) + n
    return StatusCounts(threshold=THRESHOLD, scope=scope, counts=disclose(counts))
