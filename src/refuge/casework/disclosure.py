"""Counts of applications by state, fit to publish: no count that could single out a person.

Counts of 1 to `THRESHOLD - 1` are suppressed (None), and when only one cell would be hidden the
next smallest is hidden too, so that no hidden count can be worked back from the others
(C-SDC-1, C-SDC-2). No total is published for the same reason.
"""

from __future__ import annotations

import uuid

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from refuge.casework.lifecycle import APPLICATION_STATES
from refuge.casework.models import Application

THRESHOLD = 10


def disclose(counts: dict[str, int], threshold: int = THRESHOLD) -> dict[str, int | None]:
    """Each state's count, or None where it is suppressed."""
    hidden = {s for s, n in counts.items() if 0 < n < threshold}
    if len(hidden) == 1:
        rest = sorted((n, s) for s, n in counts.items() if n > 0 and s not in hidden)
        if rest:
            hidden.add(rest[0][1])
    return {s: None if s in hidden else n for s, n in counts.items()}


def counts_by_state(session: Session, team_id: uuid.UUID | None) -> dict[str, int | None]:
    """Applications per state (paused ones as `paused`), of one team or of all, disclosed."""
    query = select(Application.status, Application.paused, func.count()).group_by(
        Application.status, Application.paused
    )
    if team_id is not None:
        query = query.where(Application.team_id == team_id)
    counts = dict.fromkeys(APPLICATION_STATES, 0)
    for status, paused, n in session.execute(query):
        key = "paused" if paused else status
        counts[key] = counts.get(key, 0) + n
    return disclose(counts)
