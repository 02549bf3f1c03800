"""Appending stays correct when a transaction appends many events (one by one or several in
one statement), when a savepoint with events is rolled back, and when transactions take
turns."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from refuge.audit.models import AuditEvent
from refuge.audit.trail import Entry, append, head, record, verify
from refuge.store.engine import engine_for


def _event(session: Session, entity_id: str) -> None:
    record(
        session,
        actor="cli",
        action="create",
        entity="application",
        entity_id=entity_id,
        fields=["grounds"],
        purpose="bulk import",
    )


def test_many_events_in_one_transaction_form_one_chain(session: Session) -> None:
    with session.begin():
        for i in range(50):
            _event(session, f"A-{i}")
    assert verify(session) is None
    assert head(session).count == 50


def test_several_events_appended_together_are_chained_in_order(session: Session) -> None:
    with session.begin():
        _event(session, "A-0")
        appended = append(
            session,
            [
                Entry("ann", "read", "application", "A-1", "run assessment", ["grounds"]),
                Entry("ann", "create", "assessment", "S-1", "run assessment", ["output"]),
            ],
        )
        _event(session, "A-2")
    assert [e.seq for e in appended] == [2, 3]
    assert appended[1].prev_hash == appended[0].hash
    stored = session.scalars(select(AuditEvent).order_by(AuditEvent.seq)).all()
    assert [(e.action, e.entity, e.entity_id) for e in stored] == [
        ("create", "application", "A-0"),
        ("read", "application", "A-1"),
        ("create", "assessment", "S-1"),
        ("create", "application", "A-2"),
    ]
    assert verify(session) is None


def test_appending_no_events_writes_nothing(session: Session) -> None:
    with session.begin():
        assert append(session, []) == []
    assert head(session).count == 0


def test_events_of_a_rolled_back_savepoint_leave_no_gap(session: Session) -> None:
    with session.begin():
        _event(session, "A-1")
        savepoint = session.begin_nested()
        _event(session, "A-2")
        savepoint.rollback()
        _event(session, "A-3")
    assert verify(session) is None
    assert head(session).count == 2


def test_a_rolled_back_transaction_leaves_no_gap(session: Session) -> None:
    _event(session, "A-1")
    session.rollback()
    _event(session, "A-2")
    session.commit()
    assert verify(session) is None
    assert head(session).count == 1


def test_transactions_taking_turns_continue_each_others_chain(db_url: str) -> None:
    make = sessionmaker(engine_for(db_url))
    with make() as first, make() as second:
        for i in range(3):
            with first.begin():
                _event(first, f"A-{i}")
            with second.begin():
                _event(second, f"B-{i}")
        assert verify(first) is None
        assert head(second).count == 6
