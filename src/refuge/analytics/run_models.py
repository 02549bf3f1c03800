"""Storage of a scenario run started from the web app: its owner, how far it is, and when done
its result, already through disclosure control.

A run lives in the database, not in a server process's memory: with several workers the page
that shows its progress may be served by another process than the one doing the work. Only
disclosed counts are stored (`result`), never a member's facts; `error` is a code, never a
message that could quote a case.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from refuge.store.base import Base, utcnow

# the stages of a run, in order; `failed` may follow any of the first four
QUEUED = "queued"  # waits for a free slot of the process that accepted it
READING = "reading"  # reads the cohort's facts from the store (an audited read)
EVALUATING = "evaluating"  # the bulk evaluator, under the pack and under the scenario
DISCLOSING = "disclosing"  # disclosure control of every table
DONE = "done"
FAILED = "failed"
IN_FLIGHT = (QUEUED, READING, EVALUATING, DISCLOSING)


class ScenarioRun(Base):
    __tablename__ = "scenario_runs"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    owner_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"), index=True)
    status: Mapped[str] = mapped_column(String(12), default=QUEUED)
    progress: Mapped[int] = mapped_column(Integer, default=0)  # percent
    scenario_name: Mapped[str] = mapped_column(String(200))
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(nullable=True)
    result: Mapped[Any] = mapped_column(JSON, nullable=True)  # disclosed counts only
    error: Mapped[str | None] = mapped_column(String(40), nullable=True)  # a code
