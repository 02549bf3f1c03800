"""A cohort's facts read in bulk (`cohort_facts`) are exactly the facts each member's `Case`
gives (`case_of`, `case_facts`), on SQLite and PostgreSQL; the read is audited as one event; a
stored value the engine cannot read is named, not passed on."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from refuge.analytics.caseload import ROW, cohort_facts
from refuge.analytics.cohort import Cohort
from refuge.analytics.stored_facts import FINDINGS, StoredFactError, facts_columns
from refuge.audit.models import AuditEvent
from refuge.bulk.evaluate import facts_table
from refuge.case.facts import case_facts
from refuge.case.schema import Case
from refuge.casework.case_facts import READS, case_of
from refuge.casework.demo.load import load_demo_caseload
from refuge.casework.models import Application, Person
from refuge.policy.facts import FACTS
from refuge.store.crypto import SecretKeyError, seal
from refuge.store.engine import session_factory

HOLDERS = Cohort(nationality="SY", permit="temporary_asylum")


@pytest.fixture
def demo(db_url: str, session: Session) -> Session:
    load_demo_caseload(session_factory(db_url), 300, seed=5, chunk_size=150)
    return session


def _one_by_one(session: Session, cohort: Cohort) -> pa.Table:
    """The facts the way one case gets them: a `Case` per member, its facts per member."""
    people = sorted(
        session.scalars(select(Person).where(Person.nationality == cohort.nationality)),
        key=lambda p: str(p.id),
    )
    rows: list[dict[str, Any]] = []
    for person in people:
        newest = session.scalars(
            select(Application)
            .where(Application.person_id == person.id)
            .order_by(Application.application_date.desc(), Application.id)
        ).first()
        assert newest is not None
        case = case_of(session, newest, person)
        if cohort.permit and case.permit is None:
            continue
        facts = case_facts(case, newest.application_date)
        rows.append({ROW: len(rows), "person_id": str(person.id), **facts})
    return facts_table(rows, FACTS)


def _vary(session: Session) -> None:
    """Give some members a newer application with other facts, and some flags from before the
    flags existed (NULL), so the read meets more than the demo's defaults."""
    people = session.scalars(select(Person).where(Person.nationality == "SY")).all()
    for n, person in enumerate(people[:40]):
        old = session.scalars(select(Application).where(Application.person_id == person.id)).one()
        session.add(
            Application(
                person_id=person.id,
                team_id=old.team_id,
                application_date=old.application_date + timedelta(days=30 + n),
                grounds=["religion", "political_opinion"][: n % 3],
                risk_profiles=["kurd", "christian"] if n % 2 else [],
                exclusion_grounds=["article_1F"] if n % 7 == 0 else [],
                exclusion_indications=n % 5 == 0,
                regime_support_indications=n % 4 == 0,
                credibility=("credible", "partly_credible", "not_credible")[n % 3],
                individual_risk_indicators=None if n % 9 == 0 else n % 4,
                internal_protection={"safe_there": "yes", "admittance": "no"} if n % 2 else {},
                legal_residence=n % 3 == 0,
                minor=n % 6 == 0,
            )
        )
    session.flush()
    ids = [p.id for p in people[40:60]]
    session.execute(  # None is stored as NULL, not sealed
        update(Application)
        .where(Application.person_id.in_(ids))
        .values(exclusion_indications=None, regime_support_indications=None)
        .execution_options(synchronize_session=False)
    )


@pytest.mark.parametrize("cohort", [HOLDERS, Cohort(nationality="SY")], ids=["holders", "all"])
def test_the_bulk_read_gives_each_member_the_facts_of_their_case(
    demo: Session, cohort: Cohort
) -> None:
    with demo.begin():
        _vary(demo)
    with demo.begin():
        read = cohort_facts(demo, cohort, actor="analyst", purpose="scenario run: test")
    with demo.begin():
        expected = _one_by_one(demo, cohort)
    assert read.num_rows == expected.num_rows > 100
    assert read.equals(expected)
    assert read.column("exclusion_indications").to_pylist().count(True) > 0


def test_reading_a_cohort_is_one_audit_event_naming_the_special_category_fields(
    demo: Session,
) -> None:
    with demo.begin():
        before = demo.scalar(select(AuditEvent.seq).order_by(AuditEvent.seq.desc()).limit(1))
        read = cohort_facts(demo, HOLDERS, actor="analyst", purpose="scenario run: cessation")
    with demo.begin():
        events = demo.scalars(
            select(AuditEvent).where(AuditEvent.seq > (before or 0)).order_by(AuditEvent.seq)
        ).all()
    assert [(e.actor, e.action, e.entity) for e in events] == [("analyst", "read", "cohort")]
    assert events[0].entity_id == f"{read.num_rows} applications"
    assert sorted(events[0].fields) == sorted(READS)
    assert events[0].purpose == "scenario run: cessation"


def test_an_empty_cohort_reads_as_an_empty_table_and_is_audited(demo: Session) -> None:
    with demo.begin():
        read = cohort_facts(demo, Cohort(nationality="ZZ"), actor="analyst", purpose="test")
        last = demo.scalars(select(AuditEvent).order_by(AuditEvent.seq.desc()).limit(1)).one()
    assert read.num_rows == 0
    assert set(read.column_names) == {*FACTS, ROW, "person_id"}
    assert last.entity_id == "0 applications"


def test_a_stored_value_the_engine_cannot_read_is_named(demo: Session) -> None:
    with demo.begin():
        person = demo.scalars(select(Person).where(Person.nationality == "SY")).first()
        assert person is not None
        app = demo.scalars(select(Application).where(Application.person_id == person.id)).one()
        app.grounds = ["a_ground_nobody_knows"]
    with demo.begin(), pytest.raises(StoredFactError) as raised:
        cohort_facts(demo, Cohort(nationality="SY"), actor="analyst", purpose="test")
    message = str(raised.value)
    assert str(person.id) in message and "grounds" in message
    assert "'a_ground_nobody_knows'" in message


def test_a_wrong_key_says_so(demo: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REFUGE_SECRET_KEY", "bWFkZS11cC1rZXktb2YtdGhpcnR5LXR3by1ieXRlcyE=")
    with demo.begin(), pytest.raises(SecretKeyError, match="cannot decrypt applications"):
        cohort_facts(demo, HOLDERS, actor="analyst", purpose="test")


# The column builder on its own, over inputs of every shape a driver hands over.


@dataclass(frozen=True)
class Stored:
    case: Case
    person: uuid.UUID


def _words(name: str) -> st.SearchStrategy[list[str]]:
    domain = sorted(FACTS[name].domain or ())
    return st.lists(st.sampled_from(domain), unique=True, max_size=3)


def _finding() -> st.SearchStrategy[str]:
    return st.sampled_from(["yes", "no", "not_assessed"])


@st.composite
def stored(draw: st.DrawFn) -> Stored:
    granted = draw(st.dates(date(2014, 1, 1), date(2025, 1, 1)))
    permit = draw(
        st.none()
        | st.builds(
            dict,
            kind=st.just("temporary_asylum"),
            ground=st.sampled_from(["refugee", "subsidiary_general_risk", "subsidiary_individual"]),
            granted=st.just(granted),
            valid_until=st.just(granted + timedelta(days=5 * 365)),
        )
    )
    case = Case.model_validate(
        {
            "case_id": "x",
            "nationality": "SY",
            "region": draw(st.sampled_from(["SY-DI", "SY-HM", "SY-HL", "SY-RD"])),
            "application_date": draw(st.dates(date(2011, 1, 1), date(2025, 12, 31))),
            "grounds": draw(_words("grounds")),
            "credibility": draw(
                st.sampled_from(["credible", "partly_credible", "not_credible", "not_assessed"])
            ),
            "risk_profiles": draw(_words("risk_profiles")),
            "individual_risk_indicators": draw(st.none() | st.integers(0, 1000)),
            "exclusion_grounds": draw(_words("exclusion_grounds")),
            "exclusion_indications": draw(st.booleans()),
            "regime_support_indications": draw(st.booleans()),
            "internal_protection": {
                "safe_there": draw(_finding()),
                "safe_and_legal_travel": draw(_finding()),
                "admittance": draw(_finding()),
                "reasonable_to_settle": draw(_finding()),
            },
            "permit": permit,
            "legal_residence": draw(st.booleans()),
            "minor": draw(st.booleans()),
        }
    )
    return Stored(case, draw(st.uuids()))


def _as_driver(rows: list[Stored], sqlite: bool) -> dict[str, list[Any]]:
    """The columns as SQLite (dates as text, yes/no as 0 and 1, ids as 32 hex digits) or
    PostgreSQL (dates, booleans, ids with hyphens) hand them over."""

    def day(d: date | None) -> Any:
        return None if d is None else (d.isoformat() if sqlite else d)

    def yes(b: bool) -> Any:
        return int(b) if sqlite else b

    ip = {
        "internal_protection_safe_there": "safe_there",
        "internal_protection_safe_and_legal_travel": "safe_and_legal_travel",
        "internal_protection_admittance": "admittance",
        "internal_protection_reasonable_to_settle": "reasonable_to_settle",
    }
    assert set(ip) == set(FINDINGS)
    out: dict[str, list[Any]] = {
        "person_id": [r.person.hex if sqlite else str(r.person) for r in rows],
        "nationality": [r.case.nationality for r in rows],
        "region_of_origin": [r.case.region for r in rows],
        "application_date": [day(r.case.application_date) for r in rows],
        "credibility": [r.case.credibility for r in rows],
        "individual_risk_indicators": [r.case.individual_risk_indicators for r in rows],
        **{
            stored: [getattr(r.case.internal_protection, name) for r in rows]
            for stored, name in ip.items()
        },
        "legal_residence": [yes(r.case.legal_residence) for r in rows],
        "minor": [yes(r.case.minor) for r in rows],
        "ground": [r.case.permit.ground if r.case.permit else None for r in rows],
        "granted": [day(r.case.permit.granted if r.case.permit else None) for r in rows],
        "valid_until": [day(r.case.permit.valid_until if r.case.permit else None) for r in rows],
    }
    for name in READS:
        out[name] = [seal(getattr(r.case, name), f"applications.{name}") for r in rows]
    return out


@settings(max_examples=60, deadline=None)
@given(rows=st.lists(stored(), min_size=1, max_size=30), sqlite=st.booleans())
def test_the_columns_hold_what_each_case_gives(rows: list[Stored], sqlite: bool) -> None:
    expected = facts_table(
        [
            {
                ROW: i,
                "person_id": str(r.person),
                **case_facts(r.case, r.case.application_date),
            }
            for i, r in enumerate(rows)
        ],
        FACTS,
    )
    assert facts_columns(_as_driver(rows, sqlite), "applications").equals(expected)
