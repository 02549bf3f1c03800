"""An application from registration to decision: hearings, a report request that pauses it,
the assessment (stored, immutable, never a decision), the intended decision and the written
view, and the decision a named person takes — with one audit event per write and per read."""

from __future__ import annotations

from datetime import date

import pytest
from casework_helpers import People, new_application
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from refuge.audit.models import AuditEvent
from refuge.audit.trail import verify
from refuge.casework import service
from refuge.casework.decision_basis import AssessmentNotOnDecisionDate
from refuge.casework.errors import (
    DecisionMoratoriumInForce,
    DeviationNeedsReasons,
    ImmutableRecord,
    InvalidTransition,
    NoAssessment,
    NoCoiRequestOutstanding,
    RejectionNeedsIntendedDecision,
    TransitionNeedsAction,
    WrittenViewPeriodRunning,
)
from refuge.casework.models import Assessment, Decision
from refuge.casework.schemas import (
    ApplicationOut,
    CoiRequestIn,
    DecisionIn,
    ExtensionIn,
    FindingIn,
    HearingIn,
    IntendedDecisionIn,
    WrittenViewIn,
)

DAY = date(2025, 9, 1)


def count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(AuditEvent)) or 0


def last(session: Session, n: int) -> list[tuple[str, str]]:
    rows = session.scalars(select(AuditEvent).order_by(AuditEvent.seq.desc()).limit(n))
    return [(e.action, e.entity) for e in reversed(list(rows))]


# an account found not credible, with nothing recorded against that finding (an established
# risk-profile membership or credible indicators would contradict it: further investigation)
NOT_CREDIBLE: dict[str, object] = {
    "credibility": "not_credible",
    "risk_profiles": [],
    "individual_risk_indicators": 0,
}


def heard(session: Session, people: People, **facts: object) -> ApplicationOut:
    app = service.register_application(session, people.alice, new_application(**facts), DAY)
    for kind in ("first", "detailed"):
        service.record_hearing(
            session, people.alice, app.id, HearingIn(kind=kind, held_on=DAY, summary="s"), DAY
        )
    return app


def test_a_full_workflow_is_audited_and_the_trail_verifies(
    session: Session, people: People
) -> None:
    a = people.alice
    app = service.register_application(session, a, new_application(), DAY)
    assert count(session) == 3  # person, application, base period

    hearing = HearingIn(kind="first", held_on=DAY, interpreter_language="ar", summary="secret")
    service.record_hearing(session, a, app.id, hearing, DAY)
    assert last(session, 2) == [("create", "hearing"), ("transition", "application")]
    service.record_hearing(session, a, app.id, hearing, DAY)  # a further first hearing
    assert last(session, 1) == [("create", "hearing")]

    service.request_coi_report(session, a, app.id, CoiRequestIn(question="q"), DAY)
    assert last(session, 2) == [("create", "coi_request"), ("transition", "application")]
    paused = service.get_application(session, a, app.id, "check the pause")
    assert (paused.state, paused.status, paused.allowed_next) == (
        "paused",
        "first_hearing",
        ["first_hearing", "withdrawn"],
    )
    with pytest.raises(InvalidTransition):
        service.record_hearing(
            session, a, app.id, HearingIn(kind="detailed", held_on=DAY, summary="s"), DAY
        )
    with pytest.raises(TransitionNeedsAction):
        service.transition(session, a, app.id, "first_hearing", DAY)
    service.receive_coi_report(session, a, app.id, DAY)
    assert last(session, 2) == [("update", "coi_request"), ("transition", "application")]
    with pytest.raises(NoCoiRequestOutstanding):
        service.receive_coi_report(session, a, app.id, DAY)

    service.record_hearing(
        session, a, app.id, HearingIn(kind="detailed", held_on=DAY, summary="s"), DAY
    )
    service.record_finding(
        session, a, app.id, FindingIn(element="sexual orientation", credible="credible")
    )
    service.extend_decision_period(
        session, a, app.id, ExtensionIn(months=3, reason="complex facts"), DAY
    )
    assert last(session, 1) == [("create", "deadline")]

    before = count(session)
    assessment = service.run_assessment(session, a, app.id, DAY)
    assert last(session, 2) == [("read", "application"), ("create", "assessment")]
    assert count(session) == before + 2
    assert assessment.recommendation == "grant_refugee"
    assert assessment.output is not None and assessment.output["recommendation"] == "grant_refugee"
    assert session.scalar(select(func.count()).select_from(Decision)) == 0  # it never decides

    decision = service.record_decision(session, a, app.id, DecisionIn(outcome="grant_refugee"), DAY)
    assert last(session, 2) == [("create", "decision"), ("transition", "application")]
    assert decision.decided_by == a.user_id and not decision.deviates_from_recommendation
    assert decision.assessment_id == assessment.id
    session.commit()
    assert verify(session) is None
    final = service.get_application(session, people.sam, app.id, "supervise")
    assert final.state == "decided" and final.allowed_next == []
    hearing_event = session.scalars(
        select(AuditEvent).where(AuditEvent.entity == "hearing")
    ).first()
    assert hearing_event is not None and "summary" in hearing_event.fields
    everything = repr([(e.fields, e.purpose) for e in session.scalars(select(AuditEvent))])
    assert "secret" not in everything and "lgbtiq" not in everything


def test_a_stored_assessment_cannot_be_changed_or_deleted(session: Session, people: People) -> None:
    app = heard(session, people)
    out = service.run_assessment(session, people.alice, app.id, DAY)
    session.commit()
    stored = session.get_one(Assessment, out.id)
    stored.recommendation = "reject"
    with pytest.raises(ImmutableRecord) as err:
        session.flush()
    assert err.value.code == "immutable-record"
    session.rollback()
    session.delete(session.get_one(Assessment, out.id))
    with pytest.raises(ImmutableRecord):
        session.flush()
    session.rollback()
    assert session.get_one(Assessment, out.id).recommendation == "grant_refugee"


def test_the_decision_needs_an_assessment_and_reasons_when_it_departs(
    session: Session, people: People
) -> None:
    app = heard(session, people, **NOT_CREDIBLE)
    with pytest.raises(NoAssessment) as no:
        service.record_decision(
            session, people.alice, app.id, DecisionIn(outcome="grant_refugee", reasons="r"), DAY
        )
    assert no.value.code == "assessment-required"
    assessment = service.run_assessment(session, people.alice, app.id, DAY)
    assert assessment.recommendation == "reject"
    with pytest.raises(DeviationNeedsReasons) as dev:
        service.record_decision(
            session, people.alice, app.id, DecisionIn(outcome="grant_refugee"), DAY
        )
    assert dev.value.code == "deviation-needs-reasons" and "'reject'" in dev.value.message
    decision = service.record_decision(
        session,
        people.sam,
        app.id,
        DecisionIn(outcome="grant_refugee", reasons="documents found after the assessment"),
        DAY,
    )
    assert decision.deviates_from_recommendation and decision.recommendation == "reject"
    assert decision.decided_by == people.sam.user_id
    stored = session.get_one(Decision, decision.id)
    assert stored.deviates_from_recommendation and stored.reasons.startswith("documents")


def test_a_rejection_goes_through_the_intended_decision_and_the_written_view_period(
    session: Session, people: People
) -> None:
    a = people.alice
    app = heard(session, people, **NOT_CREDIBLE)
    service.run_assessment(session, a, app.id, DAY)
    with pytest.raises(RejectionNeedsIntendedDecision):
        service.record_decision(session, a, app.id, DecisionIn(outcome="reject"), DAY)
    respond_by = date(2025, 9, 29)
    intended = IntendedDecisionIn(outcome="reject", reasons="not credible", respond_by=respond_by)
    service.issue_intended_decision(session, a, app.id, intended, DAY)
    with pytest.raises(WrittenViewPeriodRunning):
        service.record_decision(session, a, app.id, DecisionIn(outcome="reject"), respond_by)
    later = date(2025, 9, 30)
    with pytest.raises(AssessmentNotOnDecisionDate):  # DAY's assessment is no basis on `later`
        service.record_decision(session, a, app.id, DecisionIn(outcome="reject"), later)
    service.run_assessment(session, a, app.id, later, later)
    out = service.record_decision(session, a, app.id, DecisionIn(outcome="reject"), later)
    assert out.outcome == "reject" and not out.deviates_from_recommendation


def test_a_written_view_lets_the_decision_follow_at_once(session: Session, people: People) -> None:
    a = people.alice
    app = heard(session, people, **NOT_CREDIBLE)
    service.run_assessment(session, a, app.id, DAY)
    intended = IntendedDecisionIn(outcome="reject", reasons="r", respond_by=date(2025, 9, 29))
    service.issue_intended_decision(session, a, app.id, intended, DAY)
    service.record_written_view(
        session, a, app.id, WrittenViewIn(received_on=DAY, summary="view"), DAY
    )
    assert last(session, 2) == [("create", "written_view"), ("transition", "application")]
    out = service.record_decision(session, a, app.id, DecisionIn(outcome="reject"), DAY)
    assert out.outcome == "reject"
    with pytest.raises(InvalidTransition) as err:
        service.transition(session, a, app.id, "withdrawn", DAY)
    assert err.value.allowed == []


def test_no_decision_while_a_decision_moratorium_is_in_force(
    session: Session, people: People
) -> None:
    app = service.register_application(
        session, people.alice, new_application(application_date=date(2024, 11, 1)), DAY
    )
    for kind in ("first", "detailed"):
        hearing = HearingIn(kind=kind, held_on=date(2024, 11, 20), summary="s")
        service.record_hearing(session, people.alice, app.id, hearing, date(2024, 11, 20))
    on = date(2025, 3, 1)
    assessment = service.run_assessment(session, people.alice, app.id, on)
    assert assessment.recommendation == "no_decision_moratorium"
    with pytest.raises(DecisionMoratoriumInForce) as err:
        service.record_decision(
            session, people.alice, app.id, DecisionIn(outcome="grant_refugee", reasons="r"), on
        )
    assert err.value.code == "decision-moratorium-in-force"
    status = service.deadline_status(session, people.alice, app.id, on)
    assert status.clock_stopped and status.days_paused == 183
    assert status.due_on == date(2025, 10, 31) and status.unpaused_due_on == date(2025, 5, 1)


def test_plain_moves_and_those_that_need_an_action(session: Session, people: People) -> None:
    app = service.register_application(session, people.alice, new_application(), DAY)
    with pytest.raises(InvalidTransition) as err:
        service.transition(session, people.alice, app.id, "decided", DAY)
    assert err.value.allowed == ["first_hearing", "paused", "withdrawn"]
    with pytest.raises(TransitionNeedsAction) as needs:
        service.transition(session, people.alice, app.id, "paused", DAY)
    assert needs.value.code == "transition-needs-action"
    moved = service.transition(session, people.alice, app.id, "first_hearing", DAY)
    assert moved.state == "first_hearing" and moved.version == app.version + 1
    assert last(session, 1) == [("transition", "application")]
