"""A caseworker's decision that departs from the recommendation takes effect only once a
supervisor of the team approves it; a supervisor who does not approve it says why, and the
application is decided anew. Every step is audited and the trail verifies."""

from __future__ import annotations

from datetime import date

import pytest
from casework_helpers import People, make_user, new_application
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from refuge.accounts.models import Team
from refuge.audit.models import AuditEvent
from refuge.audit.trail import verify
from refuge.casework import service
from refuge.casework.actor import Actor
from refuge.casework.errors import (
    ApprovalNeeded,
    ApproverIsDecider,
    ApproverNotSupervisor,
    InvalidTransition,
    NotAwaitingApproval,
    NotFound,
    ReasonsRequired,
)
from refuge.casework.models import Decision
from refuge.casework.schemas import ApplicationOut, CoiRequestIn, DecisionIn, HearingIn

DAY = date(2025, 9, 1)
DEPARTING = DecisionIn(outcome="grant_refugee", reasons="documents found after the assessment")


def assessed(session: Session, people: People, credibility: str = "not_credible") -> ApplicationOut:
    """Heard in detail and assessed: not credible (with no finding that contradicts it), so
    the recommendation is `reject`; credible, `grant_refugee`."""
    a = people.alice
    facts: dict[str, object] = {"credibility": credibility}
    if credibility == "not_credible":  # a membership or indicators would contradict the finding
        facts |= {"risk_profiles": [], "individual_risk_indicators": 0}
    app = service.register_application(session, a, new_application(**facts), DAY)
    for kind in ("first", "detailed"):
        hearing = HearingIn(kind=kind, held_on=DAY, summary="s")
        service.record_hearing(session, a, app.id, hearing, DAY)
    expected = "reject" if credibility == "not_credible" else "grant_refugee"
    assert service.run_assessment(session, a, app.id, DAY).recommendation == expected
    return app


def last(session: Session, n: int) -> list[tuple[str, str, str]]:
    rows = session.scalars(select(AuditEvent).order_by(AuditEvent.seq.desc()).limit(n))
    return [(e.actor, e.action, e.entity) for e in reversed(list(rows))]


def state(session: Session, actor: Actor, app: ApplicationOut) -> str:
    return service.get_application(session, actor, app.id, "check the decision").state


def test_a_caseworkers_departure_from_the_recommendation_awaits_a_supervisor(
    session: Session, people: People
) -> None:
    app = assessed(session, people)
    out = service.record_decision(session, people.alice, app.id, DEPARTING, DAY)
    assert out.status == "awaiting_approval" and out.deviates_from_recommendation
    assert out.reviewed_by is None and out.recommendation == "reject"
    assert last(session, 1) == [("alice", "create", "decision")]  # no move to decided
    detail = service.get_application(session, people.bob, app.id, "what is pending")
    assert detail.state == "detailed_hearing" and "decided" in detail.allowed_next
    assert detail.decision is not None and detail.decision.status == "awaiting_approval"
    waiting, total = service.list_applications(session, people.sam, awaiting_approval=True)
    assert [w.id for w in waiting] == [app.id] and total == 1
    _, none_other = service.list_applications(session, people.sam, awaiting_approval=False)
    assert none_other == 0

    with pytest.raises(ApprovalNeeded) as again:
        service.record_decision(session, people.bob, app.id, DEPARTING, DAY)
    assert again.value.code == "approval-needed" and str(out.id) in again.value.message


def test_a_supervisor_of_another_team_does_not_find_it(session: Session, people: People) -> None:
    app = assessed(session, people)
    service.record_decision(session, people.alice, app.id, DEPARTING, DAY)
    team_b = session.get_one(Team, people.carol.team_id)
    other = make_user(session, "sue", "supervisor", team_b)
    with pytest.raises(NotFound):
        service.approve_deviation(session, other, app.id, DAY)
    with pytest.raises(NotFound):
        service.reject_deviation(session, other, app.id, "no")


def test_a_caseworker_may_not_approve_or_reject(session: Session, people: People) -> None:
    app = assessed(session, people)
    service.record_decision(session, people.alice, app.id, DEPARTING, DAY)
    with pytest.raises(ApproverNotSupervisor) as err:
        service.approve_deviation(session, people.bob, app.id, DAY)
    assert err.value.code == "approver-not-supervisor" and err.value.status == 403
    with pytest.raises(ApproverNotSupervisor):
        service.reject_deviation(session, people.bob, app.id, "no")


def test_approval_decides_the_application_and_is_audited(session: Session, people: People) -> None:
    app = assessed(session, people)
    pending = service.record_decision(session, people.alice, app.id, DEPARTING, DAY)
    out = service.approve_deviation(session, people.sam, app.id, DAY, "the documents convince")
    assert out.id == pending.id and out.status == "in_effect"
    assert out.reviewed_by == people.sam.user_id and out.reviewed_at is not None
    assert out.decided_by == people.alice.user_id
    assert last(session, 2) == [
        ("sam", "update", "decision"),
        ("sam", "transition", "application"),
    ]
    event = session.scalars(select(AuditEvent).order_by(AuditEvent.seq.desc()).offset(1)).first()
    assert event is not None and event.purpose == "approve deviation"
    assert set(event.fields) == {"status", "reviewed_by", "reviewed_at", "review_note"}
    session.commit()
    assert state(session, people.alice, app) == "decided"
    stored = session.get_one(Decision, out.id)
    assert stored.review_note == "the documents convince"
    raw = session.execute(text("SELECT review_note FROM decisions")).scalar_one()
    assert b"convince" not in bytes(raw)  # encrypted at rest
    everything = repr([(e.fields, e.purpose) for e in session.scalars(select(AuditEvent))])
    assert "convince" not in everything and "documents" not in everything
    assert verify(session) is None

    with pytest.raises(NotAwaitingApproval) as err:
        service.approve_deviation(session, people.sam, app.id, DAY)
    assert err.value.code == "not-awaiting-approval"


def test_a_rejection_lets_the_caseworker_decide_again(session: Session, people: People) -> None:
    app = assessed(session, people)
    first = service.record_decision(session, people.alice, app.id, DEPARTING, DAY)
    with pytest.raises(ReasonsRequired):
        service.reject_deviation(session, people.sam, app.id, "  ")
    out = service.reject_deviation(session, people.sam, app.id, "the documents are copies")
    assert out.status == "not_approved" and out.reviewed_by == people.sam.user_id
    assert last(session, 1) == [("sam", "update", "decision")]
    detail = service.get_application(session, people.alice, app.id, "decide anew")
    assert detail.state == "detailed_hearing" and detail.decision is None
    with pytest.raises(NotAwaitingApproval):
        service.approve_deviation(session, people.sam, app.id, DAY)

    second = service.record_decision(session, people.alice, app.id, DEPARTING, DAY)
    assert second.id != first.id and second.status == "awaiting_approval"
    service.approve_deviation(session, people.sam, app.id, DAY)
    session.commit()
    statuses = session.scalars(select(Decision.status).order_by(Decision.decided_at)).all()
    assert sorted(statuses) == ["in_effect", "not_approved"]
    assert state(session, people.alice, app) == "decided"
    assert verify(session) is None


def test_a_decision_that_follows_the_recommendation_needs_no_approval(
    session: Session, people: People
) -> None:
    app = assessed(session, people, credibility="credible")
    out = service.record_decision(
        session, people.alice, app.id, DecisionIn(outcome="grant_refugee"), DAY
    )
    assert out.status == "in_effect" and not out.deviates_from_recommendation
    assert last(session, 2) == [
        ("alice", "create", "decision"),
        ("alice", "transition", "application"),
    ]
    with pytest.raises(NotAwaitingApproval):
        service.approve_deviation(session, people.sam, app.id, DAY)
    session.commit()
    assert verify(session) is None


def test_a_supervisors_own_departure_takes_effect_at_once(session: Session, people: People) -> None:
    app = assessed(session, people)
    out = service.record_decision(session, people.sam, app.id, DEPARTING, DAY)
    assert out.status == "in_effect" and out.deviates_from_recommendation
    assert out.reviewed_by is None
    assert state(session, people.sam, app) == "decided"


def test_whoever_recorded_the_decision_does_not_approve_it(
    session: Session, people: People
) -> None:
    app = assessed(session, people)
    service.record_decision(session, people.alice, app.id, DEPARTING, DAY)
    promoted = Actor(people.alice.user_id, "alice", "supervisor", people.alice.team_id)
    with pytest.raises(ApproverIsDecider) as err:
        service.approve_deviation(session, promoted, app.id, DAY)
    assert err.value.code == "approver-is-decider"


def test_approval_checks_the_law_again_on_its_day(session: Session, people: People) -> None:
    app = assessed(session, people)
    service.record_decision(session, people.alice, app.id, DEPARTING, DAY)
    service.request_coi_report(session, people.alice, app.id, CoiRequestIn(question="q"), DAY)
    with pytest.raises(InvalidTransition) as err:
        service.approve_deviation(session, people.sam, app.id, DAY)
    assert err.value.current == "paused"
    service.reject_deviation(session, people.sam, app.id, "wait for the report")


def test_one_decision_per_application_stands_in_the_database(
    session: Session, people: People
) -> None:
    app = assessed(session, people)
    pending = service.record_decision(session, people.alice, app.id, DEPARTING, DAY)
    session.commit()
    stored = session.get_one(Decision, pending.id)
    session.add(
        Decision(
            application_id=app.id,
            outcome="reject",
            reasons="",
            assessment_id=stored.assessment_id,
            decided_by=people.sam.user_id,
        )
    )
    with pytest.raises(IntegrityError):
        session.flush()
    session.rollback()
