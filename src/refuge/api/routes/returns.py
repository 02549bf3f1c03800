"""Return cases and permit re-assessments: open them, move them through their lifecycles."""

from __future__ import annotations

import uuid
from typing import Literal

from fastapi import APIRouter, status
from pydantic import BaseModel, ConfigDict, Field

from refuge.api.auth import ActorDep
from refuge.api.deps import NowDep, SessionDep
from refuge.casework import service
from refuge.casework.lifecycle import REASSESSMENT, RETURN
from refuge.casework.schemas import ReassessmentOut, ReturnCaseOut
from refuge.strict import Text

router = APIRouter(tags=["returns and re-assessments"])

ReturnState = Literal[tuple(RETURN.states)]  # type: ignore[valid-type]
ReassessmentState = Literal[tuple(REASSESSMENT.states)]  # type: ignore[valid-type]


class ReturnTransitionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    to_state: ReturnState  # type: ignore[valid-type]


class ReassessmentTransitionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    to_state: ReassessmentState  # type: ignore[valid-type]
    reasons: Text = Field(default="", max_length=100_000, description="needed for a decision")


@router.post(
    "/applications/{application_id}/return-cases",
    status_code=status.HTTP_201_CREATED,
    response_model=ReturnCaseOut,
)
def open_return_case(
    application_id: uuid.UUID, db: SessionDep, actor: ActorDep, now: NowDep
) -> ReturnCaseOut:
    out = service.open_return_case(db, actor, application_id, now.date())
    db.commit()
    return out


@router.post("/return-cases/{return_case_id}/transitions", response_model=ReturnCaseOut)
def move_return_case(
    return_case_id: uuid.UUID,
    body: ReturnTransitionIn,
    db: SessionDep,
    actor: ActorDep,
    now: NowDep,
) -> ReturnCaseOut:
    """Forced departure only where the policy in force allows it (409 otherwise)."""
    out = service.transition_return_case(db, actor, return_case_id, body.to_state, now.date())
    db.commit()
    return out


@router.post(
    "/permits/{permit_id}/reassessments",
    status_code=status.HTTP_201_CREATED,
    response_model=ReassessmentOut,
)
def open_reassessment(
    permit_id: uuid.UUID, db: SessionDep, actor: ActorDep, now: NowDep
) -> ReassessmentOut:
    out = service.open_reassessment(db, actor, permit_id, now.date())
    db.commit()
    return out


@router.post("/reassessments/{reassessment_id}/transitions", response_model=ReassessmentOut)
def move_reassessment(
    reassessment_id: uuid.UUID, body: ReassessmentTransitionIn, db: SessionDep, actor: ActorDep
) -> ReassessmentOut:
    out = service.transition_reassessment(db, actor, reassessment_id, body.to_state, body.reasons)
    db.commit()
    return out
