"""Where the casework service runs the engine (the assessment, the forced-return check), a date
or a region the engine refuses is a casework error with a code and an HTTP status, not a fault;
nothing is stored and no audit event is written."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from casework_helpers import People, new_application, reject_in_effect
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from refuge.audit.models import AuditEvent
from refuge.casework import service
from refuge.casework.errors import (
    AssessedBeforeApplication,
    CaseworkError,
    DateBeforePack,
    NoPackForCountry,
    UnknownRegion,
)
from refuge.casework.models import Assessment

DAY = date(2025, 10, 1)


def _counts(session: Session) -> tuple[int, int]:
    return (
        session.scalar(select(func.count()).select_from(Assessment)) or 0,
        session.scalar(select(func.count()).select_from(AuditEvent)) or 0,
    )


def _refused(
    session: Session, error: type[CaseworkError], call: Callable[..., Any], *args: object
) -> Any:
    """The error `call(*args)` raises; nothing was stored or audited meanwhile."""
    before = _counts(session)
    with pytest.raises(error) as caught:
        call(*args)
    assert _counts(session) == before
    return caught.value


def test_an_assessment_before_the_application_date_is_refused(
    session: Session, people: People
) -> None:
    app = service.register_application(session, people.alice, new_application(), DAY)
    refused = _refused(
        session,
        AssessedBeforeApplication,
        service.run_assessment,
        session,
        people.alice,
        app.id,
        date(2025, 6, 30),
    )
    assert (refused.code, refused.status) == ("assessed-before-application", 400)
    assert "2025-06-30" in refused.message and "2025-07-01" in refused.message
    assert refused.extra == {"as_of": "2025-06-30", "application_date": "2025-07-01"}
    assert service.run_assessment(session, people.alice, app.id, date(2025, 7, 1)).as_of == (
        date(2025, 7, 1)
    )


def test_an_assessment_before_the_pack_starts_is_refused(session: Session, people: People) -> None:
    lodged = new_application(application_date=date(2010, 12, 1))
    app = service.register_application(session, people.alice, lodged, DAY)
    refused = _refused(
        session,
        DateBeforePack,
        service.run_assessment,
        session,
        people.alice,
        app.id,
        date(2011, 1, 1),
    )
    assert (refused.code, refused.status) == ("date-before-pack", 400)
    assert "2011-07-06" in refused.message


def test_a_country_without_a_pack_or_a_region_it_does_not_list_cannot_be_assessed(
    session: Session, people: People
) -> None:
    iraq = new_application(nationality="IQ", region_of_origin="IQ-BG")
    app = service.register_application(session, people.alice, iraq, DAY)
    refused = _refused(
        session, NoPackForCountry, service.run_assessment, session, people.alice, app.id, DAY
    )
    assert (refused.code, refused.status) == ("no-pack-for-country", 409)
    odd = new_application(v_number="2234567890", region_of_origin="SY-ZZ")
    app = service.register_application(session, people.alice, odd, DAY)
    refused = _refused(
        session, UnknownRegion, service.run_assessment, session, people.alice, app.id, DAY
    )
    assert (refused.code, refused.status) == ("unknown-region", 409)


def test_the_forced_return_check_refuses_the_same_way(session: Session, people: People) -> None:
    odd = new_application(region_of_origin="SY-ZZ", credibility="not_credible", risk_profiles=[])
    app = service.register_application(session, people.alice, odd, DAY)
    reject_in_effect(session, people.alice, app.id)
    case = service.open_return_case(session, people.alice, app.id, DAY)
    with pytest.raises(UnknownRegion):
        service.transition_return_case(session, people.alice, case.id, "forced_departure", DAY)
    session.rollback()  # as the API does for a refused request: the read is not kept

    app = service.register_application(
        session, people.alice, new_application(v_number="3234567890"), DAY
    )
    reject_in_effect(session, people.alice, app.id)
    case = service.open_return_case(session, people.alice, app.id, DAY)
    with pytest.raises(AssessedBeforeApplication):
        service.transition_return_case(
            session, people.alice, case.id, "forced_departure", date(2025, 6, 1)
        )
