"""The audit trail is append-only in effect: any altered, inserted or deleted row is found."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session

from refuge.audit.trail import record, verify


def _fill(session: Session, n: int = 5) -> None:
    for i in range(n):
        record(
            session,
            actor="alice",
            action="read",
            entity="application",
            entity_id=f"A-{i}",
            fields=["grounds"],
            purpose="deciding the application",
        )
    session.commit()


def test_an_intact_trail_verifies(session: Session) -> None:
    _fill(session)
    assert verify(session) is None


def test_an_altered_row_is_named(session: Session) -> None:
    _fill(session)
    session.execute(text("UPDATE audit_events SET actor = 'mallory' WHERE seq = 3"))
    session.commit()
    broken = verify(session)
    assert broken is not None and (broken.seq, broken.kind) == (3, "altered")


def test_a_deleted_row_is_named(session: Session) -> None:
    _fill(session)
    session.execute(text("DELETE FROM audit_events WHERE seq = 2"))
    session.commit()
    broken = verify(session)
    assert broken is not None and (broken.seq, broken.kind) == (2, "deleted")


def test_an_inserted_row_is_named(session: Session) -> None:
    _fill(session)
    # shift the tail up by one and slip a forged event into the gap
    session.execute(text("UPDATE audit_events SET seq = seq + 100 WHERE seq >= 3"))
    session.execute(text("UPDATE audit_events SET seq = seq - 99 WHERE seq >= 103"))
    session.execute(
        text(
            "INSERT INTO audit_events (seq, at, actor, action, entity, entity_id, fields, purpose,"
            " outcome, prev_hash, hash) SELECT 3, at, 'mallory', 'read', 'application', 'A-x',"
            " fields, purpose, outcome, hash, 'forged' FROM audit_events WHERE seq = 2"
        )
    )
    session.commit()
    broken = verify(session)
    assert broken is not None and broken.seq == 3 and broken.kind in ("altered", "inserted")


def test_events_hold_field_names_not_values(session: Session) -> None:
    event = record(
        session,
        actor="alice",
        action="update",
        entity="application",
        entity_id="A-1",
        fields=["risk_profiles", "grounds"],
        purpose="hearing",
    )
    assert event.fields == ["grounds", "risk_profiles"]
