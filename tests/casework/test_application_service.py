"""Registering, reading, listing and updating applications: scope, audit, versions."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from casework_helpers import People, new_application
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from refuge.audit.models import AuditEvent
from refuge.audit.trail import verify
from refuge.casework import service
from refuge.casework.errors import (
    CaseworkerNotInTeam,
    DuplicateImport,
    InvalidDate,
    NotAllowed,
    NotFound,
    PersonMismatch,
    PurposeRequired,
    VersionConflict,
)
from refuge.casework.models import Deadline, Person
from refuge.casework.schemas import FactsPatch
from refuge.store.engine import engine_for

TODAY = date(2025, 10, 1)


def events(session: Session) -> list[AuditEvent]:
    return list(session.scalars(select(AuditEvent).order_by(AuditEvent.seq)))


def test_registering_creates_person_application_and_base_period(
    session: Session, people: People
) -> None:
    out = service.register_application(session, people.alice, new_application(), TODAY)
    session.commit()
    assert out.status == out.state == "registered"
    assert out.caseworker_id == people.alice.user_id
    assert out.team_id == people.alice.team_id
    assert out.allowed_next == ["first_hearing", "paused", "withdrawn"]
    person = session.get_one(Person, out.person_id)
    assert person.v_number == "1234567890" and person.pseudonym.startswith("P-")
    base = session.scalars(select(Deadline).where(Deadline.application_id == out.id)).one()
    assert (base.kind, base.months, base.legal_basis) == ("decision_period", 6, "art. 42(1) Vw")
    assert [(e.action, e.entity) for e in events(session)] == [
        ("create", "person"),
        ("create", "application"),
        ("create", "deadline"),
    ]
    created = events(session)[1]
    assert "grounds" in created.fields and created.purpose == "register application"


def test_a_second_application_of_the_same_person_reuses_the_person(
    session: Session, people: People
) -> None:
    first = service.register_application(session, people.alice, new_application(), TODAY)
    second = service.register_application(
        session, people.alice, new_application(kind="subsequent"), TODAY
    )
    assert first.person_id == second.person_id
    with pytest.raises(PersonMismatch) as err:
        service.register_application(
            session, people.alice, new_application(region_of_origin="SY-HM"), TODAY
        )
    assert err.value.code == "person-mismatch"


def test_bad_registrations_are_refused(session: Session, people: People) -> None:
    with pytest.raises(InvalidDate):
        service.register_application(
            session, people.alice, new_application(application_date=date(2025, 10, 2)), TODAY
        )
    with pytest.raises(NotAllowed):
        service.register_application(session, people.ann, new_application(), TODAY)
    with pytest.raises(CaseworkerNotInTeam):
        service.register_application(
            session, people.sam, new_application(caseworker_id=people.carol.user_id), TODAY
        )
    service.register_application(session, people.alice, new_application(import_key="k1"), TODAY)
    with pytest.raises(DuplicateImport):
        service.register_application(session, people.alice, new_application(import_key="k1"), TODAY)


def test_reading_facts_is_audited_with_its_purpose(session: Session, people: People) -> None:
    app = service.register_application(session, people.alice, new_application(), TODAY)
    with pytest.raises(PurposeRequired):
        service.get_application(session, people.alice, app.id, " ")
    detail = service.get_application(session, people.bob, app.id, "prepare detailed hearing")
    assert detail.grounds == ["sexual_orientation"] and detail.risk_profiles == ["lgbtiq"]
    read = events(session)[-1]
    assert (read.action, read.actor, read.purpose) == ("read", "bob", "prepare detailed hearing")
    assert read.fields == [
        "exclusion_grounds",
        "exclusion_indications",
        "grounds",
        "regime_support_indications",
        "risk_profiles",
    ]
    assert "lgbtiq" not in repr([(e.fields, e.purpose) for e in events(session)])


@pytest.mark.parametrize("who", ["carol", "ann"])
def test_a_case_outside_your_scope_is_not_found(session: Session, people: People, who: str) -> None:
    app = service.register_application(session, people.alice, new_application(), TODAY)
    actor = getattr(people, who)
    with pytest.raises(NotFound) as err:
        service.get_application(session, actor, app.id, "look")
    assert err.value.code == "not-found"
    with pytest.raises(NotFound):
        service.transition(session, actor, app.id, "withdrawn", TODAY)
    assert service.list_applications(session, actor) == ([], 0)
    with pytest.raises(NotFound):
        service.get_application(session, people.alice, uuid.uuid4(), "look")


def test_a_caseworker_sees_own_cases_in_another_team(session: Session, people: People) -> None:
    app = service.register_application(
        session, people.sam, new_application(caseworker_id=people.alice.user_id), TODAY
    )
    assert service.get_application(session, people.alice, app.id, "work").id == app.id


def test_listing_filters_pages_and_counts(session: Session, people: People) -> None:
    for i in range(5):
        service.register_application(
            session,
            people.alice,
            new_application(v_number=f"100000000{i}", application_date=date(2025, 1, 1 + i)),
            TODAY,
        )
    service.register_application(
        session, people.carol, new_application(v_number="2000000000"), TODAY
    )
    items, total = service.list_applications(session, people.sam, offset=1, limit=2)
    assert total == 5 and [i.application_date.day for i in items] == [2, 3]
    first = service.list_applications(session, people.alice, limit=1)[0][0]
    service.transition(session, people.alice, first.id, "withdrawn", TODAY)
    assert service.list_applications(session, people.alice, status="withdrawn")[1] == 1
    assert service.list_applications(session, people.alice, status="registered")[1] == 4
    assert service.list_applications(session, people.bob, caseworker_id=people.bob.user_id)[1] == 0
    reads = [e for e in events(session) if e.action == "read"]
    assert reads == []  # listing neither decrypts nor audits special-category facts


def test_overdue_filter_in_the_list(session: Session, people: People) -> None:
    service.register_application(
        session, people.alice, new_application(application_date=date(2023, 1, 2)), TODAY
    )
    service.register_application(
        session, people.alice, new_application(v_number="1111111111"), TODAY
    )
    items, total = service.list_applications(session, people.alice, overdue_on=TODAY)
    assert total == 1 and items[0].application_date == date(2023, 1, 2)


def test_update_with_a_stale_version_is_a_conflict(session: Session, people: People) -> None:
    app = service.register_application(session, people.alice, new_application(), TODAY)
    session.commit()
    updated = service.update_facts(
        session, people.alice, app.id, FactsPatch(credibility="not_credible"), app.version
    )
    session.commit()
    assert updated.version == app.version + 1
    with pytest.raises(VersionConflict) as err:
        service.update_facts(session, people.alice, app.id, FactsPatch(minor=True), app.version)
    assert err.value.code == "version-conflict" and err.value.current == updated.version


def test_concurrent_updates_one_wins_the_other_conflicts(
    session: Session, people: People, db_url: str
) -> None:
    app = service.register_application(session, people.alice, new_application(), TODAY)
    session.commit()
    make = sessionmaker(engine_for(db_url), expire_on_commit=False)
    with make() as one, make() as two:
        # both read version 1 and pass the check; the second flush finds the row moved on
        service.update_facts(one, people.alice, app.id, FactsPatch(minor=True), app.version)
        from refuge.casework.access import load_application

        load_application(two, people.bob, app.id, with_facts=True)
        one.commit()
        with pytest.raises(VersionConflict):
            service.update_facts(
                two, people.bob, app.id, FactsPatch(legal_residence=True), app.version
            )
        two.rollback()
    session.expire_all()
    detail = service.get_application(session, people.alice, app.id, "check")
    assert detail.minor is True and detail.legal_residence is False


def test_only_a_supervisor_reassigns_within_the_team(session: Session, people: People) -> None:
    app = service.register_application(session, people.alice, new_application(), TODAY)
    with pytest.raises(NotAllowed):
        service.reassign(session, people.alice, app.id, people.bob.user_id)
    with pytest.raises(CaseworkerNotInTeam):
        service.reassign(session, people.sam, app.id, people.carol.user_id)
    out = service.reassign(session, people.sam, app.id, people.bob.user_id)
    assert out.caseworker_id == people.bob.user_id
    assert events(session)[-1].fields == ["caseworker_id"]
    session.commit()
    assert verify(session) is None
