"""The casework store records the engine's newer case facts: indications of exclusion and of
support for the former regime (special-category: encrypted, reads audited), the findings on the
internal protection alternative, and military service as a ground. They are read back, updated
one by one, and reach the engine."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from casework_helpers import People, new_application
from sqlalchemy import select, text
from sqlalchemy.exc import InvalidRequestError
from sqlalchemy.orm import Session

from facts_pack import write_facts_pack
from refuge.audit.models import AuditEvent
from refuge.case.facts import case_facts
from refuge.case.schema import InternalProtection
from refuge.casework import service
from refuge.casework.access import load_application
from refuge.casework.case_facts import case_of
from refuge.casework.errors import VersionConflict
from refuge.casework.models import Application, Assessment, Person
from refuge.casework.schemas import FactsPatch
from refuge.store.crypto import unseal

TODAY = date(2025, 10, 1)
ALL_YES = {
    "safe_there": "yes",
    "safe_and_legal_travel": "yes",
    "admittance": "yes",
    "reasonable_to_settle": "yes",
}


def events(session: Session) -> list[AuditEvent]:
    return list(session.scalars(select(AuditEvent).order_by(AuditEvent.seq)))


@pytest.fixture
def facts_pack(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("REFUGE_POLICY_DIR", str(tmp_path))
    return write_facts_pack(tmp_path)


def test_an_application_registered_without_them_has_the_engines_safe_defaults(
    session: Session, people: People
) -> None:
    out = service.register_application(session, people.alice, new_application(), TODAY)
    session.commit()
    detail = service.get_application(session, people.alice, out.id, "prepare detailed hearing")
    assert detail.exclusion_indications is False
    assert detail.regime_support_indications is False
    assert detail.internal_protection == InternalProtection()
    assert detail.internal_protection.admittance == "not_assessed"


def test_recorded_facts_are_read_back_and_reach_the_engines_input(
    session: Session, people: People
) -> None:
    findings = {**ALL_YES, "admittance": "no"}
    data = new_application(
        grounds=["military_service", "political_opinion"],
        exclusion_indications=True,
        regime_support_indications=True,
        internal_protection=findings,
    )
    out = service.register_application(session, people.alice, data, TODAY)
    session.commit()
    detail = service.get_application(session, people.bob, out.id, "prepare detailed hearing")
    assert detail.grounds == ["military_service", "political_opinion"]
    assert detail.exclusion_indications is True and detail.regime_support_indications is True
    assert detail.internal_protection.model_dump() == findings

    session.expire_all()
    app = load_application(session, people.alice, out.id, with_facts=True)
    case = case_of(session, app, session.get_one(Person, app.person_id))
    assert case.exclusion_indications is True and case.regime_support_indications is True
    assert case.internal_protection.model_dump() == findings
    facts = case_facts(case, TODAY)
    assert "military_service" in facts["grounds"]  # type: ignore[operator]
    assert (facts["exclusion_indications"], facts["regime_support_indications"]) == (True, True)
    assert (facts["ipa_safe_there"], facts["ipa_travel"]) == ("yes", "yes")
    assert (facts["ipa_admittance"], facts["ipa_reasonable"]) == ("no", "yes")


def test_updating_one_finding_keeps_the_others_and_audits_only_its_name(
    session: Session, people: People
) -> None:
    data = new_application(internal_protection=ALL_YES)
    out = service.register_application(session, people.alice, data, TODAY)
    session.commit()
    patch = FactsPatch.model_validate(
        {"internal_protection": {"admittance": "no"}, "exclusion_indications": True}
    )
    moved = service.update_facts(session, people.alice, out.id, patch, out.version)
    session.commit()
    assert moved.version == out.version + 1
    update = events(session)[-1]
    assert (update.action, update.purpose) == ("update", "update facts")
    assert sorted(update.fields) == ["exclusion_indications", "internal_protection.admittance"]
    assert "True" not in repr(update.fields) and "'no'" not in repr(update.fields)
    detail = service.get_application(session, people.alice, out.id, "check the update")
    assert detail.internal_protection.model_dump() == {**ALL_YES, "admittance": "no"}
    assert detail.exclusion_indications is True and detail.regime_support_indications is False
    with pytest.raises(VersionConflict):  # the ETag read before the update
        service.update_facts(session, people.alice, out.id, patch, out.version)


def test_the_indications_are_encrypted_at_rest_like_exclusion_grounds(
    session: Session, people: People
) -> None:
    data = new_application(exclusion_indications=True, internal_protection=ALL_YES)
    out = service.register_application(session, people.alice, data, TODAY)
    session.commit()
    row = session.execute(
        text(
            "SELECT exclusion_indications, regime_support_indications, "
            "internal_protection_admittance FROM applications"
        )
    ).one()
    excluded, regime, admittance = row
    assert isinstance(excluded, bytes | memoryview) and isinstance(regime, bytes | memoryview)
    assert unseal(bytes(excluded), "applications.exclusion_indications") is True
    assert unseal(bytes(regime), "applications.regime_support_indications") is False
    # the same value gives another ciphertext: a stored value cannot be told by comparing
    service.register_application(
        session, people.alice, new_application(v_number="1234567891"), TODAY
    )
    session.commit()
    blobs = session.scalars(text("SELECT regime_support_indications FROM applications")).all()
    assert len(blobs) == len(set(map(bytes, blobs))) == 2
    assert admittance == "yes"  # not special-category: stored in clear, like credibility
    # never loaded where the facts are not needed (lists, transitions), as for exclusion_grounds
    session.expire_all()
    app = load_application(session, people.alice, out.id)
    with pytest.raises(InvalidRequestError, match="raiseload"):
        _ = app.exclusion_indications
    listed, total = service.list_applications(session, people.alice)
    assert total == 2 and all(not hasattr(a, "exclusion_indications") for a in listed)


def test_reading_the_application_audits_the_indications_by_name(
    session: Session, people: People
) -> None:
    out = service.register_application(
        session, people.alice, new_application(regime_support_indications=True), TODAY
    )
    service.get_application(session, people.alice, out.id, "prepare detailed hearing")
    read = events(session)[-1]
    assert read.action == "read" and read.purpose == "prepare detailed hearing"
    assert {"exclusion_indications", "regime_support_indications"} <= set(read.fields)


@pytest.mark.usefixtures("facts_pack")
def test_the_stored_assessment_shows_the_findings_on_internal_protection(
    session: Session, people: People
) -> None:
    met = service.register_application(
        session, people.alice, new_application(internal_protection=ALL_YES), TODAY
    )
    open_ = service.register_application(
        session, people.alice, new_application(v_number="1234567891"), TODAY
    )
    session.commit()
    service.run_assessment(session, people.alice, met.id, TODAY)
    service.run_assessment(session, people.alice, open_.id, TODAY)
    session.commit()

    def steps(application_id: object) -> dict[str, object]:
        stored = session.scalars(
            select(Assessment).where(Assessment.application_id == application_id)
        ).one()
        return {s["rule"]: s["value"] for s in stored.output["steps"]}

    assert steps(met.id)["internal_protection_available"] is True
    assert steps(open_.id)["internal_protection_available"] is False
    run = [e for e in events(session) if e.purpose == "run assessment" and e.action == "read"]
    assert run and all(
        {"exclusion_indications", "regime_support_indications"} <= set(e.fields) for e in run
    )


@pytest.mark.usefixtures("facts_pack")
def test_the_stored_assessment_shows_the_indications_and_military_service(
    session: Session, people: People
) -> None:
    cases = {
        "exclusion": new_application(v_number="1000000001", exclusion_indications=True),
        "regime": new_application(v_number="1000000002", regime_support_indications=True),
        "military": new_application(v_number="1000000003", grounds=["military_service"]),
    }
    ids = {
        name: service.register_application(session, people.alice, data, TODAY).id
        for name, data in cases.items()
    }
    session.commit()
    for application_id in ids.values():
        service.run_assessment(session, people.alice, application_id, TODAY)
    session.commit()
    outputs = {
        name: session.scalars(
            select(Assessment.output).where(Assessment.application_id == application_id)
        ).one()
        for name, application_id in ids.items()
    }
    values = {name: {s["rule"]: s["value"] for s in o["steps"]} for name, o in outputs.items()}
    assert values["exclusion"]["exclusion_indicated"] is True
    assert values["regime"]["exclusion_indicated"] is False
    assert values["regime"]["regime_support_indicated"] is True
    assert values["military"]["military_service_claimed"] is True
    assert values["military"]["regime_support_indicated"] is False


def test_a_row_stored_with_null_indications_reads_them_as_false(
    session: Session, people: People
) -> None:
    """What a row from before migration 0004 holds: the model reads NULL as the default."""
    out = service.register_application(session, people.alice, new_application(), TODAY)
    session.commit()
    session.execute(
        text(
            "UPDATE applications "
            "SET exclusion_indications = NULL, regime_support_indications = NULL"
        )
    )
    session.commit()
    session.expire_all()
    app = session.get_one(Application, out.id)
    assert app.exclusion_indications is False and app.regime_support_indications is False
