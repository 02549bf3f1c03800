"""The synthetic demo caseload (issue 8, section 1): calibrated to 75,330 Syrian temporary
permit holders on 1 June 2025 at the default size and in proportion at other sizes, the same for
the same seed, marked synthetic, consistent with the law's timeline, and loaded only into an
empty store (SQLite and PostgreSQL)."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import text
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from refuge.audit.trail import verify
from refuge.casework.demo.calibration import (
    DATA_DATE,
    HOLDERS_AT_REFERENCE,
    MORATORIUM_END,
    MORATORIUM_START,
    REFERENCE_DATE,
    Groups,
)
from refuge.casework.demo.caseload import Chunk, Context, chunks
from refuge.casework.demo.load import StoreNotEmpty, load_demo_caseload
from refuge.cli import app
from refuge.policy.country import load_country_pack
from refuge.store.engine import session_factory

CONTEXT = Context(
    seed=7,
    team_id=uuid.UUID(int=1),
    decider_id=uuid.UUID(int=2),
    regions=tuple(sorted(load_country_pack("SY").regions)),
)
HOLDERS_SQL = text(
    "SELECT count(*) FROM permits p JOIN people x ON x.id = p.person_id "
    "WHERE x.nationality = 'SY' AND p.kind = 'temporary_asylum' AND p.status = 'active' "
    "AND p.granted <= :day AND p.valid_until >= :day"
)


def _all(context: Context, persons: int) -> Chunk:
    whole = Chunk()
    for chunk in chunks(context, Groups.of(persons), size=257):
        for name in ("people", "applications", "deadlines", "decisions", "permits", "return_cases"):
            getattr(whole, name).extend(getattr(chunk, name))
    return whole


def _holders(rows: Chunk, day: date = REFERENCE_DATE) -> int:
    syrians = {p["id"] for p in rows.people if p["nationality"] == "SY"}
    return sum(
        1
        for p in rows.permits
        if p["person_id"] in syrians
        and p["kind"] == "temporary_asylum"
        and p["status"] == "active"
        and p["granted"] <= day <= p["valid_until"]
    )


def test_the_default_size_has_exactly_the_published_number_of_holders() -> None:
    groups = Groups.of(100_000)
    assert groups.holders == HOLDERS_AT_REFERENCE == 75_330
    # about 16,000 pending when the moratorium began; of them 700 returned with support and 84
    # on the charter of 16 September 2025
    assert groups.pending_moratorium + groups.returned + groups.charter == 16_000
    assert (groups.returned, groups.charter) == (700, 84)
    assert sum(vars(groups).values()) - groups.persons == groups.persons


@settings(max_examples=15, deadline=None)
@given(persons=st.integers(100, 3_000), seed=st.integers(0, 2**32))
def test_every_size_holds_the_published_share_of_holders_and_no_more(
    persons: int, seed: int
) -> None:
    rows = _all(Context(seed, CONTEXT.team_id, CONTEXT.decider_id, CONTEXT.regions), persons)
    assert len(rows.people) == len(rows.applications) == persons
    assert _holders(rows) == round(HOLDERS_AT_REFERENCE * persons / 100_000)


def test_the_same_seed_gives_the_same_caseload_and_another_seed_another() -> None:
    assert _all(CONTEXT, 500) == _all(CONTEXT, 500)
    other = Context(8, CONTEXT.team_id, CONTEXT.decider_id, CONTEXT.regions)
    assert _all(other, 500).applications != _all(CONTEXT, 500).applications


def test_the_returns_are_the_published_ones() -> None:
    rows = _all(CONTEXT, 100_000 // 20)  # 35 supported returns and 4 on the charter
    charter = [r for r in rows.return_cases if r["route"] == "charter"]
    supported = [r for r in rows.return_cases if r["route"] == "supported"]
    assert len(charter) == round(84 / 20) and len(supported) == round(700 / 20)
    assert {r["departed_on"] for r in charter} == {date(2025, 9, 16)}
    assert all(date(2025, 1, 1) <= r["departed_on"] <= date(2025, 9, 30) for r in supported)
    left = {r["application_id"] for r in rows.return_cases}
    assert all(a["status"] == "withdrawn" for a in rows.applications if a["id"] in left)
    assert all(r["status"] == "departed" for r in rows.return_cases)


def test_the_caseload_follows_the_timeline() -> None:
    rows = _all(CONTEXT, 3_000)
    lodged = {a["id"]: a["application_date"] for a in rows.applications}
    nationality = {p["id"]: p["nationality"] for p in rows.people}
    syrian_app = {a["id"] for a in rows.applications if nationality[a["person_id"]] == "SY"}
    for decision in rows.decisions:
        day = decision["decided_at"].date()
        assert lodged[decision["application_id"]] <= day <= DATA_DATE
        if decision["application_id"] in syrian_app:  # no decision during the moratorium
            assert not MORATORIUM_START <= day <= MORATORIUM_END
    decided = {d["application_id"] for d in rows.decisions}
    for application in rows.applications:
        assert (application["status"] == "decided") == (application["id"] in decided)
    grants = {d["application_id"] for d in rows.decisions if d["outcome"].startswith("grant")}
    for permit in rows.permits:
        assert permit["application_id"] in grants
        assert permit["granted"] < permit["valid_until"]
    assert all(a["import_key"].startswith("synthetic:7:") for a in rows.applications)
    assert all(p["pseudonym"].startswith("SYN-") for p in rows.people)
    assert all(d["reasons"].startswith("synthetic demo data") for d in rows.decisions)


def test_the_store_holds_the_calibrated_caseload_and_refuses_a_second_one(
    db_url: str, session: Session
) -> None:
    sessions = session_factory(db_url)
    loaded = load_demo_caseload(sessions, 300, seed=5, chunk_size=64)
    assert loaded.rows["people"] == loaded.rows["applications"] == 300
    assert session.scalar(HOLDERS_SQL, {"day": REFERENCE_DATE}) == Groups.of(300).holders == 226
    synthetic = session.scalar(
        text("SELECT count(*) FROM applications WHERE import_key LIKE 'synthetic:5:%'")
    )
    assert synthetic == 300
    assert verify(session) is None  # the load is in the audit trail, and the chain holds
    events = session.scalar(text("SELECT count(*) FROM audit_events WHERE actor = 'demo-data'"))
    assert events and events >= 5 * 5  # per chunk and table
    with pytest.raises(StoreNotEmpty):
        load_demo_caseload(sessions, 300, seed=6)
    assert session.scalar(text("SELECT count(*) FROM applications")) == 300


def test_the_command_refuses_a_size_below_the_minimum_and_a_filled_store(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REFUGE_DATABASE_URL", db_url)
    runner = CliRunner()
    small = runner.invoke(app, ["demo-data", "--persons", "50"])
    assert small.exit_code == 2
    assert "--persons" in small.output
    loaded = runner.invoke(app, ["demo-data", "--persons", "150", "--seed", "2"])
    assert loaded.exit_code == 0, loaded.output
    assert "SYNTHETIC" in loaded.output and "113" in loaded.output  # round(75,330 * 0.0015)
    again = runner.invoke(app, ["demo-data", "--persons", "150"])
    assert again.exit_code == 2
    assert "empty store" in again.output
