"""An actor without a user (the CLI importer without `--as`): it sees its team only and
may not take a step that the law puts a name to."""

from __future__ import annotations

from datetime import date

import pytest
from casework_helpers import People, make_user, new_application
from sqlalchemy.orm import Session

from refuge.accounts.models import Team
from refuge.casework import service
from refuge.casework.actor import Actor
from refuge.casework.errors import NamedUserRequired, NotFound
from refuge.casework.schemas import DecisionIn

DAY = date(2025, 9, 1)


def test_an_actor_without_a_user_sees_its_team_only(session: Session, people: People) -> None:
    team_b = session.get_one(Team, people.carol.team_id)
    sue = make_user(session, "sue", "supervisor", team_b)
    unassigned = service.register_application(session, sue, new_application(), DAY)
    assert unassigned.caseworker_id is None
    nobody = Actor(None, "cli", "caseworker", people.alice.team_id)
    items, total = service.list_applications(session, nobody)
    assert total == 0 and items == []
    with pytest.raises(NotFound):
        service.get_application(session, nobody, unassigned.id, "look")


def test_an_actor_without_a_user_may_not_decide(session: Session, people: People) -> None:
    cli = Actor(None, "cli", "supervisor", people.alice.team_id)
    app = service.register_application(session, cli, new_application(), DAY)
    assert app.caseworker_id is None
    with pytest.raises(NamedUserRequired) as err:
        service.run_assessment(session, cli, app.id, DAY)
    assert err.value.code == "named-user-required" and "--as USERNAME" in err.value.message
    with pytest.raises(NamedUserRequired):
        service.record_decision(session, cli, app.id, DecisionIn(outcome="reject"), DAY)
