"""Permit re-assessment and return cases through the service: the tables, the reasons a
decision needs, forced departure refused where the policy does not allow it, and scope."""

from __future__ import annotations

from datetime import date

import pytest
from casework_helpers import People, new_application, reject_in_effect
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from refuge.casework import service
from refuge.casework.errors import (
    ForcedReturnNotPossible,
    InvalidTransition,
    NotFound,
    ReasonsRequired,
    ReturnCaseOpen,
    ReturnNotDue,
)
from refuge.casework.models import Permit, ReturnCase

DAY = date(2025, 10, 1)


def test_revoking_a_permit_needs_reasons_and_marks_it_revoked(
    session: Session, people: People
) -> None:
    app = service.register_application(session, people.alice, new_application(), DAY)
    permit = Permit(
        person_id=app.person_id,
        application_id=app.id,
        ground="subsidiary_general_risk",
        granted=date(2020, 1, 1),
        valid_until=date(2030, 1, 1),
    )
    session.add(permit)
    session.flush()
    item = service.open_reassessment(session, people.alice, permit.id, DAY)
    with pytest.raises(InvalidTransition) as err:
        service.transition_reassessment(session, people.alice, item.id, "written_view")
    assert err.value.allowed == ["closed", "decided_keep", "intended_revocation"]
    service.transition_reassessment(session, people.alice, item.id, "intended_revocation")
    with pytest.raises(ReasonsRequired):
        service.transition_reassessment(session, people.alice, item.id, "decided_revoke")
    done = service.transition_reassessment(
        session, people.alice, item.id, "decided_revoke", reasons="significant change"
    )
    assert (done.status, done.outcome) == ("decided_revoke", "revoke")
    assert session.get_one(Permit, permit.id).status == "revoked"
    with pytest.raises(NotFound):
        service.transition_reassessment(session, people.carol, item.id, "closed")


def test_forced_departure_is_refused_under_the_syria_policy(
    session: Session, people: People
) -> None:
    app = service.register_application(
        session, people.alice, new_application(credibility="not_credible", risk_profiles=[]), DAY
    )
    reject_in_effect(session, people.alice, app.id)
    case = service.open_return_case(session, people.alice, app.id, DAY)
    assert case.status == "opened"
    with pytest.raises(ForcedReturnNotPossible) as err:
        service.transition_return_case(session, people.alice, case.id, "forced_departure", DAY)
    assert err.value.allowed == ["closed", "facilitated_departure", "voluntary_departure"]
    assert "SY policy in force on 2025-10-01" in err.value.message
    moved = service.transition_return_case(
        session, people.alice, case.id, "voluntary_departure", DAY
    )
    assert (moved.status, moved.track) == ("voluntary_departure", "voluntary")
    assert (moved.departed_on, moved.route) == (None, None)
    done = service.transition_return_case(session, people.alice, case.id, "departed", DAY)
    assert done.status == "departed"
    assert (done.departed_on, done.route) == (DAY, "voluntary")  # no support was recorded
    with pytest.raises(InvalidTransition) as final:
        service.transition_return_case(session, people.alice, case.id, "closed", DAY)
    assert final.value.allowed == []
    with pytest.raises(NotFound):
        service.transition_return_case(session, people.carol, case.id, "closed", DAY)


def test_a_return_case_needs_a_rejection_in_effect_or_an_ended_permit(
    session: Session, people: People
) -> None:
    app = service.register_application(session, people.alice, new_application(), DAY)
    with pytest.raises(ReturnNotDue) as err:
        service.open_return_case(session, people.alice, app.id, DAY)
    assert "'registered' with no decision in effect" in err.value.message
    permit = Permit(
        person_id=app.person_id,
        application_id=app.id,
        ground="refugee",
        granted=date(2024, 1, 1),
        valid_until=date(2029, 1, 1),
    )
    session.add(permit)
    session.flush()
    with pytest.raises(ReturnNotDue):  # the permit is in force
        service.open_return_case(session, people.alice, app.id, DAY)
    permit.status = "revoked"
    session.flush()
    case = service.open_return_case(session, people.alice, app.id, DAY)
    assert case.status == "opened"
    with pytest.raises(ReturnCaseOpen):
        service.open_return_case(session, people.alice, app.id, DAY)
    assert session.scalar(select(func.count()).select_from(ReturnCase)) == 1
