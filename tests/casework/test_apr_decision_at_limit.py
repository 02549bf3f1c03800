"""A decision moratorium refuses decisions, except for an application lodged from 12 June 2026
whose due date it holds at 21 months from lodging: art. 35(7) of Regulation (EU) 2024/1348 says
the examination is concluded within those 21 months "in any event", so such an application may
be decided on any day of the moratorium, the limit day included. Every other application is
still refused while the moratorium is in force. The stored base decision period names the law
of the application date. (ADR 0006, "From 12 June 2026", rule 6.)"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from casework_helpers import People, new_application
from sqlalchemy import select
from sqlalchemy.orm import Session

from moratorium_pack import forget_packs, write_moratorium_pack
from refuge.casework import service
from refuge.casework.errors import DecisionMoratoriumInForce
from refuge.casework.models import Deadline
from refuge.casework.schemas import ApplicationOut, DecisionIn, HearingIn

# a postponement (art. 35(7) APR) from 1 August 2026 to 30 June 2028
MORATORIUM = (date(2026, 8, 1), date(2028, 6, 30))
APR_LODGED = date(2026, 7, 1)  # 21-month limit: 1 April 2028, inside the moratorium
APR_LIMIT = date(2028, 4, 1)
VW_LODGED = date(2026, 6, 11)  # the last day of art. 42 Vw; "limit" 11 March 2028, not binding


@pytest.fixture(autouse=True)
def _forget_packs() -> Iterator[None]:
    yield
    forget_packs()  # the next test reads the pack REFUGE_POLICY_DIR names then


@pytest.fixture
def pack_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("REFUGE_POLICY_DIR", str(tmp_path))
    write_moratorium_pack(tmp_path, [MORATORIUM])
    return tmp_path


def heard(session: Session, people: People, lodged: date, v_number: str) -> ApplicationOut:
    """Registered on the day it was lodged, heard and assessed two weeks later."""
    data = new_application(application_date=lodged, v_number=v_number)
    app = service.register_application(session, people.alice, data, lodged)
    day = date.fromordinal(lodged.toordinal() + 14)
    for kind in ("first", "detailed"):
        hearing = HearingIn(kind=kind, held_on=day, summary="s")
        service.record_hearing(session, people.alice, app.id, hearing, day)
    service.run_assessment(session, people.alice, app.id, day)
    return app


def decide(session: Session, people: People, app: ApplicationOut, day: date) -> str:
    """Decide as the test pack recommends (a grant may follow the detailed hearing)."""
    assessment = service.run_assessment(session, people.alice, app.id, day)  # the decision date's
    assert assessment.recommendation == "grant_subsidiary", assessment.recommendation
    decision = DecisionIn(outcome="grant_subsidiary")
    return service.record_decision(session, people.alice, app.id, decision, day).outcome


@pytest.mark.usefixtures("pack_dir")
@pytest.mark.parametrize(
    "day",
    [
        pytest.param(APR_LIMIT, id="on-the-limit-day"),
        pytest.param(date(2026, 9, 1), id="early-in-the-moratorium"),
        pytest.param(date(2028, 4, 2), id="late-still-in-the-moratorium"),
    ],
)
def test_an_apr_application_held_at_the_limit_is_decided_despite_the_moratorium(
    session: Session, people: People, day: date
) -> None:
    app = heard(session, people, APR_LODGED, "1000000021")
    status = service.deadline_status(session, people.alice, app.id, day)
    assert status.held_at_outer_limit and status.due_on == APR_LIMIT == status.outer_limit
    assert status.clock_stopped  # the moratorium is in force that day
    assert decide(session, people, app, day) == "grant_subsidiary"
    assert service.get_application(session, people.alice, app.id, "check").state == "decided"


@pytest.mark.usefixtures("pack_dir")
@pytest.mark.parametrize(
    "day", [date(2026, 9, 1), date(2028, 3, 11), APR_LIMIT], ids=["early", "21-months", "apr-limit"]
)
def test_a_vw_application_under_the_same_moratorium_is_still_refused(
    session: Session, people: People, day: date
) -> None:
    app = heard(session, people, VW_LODGED, "1000000022")
    status = service.deadline_status(session, people.alice, app.id, day)
    assert status.legal_basis == "art. 42 Vw" and not status.held_at_outer_limit
    assert status.beyond_outer_limit  # shown, not applied (ADR 0006 rule 6)
    with pytest.raises(DecisionMoratoriumInForce) as err:
        decide(session, people, app, day)
    assert err.value.code == "decision-moratorium-in-force"
    # once the moratorium has ended it is decided as before
    assert decide(session, people, app, date(2028, 7, 1)) == "grant_subsidiary"


@pytest.mark.usefixtures("pack_dir")
def test_an_apr_application_the_moratorium_does_not_hold_is_refused_during_it(
    session: Session, people: People
) -> None:
    # lodged during the postponement: its clock starts on 1 July 2028 and its six months end
    # well before its 21-month limit (1 March 2029), so the postponement may run its course
    app = heard(session, people, date(2027, 6, 1), "1000000023")
    day = date(2027, 7, 1)
    status = service.deadline_status(session, people.alice, app.id, day)
    assert status.outer_limit_binding and not status.held_at_outer_limit
    assert status.due_on is not None and status.due_on < status.outer_limit
    with pytest.raises(DecisionMoratoriumInForce):
        decide(session, people, app, day)


def test_the_refusal_gives_way_once_the_pack_makes_the_moratorium_hold_the_due_date(
    session: Session, people: People, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # first the moratorium is set to end on 31 December 2026: the APR application's due date
    # moves out (to 1 June 2027) but stays inside 21 months, so no decision on 1 September 2026
    short, long = tmp_path / "short", tmp_path / "long"
    short.mkdir()
    long.mkdir()
    monkeypatch.setenv("REFUGE_POLICY_DIR", str(short))
    write_moratorium_pack(short, [(MORATORIUM[0], date(2026, 12, 31))])
    app = heard(session, people, APR_LODGED, "1000000024")
    day = date(2026, 9, 1)
    assert not service.deadline_status(session, people.alice, app.id, day).held_at_outer_limit
    with pytest.raises(DecisionMoratoriumInForce):
        decide(session, people, app, day)
    # then the pack gives it no end: the due date is held at the limit, and it may be decided
    monkeypatch.setenv("REFUGE_POLICY_DIR", str(long))
    write_moratorium_pack(long, [(MORATORIUM[0], None)])
    status = service.deadline_status(session, people.alice, app.id, day)
    assert status.held_at_outer_limit and status.due_on == APR_LIMIT
    assert decide(session, people, app, day) == "grant_subsidiary"


@pytest.mark.parametrize(
    ("lodged", "basis"),
    [(date(2026, 6, 11), "art. 42(1) Vw"), (date(2026, 6, 12), "art. 35(4) APR")],
    ids=["vw", "apr"],
)
def test_the_base_decision_period_names_the_law_of_the_application_date(
    session: Session, people: People, lodged: date, basis: str
) -> None:
    data = new_application(application_date=lodged)
    app = service.register_application(session, people.alice, data, lodged)
    session.commit()
    rows = session.scalars(select(Deadline).where(Deadline.application_id == app.id)).all()
    assert [(r.kind, r.months, r.legal_basis) for r in rows] == [("decision_period", 6, basis)]
    # the computation does not read it: the status names the regime either way
    status = service.deadline_status(session, people.alice, app.id, lodged)
    assert status.due_on == date(2026, 12, lodged.day)
