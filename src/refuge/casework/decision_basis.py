"""Which assessment a decision is compared with (issue 7: four eyes bypassed by backdating).

A decision taken on a day is compared with the recommendation under the policy in force on that
day, and nothing else. An assessment run on its own `as_of` day is a `decision_basis`; one run
for another day, before it (backdated) or after it (the future), is `analysis`: it is stored and
shown like any other, but it is never the basis of a decision. Deciding, and a supervisor's
approval of a decision departing from the recommendation, both use `decision_basis` below; with
no assessment of the decision date they are refused (409) and the caseworker assesses first —
the service does not run the engine behind the caseworker's back, so that every decision is
compared with a recommendation and cited steps that a person has seen."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from refuge.casework.errors import CaseworkError, NoAssessment
from refuge.casework.models import Assessment
from refuge.casework.models.decisions import ANALYSIS, DECISION_BASIS, AssessmentPurpose


def purpose_of(as_of: date, today: date) -> AssessmentPurpose:
    """An assessment run on `today` for `as_of`: a decision basis only for today itself."""
    return DECISION_BASIS if as_of == today else ANALYSIS


class AssessmentNotOnDecisionDate(CaseworkError):
    """No assessment was run on the decision date for that date: the newest one is backdated,
    in the future, or of another day, so it cannot be the basis of a decision."""

    code = "assessment-not-on-decision-date"
    status = 409

    def __init__(self, today: date, newest: Assessment) -> None:
        kind = "analysis" if newest.purpose == ANALYSIS else "of an earlier day"
        super().__init__(
            f"a decision on {today.isoformat()} is compared with the recommendation under the "
            f"policy in force that day, but the newest assessment is for "
            f"{newest.as_of.isoformat()} ({kind}, never the basis of a decision); run the "
            f"assessment for {today.isoformat()} (POST .../assessments without as_of), read its "
            "recommendation, then decide"
        )
        self.extra = {"decision_date": today.isoformat(), "newest_as_of": newest.as_of.isoformat()}


def newest_assessment(session: Session, application_id: uuid.UUID) -> Assessment | None:
    return session.scalar(
        select(Assessment)
        .where(Assessment.application_id == application_id)
        .order_by(Assessment.created_at.desc(), Assessment.id)
        .limit(1)
    )


def decision_basis(session: Session, application_id: uuid.UUID, today: date) -> Assessment:
    """The newest assessment run on `today` for `today`: what a decision taking effect today is
    compared with. A newer backdated or future one is analysis and does not displace it."""
    basis = session.scalar(
        select(Assessment)
        .where(
            Assessment.application_id == application_id,
            Assessment.as_of == today,
            Assessment.purpose == DECISION_BASIS,
        )
        .order_by(Assessment.created_at.desc(), Assessment.id)
        .limit(1)
    )
    if basis is not None:
        return basis
    newest = newest_assessment(session, application_id)
    if newest is None:
        raise NoAssessment()
    raise AssessmentNotOnDecisionDate(today, newest)
