"""SYNTHETIC return cases for the demo team, so that the return board and charter planning have
something to show after `refuge demo`: a few people whose asylum application the demo caseworker
rejected (through the casework service, every step on its own day: hearings, the assessment of
that day, the intended decision, its written-view period, the decision), each with a return case
in another state of the return lifecycle.

Nothing is written to the store directly: every rule of the service holds and every step is in
the audit trail. The V-numbers are synthetic (from 8000000101) and apart from the example cases'
(8000000001+) and the caseload's (9000000000+)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from refuge.accounts.models import User
from refuge.casework import service
from refuge.casework.actor import Actor
from refuge.casework.models import Person
from refuge.casework.schemas import (
    ApplicationCreate,
    DecisionIn,
    HearingIn,
    IntendedDecisionIn,
)

V_NUMBERS_FROM = 8_000_000_101
# rejected on its facts: an economic motive, an account found not credible; no risk on return
NO_RISK: dict[str, Any] = {
    "grounds": ["economic"],
    "risk_profiles": [],
    "credibility": "not_credible",
}
# excluded (Article 1F) with a credible fear and individual risk: a real risk on return, so
# forced return is barred (Article 3 ECHR) whatever else changes
REAL_RISK: dict[str, Any] = {
    "grounds": ["fear_non_state_actor"],
    "risk_profiles": [],
    "credibility": "credible",
    "individual_risk_indicators": 3,
    "exclusion_grounds": ["article_1F"],
}


@dataclass(frozen=True)
class DemoReturn:
    """A person's return case: opened `opened_days_ago`, then moved through `moves`, each a
    (state, days ago) pair; `charter`: the departure was on a charter flight."""

    region: str
    opened_days_ago: int
    moves: tuple[tuple[str, int], ...] = ()
    facts: dict[str, Any] = field(default_factory=lambda: NO_RISK)
    charter: bool = False
    subsequent_days_ago: int | None = None  # a subsequent application lodged, still open


DEMO_RETURNS = (
    DemoReturn("SY-DI", 120, (("voluntary_departure", 100),)),
    DemoReturn("SY-DI", 90, (("facilitated_departure", 80),)),
    DemoReturn("SY-HL", 30, (("voluntary_departure", 20),), subsequent_days_ago=3),
    DemoReturn("SY-HM", 60, facts=REAL_RISK),
    DemoReturn("SY-DI", 10),
    DemoReturn("SY-RD", 70, (("voluntary_departure", 60), ("departed", 14))),
    DemoReturn("SY-DI", 75, (("facilitated_departure", 65), ("departed", 40)), charter=True),
    DemoReturn("SY-HI", 50, (("closed", 5),)),
)
# from lodging: the hearings, the intended decision (and its period), the decision
FIRST_HEARING, DETAILED_HEARING, INTENDED, RESPOND_WITHIN, DECIDED = 5, 20, 35, 14, 60
OPENED_AFTER_DECISION = 10


def _actor(session: Session, username: str) -> Actor:
    user = session.scalars(select(User).where(User.username == username)).one()
    return Actor(user.id, user.username, user.role, user.team_id)


def _reject(
    session: Session, actor: Actor, v_number: str, plan: DemoReturn, lodged: date
) -> uuid.UUID:
    """A rejected application, every step through the service on its own day."""
    data = ApplicationCreate.model_validate(
        {
            "v_number": v_number,
            "nationality": "SY",
            "region_of_origin": plan.region,
            "application_date": lodged,
            "import_key": f"synthetic:demo-return:{v_number}",
            **plan.facts,
        }
    )
    app = service.register_application(session, actor, data, lodged)
    for kind, after in (("first", FIRST_HEARING), ("detailed", DETAILED_HEARING)):
        day = lodged + timedelta(days=after)
        summary = f"{kind} hearing held (synthetic)"
        hearing = HearingIn.model_validate({"kind": kind, "held_on": day, "summary": summary})
        service.record_hearing(session, actor, app.id, hearing, day)
    intended_on = lodged + timedelta(days=INTENDED)
    assessed = service.run_assessment(session, actor, app.id, intended_on, intended_on)
    outcome = assessed.recommendation
    assert outcome in ("reject", "reject_excluded"), (v_number, outcome)
    intended = IntendedDecisionIn.model_validate(
        {
            "outcome": outcome,
            "reasons": "The claim does not meet the criteria (synthetic demo reasons).",
            "respond_by": intended_on + timedelta(days=RESPOND_WITHIN),
        }
    )
    service.issue_intended_decision(session, actor, app.id, intended, intended_on)
    decided_on = lodged + timedelta(days=DECIDED)
    service.run_assessment(session, actor, app.id, decided_on, decided_on)
    service.record_decision(
        session, actor, app.id, DecisionIn.model_validate({"outcome": outcome}), decided_on
    )
    return app.id


def add_demo_return_cases(session: Session, caseworker: str, today: date) -> int:
    """The demo return cases, held by the demo team's `caseworker` (a username); none when
    they are there already. Returns how many were made; the caller commits."""
    first = str(V_NUMBERS_FROM)
    if session.scalar(select(Person.id).where(Person.v_number == first)) is not None:
        return 0
    actor = _actor(session, caseworker)
    for n, plan in enumerate(DEMO_RETURNS):
        v_number = str(V_NUMBERS_FROM + n)
        opened_on = today - timedelta(days=plan.opened_days_ago)
        lodged = opened_on - timedelta(days=DECIDED + OPENED_AFTER_DECISION)
        application_id = _reject(session, actor, v_number, plan, lodged)
        case = service.open_return_case(session, actor, application_id, opened_on)
        for state, days_ago in plan.moves:
            charter = plan.charter and state == "departed"
            day = today - timedelta(days=days_ago)
            service.transition_return_case(session, actor, case.id, state, day, charter=charter)
        if plan.subsequent_days_ago is not None:
            lodged_again = today - timedelta(days=plan.subsequent_days_ago)
            again = ApplicationCreate.model_validate(
                {
                    "v_number": v_number,
                    "nationality": "SY",
                    "region_of_origin": plan.region,
                    "application_date": lodged_again,
                    "kind": "subsequent",
                    "import_key": f"synthetic:demo-return:{v_number}:subsequent",
                    **plan.facts,
                }
            )
            service.register_application(session, actor, again, lodged_again)
    return len(DEMO_RETURNS)
