"""The reason of an extension of the decision period is free text a caseworker may fill with
case details: encrypted at rest, read in clear through the service, its showing audited, masked
in logs."""

from __future__ import annotations

import io
import json
from datetime import date

from casework_helpers import People, new_application
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from refuge.audit.models import AuditEvent
from refuge.casework import service
from refuge.casework.schemas import ExtensionIn
from refuge.logging import MASK, configure, get_logger

TODAY = date(2025, 10, 1)
REASON = "waiting for the COI report on gay men returning to Homs"


def _events(session: Session) -> list[AuditEvent]:
    return list(session.scalars(select(AuditEvent).order_by(AuditEvent.seq)))


def test_the_reason_is_sealed_at_rest_and_reads_back_in_clear(
    session: Session, people: People
) -> None:
    app = service.register_application(session, people.alice, new_application(), TODAY)
    status = service.extend_decision_period(
        session, people.alice, app.id, ExtensionIn(months=3, reason=REASON), TODAY
    )
    session.commit()
    assert [e.reason for e in status.extensions] == [REASON]
    raw = repr(session.execute(text("SELECT * FROM deadlines")).all())
    assert "Homs" not in raw and "decision period from" not in raw
    session.expire_all()
    again = service.deadline_status(session, people.bob, app.id, TODAY)
    assert [e.reason for e in again.extensions] == [REASON]


def test_showing_reasons_is_audited_and_a_period_without_extensions_is_not(
    session: Session, people: People
) -> None:
    app = service.register_application(session, people.alice, new_application(), TODAY)
    service.deadline_status(session, people.bob, app.id, TODAY)  # only the base period
    assert _events(session)[-1].action == "create"

    service.extend_decision_period(
        session, people.alice, app.id, ExtensionIn(months=3, reason=REASON), TODAY
    )
    assert _events(session)[-1].action == "create"  # the writer sees only their own reason
    service.deadline_status(session, people.bob, app.id, TODAY)
    read = _events(session)[-1]
    assert (read.action, read.actor, read.entity, read.entity_id) == (
        "read",
        "bob",
        "application",
        str(app.id),
    )
    assert (read.fields, read.purpose) == (["extension_reasons"], "show decision period")

    service.extend_decision_period(
        session, people.sam, app.id, ExtensionIn(months=1, reason="more hearings"), TODAY
    )
    read = _events(session)[-1]  # the answer shows alice's reason to sam
    assert (read.action, read.actor, read.fields) == ("read", "sam", ["extension_reasons"])
    assert "Homs" not in repr([(e.fields, e.purpose) for e in _events(session)])


def test_a_logged_reason_is_masked_also_inside_a_status() -> None:
    stream = io.StringIO()
    configure("info", stream=stream)
    log = get_logger("test")
    log.info("deadline.extended", reason=REASON, extensions=[{"months": 3, "reason": REASON}])
    line = json.loads(stream.getvalue())
    assert line["reason"] == MASK and line["extensions"] == [{"months": 3, "reason": MASK}]
    assert "Homs" not in stream.getvalue()
