"""What is gathered for an application: hearings, credibility findings and individual
country reports. A hearing moves the application to its stage; requesting a report pauses
it and receiving the report resumes it (the decision period runs on: ADR 0006)."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from refuge.casework import lifecycle
from refuge.casework.access import load_application
from refuge.casework.actor import Actor
from refuge.casework.applications import move
from refuge.casework.auditing import audit
from refuge.casework.errors import (
    ApplicationClosed,
    BeforeApplication,
    InvalidDate,
    NoCoiRequestOutstanding,
    PurposeRequired,
)
from refuge.casework.models import CoiRequest, Finding, Hearing
from refuge.casework.schemas import (
    CoiRequestIn,
    CoiRequestOut,
    FindingIn,
    FindingOut,
    HearingIn,
    HearingOut,
)

STAGE_OF_HEARING = {"first": "first_hearing", "detailed": "detailed_hearing"}


def record_hearing(
    session: Session, actor: Actor, application_id: uuid.UUID, data: HearingIn, today: date
) -> HearingOut:
    """Record a hearing held; the first moves the application to `first_hearing`, the
    detailed one to `detailed_hearing`. A further hearing of the current stage just adds."""
    app = load_application(session, actor, application_id)
    if data.held_on > today:
        raise InvalidDate("held_on", data.held_on, today)
    if data.held_on < app.application_date:  # no hearing on an application not yet lodged
        raise BeforeApplication("held_on", data.held_on, app.application_date)
    stage = STAGE_OF_HEARING[data.kind]
    if lifecycle.application_state(app.status, app.paused) != stage:
        lifecycle.check_application(app.status, app.paused, stage)  # refuse before writing
    hearing = Hearing(
        application_id=app.id,
        kind=data.kind,
        held_on=data.held_on,
        interpreter_language=data.interpreter_language,
        summary=data.summary,
    )
    session.add(hearing)
    session.flush()
    fields = ["kind", "held_on", "interpreter_language", "summary"]
    audit(session, actor, "create", "hearing", hearing.id, f"record {data.kind} hearing", fields)
    if lifecycle.application_state(app.status, app.paused) != stage:
        move(session, actor, app, stage, f"{data.kind} hearing held")
    return HearingOut.model_validate(hearing)


def record_finding(
    session: Session, actor: Actor, application_id: uuid.UUID, data: FindingIn
) -> FindingOut:
    """The caseworker's credibility finding on one claimed element."""
    app = load_application(session, actor, application_id)
    if app.status in lifecycle.APPLICATION.final:
        raise ApplicationClosed(app.status)
    finding = Finding(
        application_id=app.id, element=data.element, credible=data.credible, notes=data.notes
    )
    session.add(finding)
    session.flush()
    fields = ["element", "credible", "notes"]
    audit(session, actor, "create", "finding", finding.id, "record credibility finding", fields)
    return FindingOut.model_validate(finding)


def request_coi_report(
    session: Session, actor: Actor, application_id: uuid.UUID, data: CoiRequestIn, today: date
) -> CoiRequestOut:
    """Ask Foreign Affairs for an individual report; the application waits (`paused`)."""
    app = load_application(session, actor, application_id)
    lifecycle.check_application(app.status, app.paused, "paused")
    request = CoiRequest(application_id=app.id, requested_on=today, question=data.question)
    session.add(request)
    session.flush()
    fields = ["requested_on", "question"]
    audit(session, actor, "create", "coi_request", request.id, "request individual report", fields)
    move(session, actor, app, "paused", "individual report requested")
    return CoiRequestOut.model_validate(request)


def receive_coi_report(
    session: Session, actor: Actor, application_id: uuid.UUID, today: date
) -> CoiRequestOut:
    """The individual report has come in: the application resumes where it was paused."""
    app = load_application(session, actor, application_id)
    request = session.scalar(
        select(CoiRequest)
        .where(CoiRequest.application_id == app.id, CoiRequest.received_on.is_(None))
        .order_by(CoiRequest.requested_on.desc())
        .limit(1)
    )
    if request is None or not app.paused:
        raise NoCoiRequestOutstanding()
    request.received_on = today
    session.flush()
    audit(
        session,
        actor,
        "update",
        "coi_request",
        request.id,
        "receive individual report",
        ["received_on"],
    )
    move(session, actor, app, app.status, "individual report received")
    return CoiRequestOut.model_validate(request)


def hearings_of(session: Session, actor: Actor, application_id: uuid.UUID) -> list[HearingOut]:
    """The hearings held, oldest first: kind, day and interpreter's language, without their
    summaries (so not an audited read)."""
    app = load_application(session, actor, application_id)
    rows = session.scalars(
        select(Hearing)
        .where(Hearing.application_id == app.id)
        .order_by(Hearing.held_on, Hearing.created_at)
    )
    return [HearingOut.model_validate(h) for h in rows]


def findings_of(
    session: Session, actor: Actor, application_id: uuid.UUID, purpose: str
) -> list[FindingIn]:
    """The credibility findings with their elements and notes, read for `purpose` (audited:
    an element names what the applicant claims)."""
    if not purpose.strip():
        raise PurposeRequired()
    app = load_application(session, actor, application_id)
    rows = list(
        session.scalars(
            select(Finding)
            .where(Finding.application_id == app.id)
            .order_by(Finding.created_at, Finding.id)
        )
    )
    if rows:
        audit(session, actor, "read", "application", app.id, purpose, ["findings"])
    return [
        FindingIn.model_validate({"element": f.element, "credible": f.credible, "notes": f.notes})
        for f in rows
    ]
