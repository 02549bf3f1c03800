"""The steps of an application that record something: hearings, findings, individual report
requests, the assessment, the intended decision, the written view, the decision and a
supervisor's approval or rejection of a decision departing from the recommendation. Each is a
create (201) that moves the application where the law says; 409 names what is allowed."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, status
from pydantic import BaseModel, ConfigDict, Field

from refuge.api.auth import ActorDep
from refuge.api.deps import NowDep, SessionDep
from refuge.casework import service
from refuge.casework.schemas import (
    ApprovalIn,
    AssessmentOut,
    CoiRequestIn,
    CoiRequestOut,
    DecisionIn,
    DecisionOut,
    FindingIn,
    FindingOut,
    HearingIn,
    HearingOut,
    IntendedDecisionIn,
    IntendedDecisionOut,
    RejectionIn,
    WrittenViewIn,
    WrittenViewOut,
)
from refuge.strict import Day

router = APIRouter(prefix="/applications/{application_id}", tags=["applications"])
CREATED = status.HTTP_201_CREATED


class AssessmentIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    as_of: Day | None = Field(
        default=None,
        description="the policy date; default: today. Any other day (backdated or in the "
        "future) makes the assessment `analysis`, never the basis of a decision",
    )


@router.post("/hearings", status_code=CREATED, response_model=HearingOut)
def record_hearing(
    application_id: uuid.UUID, body: HearingIn, db: SessionDep, actor: ActorDep, now: NowDep
) -> HearingOut:
    """A hearing held (first or detailed); moves the application to that stage."""
    out = service.record_hearing(db, actor, application_id, body, now.date())
    db.commit()
    return out


@router.post("/findings", status_code=CREATED, response_model=FindingOut)
def record_finding(
    application_id: uuid.UUID, body: FindingIn, db: SessionDep, actor: ActorDep
) -> FindingOut:
    """A credibility finding on one claimed element."""
    out = service.record_finding(db, actor, application_id, body)
    db.commit()
    return out


@router.post("/coi-requests", status_code=CREATED, response_model=CoiRequestOut)
def request_coi_report(
    application_id: uuid.UUID, body: CoiRequestIn, db: SessionDep, actor: ActorDep, now: NowDep
) -> CoiRequestOut:
    """Request an individual country report; the application is paused until it comes."""
    out = service.request_coi_report(db, actor, application_id, body, now.date())
    db.commit()
    return out


@router.post("/coi-reports", status_code=CREATED, response_model=CoiRequestOut)
def receive_coi_report(
    application_id: uuid.UUID, db: SessionDep, actor: ActorDep, now: NowDep
) -> CoiRequestOut:
    """The requested report has come in; the application resumes where it was paused."""
    out = service.receive_coi_report(db, actor, application_id, now.date())
    db.commit()
    return out


@router.post("/assessments", status_code=CREATED, response_model=AssessmentOut)
def run_assessment(
    application_id: uuid.UUID,
    body: AssessmentIn,
    db: SessionDep,
    actor: ActorDep,
    now: NowDep,
) -> AssessmentOut:
    """Assess the stored facts under the policy in force; stores an Assessment (a
    recommendation with cited steps), never a decision. Run for today it is the basis of
    today's decision (`purpose: decision_basis`); for another day it is `analysis`."""
    today = now.date()
    out = service.run_assessment(db, actor, application_id, body.as_of or today, today)
    db.commit()
    return out


@router.post("/intended-decisions", status_code=CREATED, response_model=IntendedDecisionOut)
def issue_intended_decision(
    application_id: uuid.UUID,
    body: IntendedDecisionIn,
    db: SessionDep,
    actor: ActorDep,
    now: NowDep,
) -> IntendedDecisionOut:
    """Notify the intended decision (art. 39 Vw); the applicant may answer until respond_by."""
    out = service.issue_intended_decision(db, actor, application_id, body, now.date())
    db.commit()
    return out


@router.post("/written-views", status_code=CREATED, response_model=WrittenViewOut)
def record_written_view(
    application_id: uuid.UUID, body: WrittenViewIn, db: SessionDep, actor: ActorDep, now: NowDep
) -> WrittenViewOut:
    """The applicant's written view on the intended decision."""
    out = service.record_written_view(db, actor, application_id, body, now.date())
    db.commit()
    return out


@router.post("/decisions", status_code=CREATED, response_model=DecisionOut)
def record_decision(
    application_id: uuid.UUID, body: DecisionIn, db: SessionDep, actor: ActorDep, now: NowDep
) -> DecisionOut:
    """The decision, by you (the signed-in user), compared with the recommendation of an
    assessment run today for today (a backdated or future one is analysis: 409
    `assessment-not-on-decision-date`, assess first). An outcome other than that recommendation
    needs reasons and is marked as departing from it; a caseworker's such decision is
    `awaiting_approval` until a supervisor of the team approves it."""
    out = service.record_decision(db, actor, application_id, body, now.date())
    db.commit()
    return out


@router.post("/decision-approvals", status_code=CREATED, response_model=DecisionOut)
def approve_deviation(
    application_id: uuid.UUID, body: ApprovalIn, db: SessionDep, actor: ActorDep, now: NowDep
) -> DecisionOut:
    """Approve the decision awaiting approval (supervisors of the team; not your own): it
    takes effect and the application is decided. Like a decision, it is compared with the
    recommendation of an assessment run today for today (none: 409, assess first)."""
    out = service.approve_deviation(db, actor, application_id, now.date(), body.note)
    db.commit()
    return out


@router.post("/decision-rejections", status_code=CREATED, response_model=DecisionOut)
def reject_deviation(
    application_id: uuid.UUID, body: RejectionIn, db: SessionDep, actor: ActorDep
) -> DecisionOut:
    """Do not approve the decision awaiting approval, with a note saying why (supervisors of
    the team): it stays as `not_approved` and the application may be decided anew."""
    out = service.reject_deviation(db, actor, application_id, body.note)
    db.commit()
    return out
