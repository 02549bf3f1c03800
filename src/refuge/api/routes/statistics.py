"""Aggregates without personal data: counts of applications by state, after disclosure control
(`refuge.casework.disclosure`)."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from refuge.api.auth import PrincipalDep
from refuge.api.deps import SessionDep
from refuge.casework.disclosure import THRESHOLD, counts_by_state

router = APIRouter(prefix="/statistics", tags=["statistics"])


class StatusCount(BaseModel):
    state: str
    count: int | None  # None: suppressed
    suppressed: bool


class StatusCounts(BaseModel):
    threshold: int
    scope: str  # "all" (analysts) or "team" (supervisors)
    counts: list[StatusCount]


@router.get("/applications-by-status", response_model=StatusCounts)
def applications_by_status(principal: PrincipalDep, db: SessionDep) -> StatusCounts:
    team = principal.team_id if principal.role == "supervisor" else None
    counts = counts_by_state(db, team)
    return StatusCounts(
        threshold=THRESHOLD,
        scope="team" if team is not None else "all",
        counts=[StatusCount(state=s, count=n, suppressed=n is None) for s, n in counts.items()],
    )
