"""Helpers shared by the casework tests: actors and a valid application."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from refuge.accounts.models import Team, User
from refuge.casework.actor import Actor
from refuge.casework.models import Application, Decision
from refuge.casework.schemas import ApplicationCreate


@dataclass
class People:
    alice: Actor  # caseworker, team A
    bob: Actor  # caseworker, team A
    sam: Actor  # supervisor, team A
    carol: Actor  # caseworker, team B
    ann: Actor  # analyst, team A


def make_user(session: Session, name: str, role: str, team: Team) -> Actor:
    user = User(username=name, display_name=name.title(), password_hash="x", role=role)
    user.team_id = team.id
    session.add(user)
    session.flush()
    return Actor(user_id=user.id, username=name, role=role, team_id=team.id)


def make_people(session: Session) -> People:
    a, b = Team(name="Team A"), Team(name="Team B")
    session.add_all([a, b])
    session.flush()
    actors = People(
        alice=make_user(session, "alice", "caseworker", a),
        bob=make_user(session, "bob", "caseworker", a),
        sam=make_user(session, "sam", "supervisor", a),
        carol=make_user(session, "carol", "caseworker", b),
        ann=make_user(session, "ann", "analyst", a),
    )
    session.commit()
    return actors


def new_application(**changes: object) -> ApplicationCreate:
    data: dict[str, object] = {
        "v_number": "1234567890",
        "nationality": "SY",
        "region_of_origin": "SY-DI",
        "application_date": date(2025, 7, 1),
        "grounds": ["sexual_orientation"],
        "risk_profiles": ["lgbtiq"],
        "credibility": "credible",
        "individual_risk_indicators": 1,
    }
    data.update(changes)
    return ApplicationCreate.model_validate(data)


def reject_in_effect(session: Session, actor: Actor, application_id: uuid.UUID) -> None:
    """Store a rejection in effect on the application, as deciding would (without the steps
    before it): what a return case needs."""
    assert actor.user_id is not None
    session.add(
        Decision(
            application_id=application_id,
            outcome="reject",
            reasons="no risk shown",
            decided_by=actor.user_id,
        )
    )
    session.get_one(Application, application_id).status = "decided"
    session.flush()
