"""Who may see which application: caseworkers their own and their team's, supervisors their
team's, every other role none. Out of scope reads as not found (404, not 403)."""

from __future__ import annotations

import uuid
from typing import Any, TypeVar

from sqlalchemy import Select, false, inspect, or_, select
from sqlalchemy.orm import Session, defer

from refuge.casework.actor import Actor
from refuge.casework.errors import NotAllowed, NotFound, VersionConflict
from refuge.casework.models import Application, Person

S = TypeVar("S", bound=Select[*tuple[Any, ...]])
R = TypeVar("R")

# encrypted columns: never loaded where they are not needed (lists, transitions)
ENCRYPTED = (
    Application.grounds,
    Application.risk_profiles,
    Application.exclusion_grounds,
    Application.exclusion_indications,
    Application.regime_support_indications,
)
WITHOUT_FACTS = tuple(defer(c, raiseload=True) for c in ENCRYPTED)


def in_scope(stmt: S, actor: Actor) -> S:
    if not actor.works_cases:
        return stmt.where(false())
    # no user (the CLI): the team only, for `caseworker_id = NULL` would match every
    # unassigned application of every team
    if actor.role == "supervisor" or actor.user_id is None:
        return stmt.where(Application.team_id == actor.team_id)
    return stmt.where(
        or_(Application.team_id == actor.team_id, Application.caseworker_id == actor.user_id)
    )


def visible(actor: Actor, app: Application) -> bool:
    if not actor.works_cases:
        return False
    if actor.role == "supervisor" or actor.user_id is None:
        return app.team_id == actor.team_id
    return app.team_id == actor.team_id or app.caseworker_id == actor.user_id


def load_application(
    session: Session,
    actor: Actor,
    application_id: uuid.UUID,
    *,
    with_facts: bool = False,
) -> Application:
    """The application if the actor may see it; NotFound otherwise."""
    options = () if with_facts else WITHOUT_FACTS
    app = session.get(Application, application_id, options=options)
    if app is None or not visible(actor, app):
        raise NotFound("application", application_id)
    if with_facts:
        _load_facts(session, app)
    return app


def load_application_and_person(
    session: Session,
    actor: Actor,
    application_id: uuid.UUID,
    *,
    with_facts: bool = False,
) -> tuple[Application, Person]:
    """The application, as `load_application` gives it, and its person, read together."""
    options = () if with_facts else WITHOUT_FACTS
    row = session.execute(
        select(Application, Person)
        .join(Person, Person.id == Application.person_id)
        .where(Application.id == application_id)
        .options(*options)
    ).first()
    if row is None or not visible(actor, row[0]):
        raise NotFound("application", application_id)
    app, person = row
    if with_facts:
        _load_facts(session, app)
    return app, person


def _load_facts(session: Session, app: Application) -> None:
    """The encrypted facts of an application loaded earlier in this session without them."""
    missing = [c.key for c in ENCRYPTED if c.key in inspect(app).unloaded]
    if missing:
        session.refresh(app, attribute_names=missing)


def load_through_application(
    session: Session, actor: Actor, model: type[R], record_id: uuid.UUID, what: str
) -> R:
    """A record that belongs to an application (a permit, a return case), if the actor may see
    that application; NotFound naming the record otherwise, so that a record out of scope
    reads exactly like one that does not exist."""
    record = session.get(model, record_id)
    application_id = getattr(record, "application_id", None)
    if record is None or application_id is None:
        raise NotFound(what, record_id)
    try:
        load_application(session, actor, application_id)
    except NotFound:
        raise NotFound(what, record_id) from None
    return record


def require_case_role(actor: Actor, action: str) -> None:
    if not actor.works_cases:
        raise NotAllowed(actor.role, action, "caseworker or supervisor with a team")


def check_version(app: Application, expected_version: int | None) -> None:
    if expected_version is not None and expected_version != app.version:
        raise VersionConflict("application", expected_version, app.version)
