"""Register, read, list, update and move applications. The caller commits; every write and
every read of special-category facts is audited in the same transaction."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from refuge.accounts.models import User
from refuge.case.schema import InternalProtection
from refuge.casework import lifecycle
from refuge.casework.access import (
    WITHOUT_FACTS,
    check_version,
    in_scope,
    load_application,
    load_application_and_person,
    require_case_role,
)
from refuge.casework.actor import Actor
from refuge.casework.auditing import audit
from refuge.casework.deadlines import BASE_MONTHS, regime_for
from refuge.casework.decisions import decision_out, standing_decision
from refuge.casework.errors import (
    ApplicationClosed,
    CaseworkerNotInTeam,
    DuplicateImport,
    InvalidDate,
    NotAllowed,
    PersonMismatch,
    PurposeRequired,
    TransitionNeedsAction,
    VersionConflict,
)
from refuge.casework.models import Application, Deadline, Decision, Person
from refuge.casework.models.decisions import AWAITING_APPROVAL
from refuge.casework.schemas import (
    SPECIAL_FACTS,
    ApplicationCreate,
    ApplicationDetail,
    ApplicationOut,
    FactsPatch,
)

# states reached with a plain move; the others by recording what brings them about
PLAIN_MOVES = frozenset({"first_hearing", "detailed_hearing", "withdrawn"})
NEEDS_ACTION = {
    "intended_decision": "issue the intended decision",
    "written_view": "record the written view",
    "decided": "record the decision",
    "paused": "request an individual country report",
}


def summary(app: Application, person: Person) -> ApplicationOut:
    state = lifecycle.application_state(app.status, app.paused)
    allowed = lifecycle.allowed_next(app.status, app.paused)
    return ApplicationOut(
        id=app.id,
        version=app.version,
        person_id=person.id,
        v_number=person.v_number,
        nationality=person.nationality,
        region_of_origin=person.region_of_origin,
        kind=app.kind,
        application_date=app.application_date,
        status=app.status,
        state=state,
        paused=app.paused,
        allowed_next=allowed,
        team_id=app.team_id,
        caseworker_id=app.caseworker_id,
        created_at=app.created_at,
    )


def field_names(facts: Mapping[str, Any]) -> list[str]:
    """The names of the facts in `facts` for the audit trail, a nested finding by its path
    (`internal_protection.admittance`); never their values."""
    names: list[str] = []
    for name, value in facts.items():
        if isinstance(value, Mapping):
            names.extend(f"{name}.{part}" for part in value)
        else:
            names.append(name)
    return names


def flush(session: Session, app: Application, expected: int) -> None:
    """Write now, so a concurrent writer's change shows as a VersionConflict here."""
    try:
        session.flush()
    except StaleDataError:
        raise VersionConflict("application", expected, None) from None


def check_caseworker(session: Session, team_id: uuid.UUID, user_id: uuid.UUID) -> None:
    user = session.get(User, user_id)
    if (
        user is None
        or not user.active
        or user.team_id != team_id
        or user.role not in ("caseworker", "supervisor")
    ):
        raise CaseworkerNotInTeam(user_id)


def _person(session: Session, actor: Actor, data: ApplicationCreate) -> Person:
    person = session.scalar(select(Person).where(Person.v_number == data.v_number))
    if person is not None:
        # one answer whichever detail differs: the person may be another team's
        if (person.nationality, person.region_of_origin) != (
            data.nationality,
            data.region_of_origin,
        ):
            raise PersonMismatch()
        return person
    person = Person(
        pseudonym=f"P-{uuid.uuid4().hex[:16]}",
        v_number=data.v_number,
        nationality=data.nationality,
        region_of_origin=data.region_of_origin,
    )
    session.add(person)
    session.flush()
    fields = ("pseudonym", "v_number", "nationality", "region_of_origin")
    audit(session, actor, "create", "person", person.id, "register application", fields)
    return person


def register_application(
    session: Session, actor: Actor, data: ApplicationCreate, today: date
) -> ApplicationOut:
    """A new application in `registered`, with its 6-month decision period under the law of
    the application date (art. 42(1) Vw, or art. 35(4) APR from 12 June 2026); the person is
    created on first sight of the V-number."""
    require_case_role(actor, "register an application")
    assert actor.team_id is not None
    if data.application_date > today:
        raise InvalidDate("application_date", data.application_date, today)
    if data.import_key is not None:
        existing = session.scalar(
            select(Application.id).where(Application.import_key == data.import_key)
        )
        if existing is not None:  # perhaps another team's: its id is not shown
            raise DuplicateImport(data.import_key)
    caseworker_id = data.caseworker_id
    if caseworker_id is None and actor.role == "caseworker":
        caseworker_id = actor.user_id
    if caseworker_id is not None:
        check_caseworker(session, actor.team_id, caseworker_id)
    person = _person(session, actor, data)
    facts = data.model_dump(include=set(SPECIAL_FACTS) | _PLAIN_FACTS)
    app = Application(
        person_id=person.id,
        team_id=actor.team_id,
        caseworker_id=caseworker_id,
        kind=data.kind,
        application_date=data.application_date,
        status=lifecycle.APPLICATION.initial,
        paused=False,
        import_key=data.import_key,
        **facts,
    )
    session.add(app)
    session.flush()
    audit(
        session, actor, "create", "application", app.id, "register application", field_names(facts)
    )
    base = Deadline(
        application_id=app.id,
        kind="decision_period",
        months=BASE_MONTHS,
        legal_basis=regime_for(data.application_date).base_basis,
        reason="decision period from the application date",
        granted_by=actor.user_id,
    )
    session.add(base)
    session.flush()
    audit(session, actor, "create", "deadline", base.id, "register application", ["months"])
    return summary(app, person)


_PLAIN_FACTS = {
    "credibility",
    "individual_risk_indicators",
    "internal_protection",
    "legal_residence",
    "minor",
}


def get_application(
    session: Session, actor: Actor, application_id: uuid.UUID, purpose: str
) -> ApplicationDetail:
    """One application with its facts and its decision (in effect or awaiting approval). The
    read of the special-category facts is audited with `purpose` (why the caller reads them)."""
    if not purpose.strip():
        raise PurposeRequired()
    app, person = load_application_and_person(session, actor, application_id, with_facts=True)
    decision = standing_decision(session, app.id)
    detail = ApplicationDetail(
        **summary(app, person).model_dump(),
        grounds=list(app.grounds),
        risk_profiles=list(app.risk_profiles),
        exclusion_grounds=list(app.exclusion_grounds),
        exclusion_indications=app.exclusion_indications,
        regime_support_indications=app.regime_support_indications,
        credibility=app.credibility,
        individual_risk_indicators=app.individual_risk_indicators,
        internal_protection=InternalProtection.model_validate(app.internal_protection),
        legal_residence=app.legal_residence,
        minor=app.minor,
        decision=None if decision is None else decision_out(session, decision),
    )
    # audited last: the first audit append holds the chain's lock until the caller commits
    audit(session, actor, "read", "application", app.id, purpose, SPECIAL_FACTS)
    return detail


def list_applications(
    session: Session,
    actor: Actor,
    status: str | None = None,
    caseworker_id: uuid.UUID | None = None,
    overdue_on: date | None = None,
    offset: int = 0,
    limit: int = 50,
    awaiting_approval: bool | None = None,
) -> tuple[list[ApplicationOut], int]:
    """The applications in the actor's scope, oldest first, without special-category facts.
    `status` filters on the state the caseworker sees (`paused` included); `overdue_on`
    keeps the open ones whose decision period has ended before that day; `awaiting_approval`
    those with (True) or without (False) a decision awaiting a supervisor's approval."""
    stmt = in_scope(select(Application, Person).join(Person), actor)
    if status == "paused":
        stmt = stmt.where(Application.paused.is_(True))
    elif status is not None:
        stmt = stmt.where(Application.status == status, Application.paused.is_(False))
    if caseworker_id is not None:
        stmt = stmt.where(Application.caseworker_id == caseworker_id)
    if awaiting_approval is not None:
        waits = exists().where(
            Decision.application_id == Application.id, Decision.status == AWAITING_APPROVAL
        )
        stmt = stmt.where(waits if awaiting_approval else ~waits)
    stmt = stmt.options(*WITHOUT_FACTS).order_by(Application.application_date, Application.id)
    if overdue_on is not None:
        from refuge.casework.periods import overdue_ids

        stmt = stmt.where(Application.status.in_(lifecycle.OPEN_STATES))
        rows = [(a, p) for a, p in session.execute(stmt)]
        late = overdue_ids(session, [(a, p.nationality) for a, p in rows], overdue_on)
        rows = [(a, p) for a, p in rows if a.id in late]
        return [summary(a, p) for a, p in rows[offset : offset + limit]], len(rows)
    total = session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery()))
    page = session.execute(stmt.offset(offset).limit(limit))
    return [summary(a, p) for a, p in page], total or 0


def update_facts(
    session: Session,
    actor: Actor,
    application_id: uuid.UUID,
    patch: FactsPatch,
    expected_version: int,
) -> ApplicationOut:
    """Change the facts sent in `patch`; VersionConflict when the application is no longer
    at `expected_version` (the ETag the caller read)."""
    app = load_application(session, actor, application_id, with_facts=True)
    check_version(app, expected_version)
    if app.status in lifecycle.APPLICATION.final:
        raise ApplicationClosed(app.status)
    changes = patch.model_dump(exclude_unset=True)
    for name, value in changes.items():
        setattr(app, name, value)
    if changes:
        flush(session, app, expected_version)
        audit(session, actor, "update", "application", app.id, "update facts", field_names(changes))
    return summary(app, session.get_one(Person, app.person_id))


def move(session: Session, actor: Actor, app: Application, to_state: str, why: str) -> None:
    """Apply a checked move to `app` and audit it."""
    before = lifecycle.application_state(app.status, app.paused)
    expected = app.version
    app.status, app.paused = lifecycle.check_application(app.status, app.paused, to_state)
    flush(session, app, expected)
    after = lifecycle.application_state(app.status, app.paused)
    purpose = f"{before} -> {after}: {why}"
    audit(session, actor, "transition", "application", app.id, purpose, ["status", "paused"])


def transition(
    session: Session,
    actor: Actor,
    application_id: uuid.UUID,
    to_state: str,
    today: date,
    expected_version: int | None = None,
) -> ApplicationOut:
    """A plain move (to first_hearing, detailed_hearing or withdrawn). The other states are
    reached by recording what brings them about (TransitionNeedsAction says which)."""
    app = load_application(session, actor, application_id)
    check_version(app, expected_version)
    lifecycle.check_application(app.status, app.paused, to_state)
    resume = app.paused and to_state == app.status
    if resume:
        raise TransitionNeedsAction(to_state, "record the receipt of the individual report")
    if to_state not in PLAIN_MOVES:
        raise TransitionNeedsAction(to_state, NEEDS_ACTION[to_state])
    move(session, actor, app, to_state, f"on {today.isoformat()}")
    return summary(app, session.get_one(Person, app.person_id))


def reassign(
    session: Session,
    actor: Actor,
    application_id: uuid.UUID,
    caseworker_id: uuid.UUID,
    expected_version: int | None = None,
) -> ApplicationOut:
    """A supervisor gives the application to a caseworker of the team."""
    app = load_application(session, actor, application_id)
    if actor.role != "supervisor":
        raise NotAllowed(actor.role, "reassign an application", "supervisor")
    check_version(app, expected_version)
    check_caseworker(session, app.team_id, caseworker_id)
    expected = app.version
    app.caseworker_id = caseworker_id
    flush(session, app, expected)
    audit(session, actor, "update", "application", app.id, "reassign", ["caseworker_id"])
    return summary(app, session.get_one(Person, app.person_id))
