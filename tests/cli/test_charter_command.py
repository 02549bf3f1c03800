"""`refuge charter plan|depart` (issue 8, section 4) on SQLite and PostgreSQL: flights by
region of return and date within their seats, the case waiting longest first; the team's cases
only; a forced charter never carries a person with an established real risk on return, nor
anyone while the pack has no return agreement; bad input exits 2 naming the option and changes
nothing; a departure on a charter is counted as such."""

from __future__ import annotations

import json
import re
import uuid
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from charter_cases import (
    EXCLUDED_NO_RISK,
    NO_RISK,
    REAL_RISK,
    TODAY,
    actor,
    return_case,
    write_agreement_pack,
)
from moratorium_pack import forget_packs
from refuge.audit.models import AuditEvent
from refuge.casework.models import ReturnCase
from refuge.cli import app

FIRST = TODAY + timedelta(days=10)
AFTER_FIRST = ["--first-flight", FIRST.isoformat()]
SUMMARY = ["--summary", *AFTER_FIRST]


@pytest.fixture
def cli(db_url: str, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("REFUGE_DATABASE_URL", db_url)
    return CliRunner()


def plan(cli: CliRunner, *args: str, ok: bool = True) -> Any:
    base = ["charter", "plan", "--as", "nora", "--country", "SY", "--format", "json"]
    result = cli.invoke(app, [*base, *args])
    if not ok:
        return result
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def on_flights(p: dict[str, Any]) -> dict[tuple[str, str], list[str]]:
    return {(f["region"], f["date"]): f["return_case_ids"] for f in p["flights"]}


def waiting(p: dict[str, Any]) -> dict[str, str]:
    return {w["return_case_id"]: w["reason"] for w in p["waiting"]}


def test_flights_by_region_and_date_within_their_seats_for_the_team_only(
    cli: CliRunner, session: Session
) -> None:
    nora = actor(session, "nora", "caseworker", "north")
    sven = actor(session, "sven", "caseworker", "south")
    # five ready for Damascus, opened a day apart (the earliest waits longest), two for Homs
    di = [
        str(return_case(session, nora, f"10000000{i:02d}", opened_on=TODAY - timedelta(days=9 - i)))
        for i in range(5)
    ]
    hl = [
        str(return_case(session, nora, f"20000000{i:02d}", region="SY-HL", to_state=s))
        for i, s in enumerate(("facilitated_departure", "voluntary_departure"))
    ]
    undecided = str(return_case(session, nora, "3000000000", to_state=None))
    south = str(return_case(session, sven, "4000000000"))

    p = plan(cli, "--first-flight", FIRST.isoformat(), "--seats", "2", "--flights", "2")
    second = (FIRST + timedelta(days=7)).isoformat()
    assert on_flights(p) == {
        ("SY-DI", FIRST.isoformat()): di[:2],
        ("SY-DI", second): di[2:4],
        ("SY-HL", FIRST.isoformat()): sorted(hl),  # opened the same day: by id
    }
    assert all(f["booked"] <= f["seats"] == 2 for f in p["flights"])
    assert waiting(p) == {di[4]: "no_seat", undecided: "no_track_chosen"}
    assert south not in json.dumps(p)  # another team's case appears nowhere
    assert any("no source gives a charter's capacity" in a for a in p["assumptions"])

    # by country: one flight for all of them
    whole = plan(cli, "--first-flight", FIRST.isoformat(), "--seats", "84", "--by", "country")
    assert [(f["region"], f["booked"]) for f in whole["flights"]] == [(None, 7)]

    # the text a planner reads says what rests on assumptions
    text = cli.invoke(
        app,
        ["charter", "plan", "--as", "nora", "--country", "SY", "--seats", "2", *AFTER_FIRST],
    )
    assert text.exit_code == 0, text.output
    assert f"flight {FIRST.isoformat()} to SY-DI: 2 of 2 seats" in text.stdout
    assert "assumptions (no source settles these)" in text.stdout and di[0] in text.stdout

    # the plan's reading is audited as the person who asked
    with session.begin():
        read = session.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.entity == "charter_plan", AuditEvent.actor == "cli:nora")
        )
    assert read == 3


def test_the_summary_shows_counts_through_disclosure_control_and_no_ids(
    cli: CliRunner, session: Session
) -> None:
    nora = actor(session, "nora", "caseworker", "north")
    ids = [str(return_case(session, nora, f"50000000{i:02d}")) for i in range(12)]
    ids.append(str(return_case(session, nora, "5100000000", region="SY-HL")))
    p = plan(cli, "--first-flight", FIRST.isoformat(), "--seats", "84", "--summary")
    rows = {r["destination"]: r["counts"] for r in p["rows"]}
    assert rows["SY-HL"]["on_a_flight"] is None  # one person: suppressed
    shown = [n for counts in rows.values() for n in counts.values() if n is not None]
    assert all(n == 0 or n >= 10 for n in shown)
    # 12 on a flight to Damascus, a thirteenth to Homs: no two shown counts give the 1 away
    assert not {12, 13} <= set(shown)
    text = cli.invoke(
        app,
        ["charter", "plan", "--as", "nora", "--country", "SY", "--seats", "84", *SUMMARY],
    )
    assert text.exit_code == 0, text.output
    assert "<10" in text.stdout
    assert not any(i in text.stdout or i in json.dumps(p) for i in ids)


def test_a_forced_charter_never_carries_a_person_with_an_established_real_risk(
    cli: CliRunner, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a pack with a return agreement, under which the general presumption of real risk on
    # return comes back in force 30 days from now
    monkeypatch.setenv("REFUGE_POLICY_DIR", str(tmp_path))
    write_agreement_pack(tmp_path, risk_from=TODAY + timedelta(days=30))
    nora = actor(session, "nora", "caseworker", "north")
    excluded = str(
        return_case(
            session, nora, "6000000001", to_state="forced_departure", facts=EXCLUDED_NO_RISK
        )
    )
    rejected = str(
        return_case(session, nora, "6000000002", to_state="forced_departure", facts=NO_RISK)
    )
    # a real risk established today: forced departure is refused, but the person may leave
    at_risk = str(
        return_case(session, nora, "6000000003", to_state="voluntary_departure", facts=REAL_RISK)
    )

    soon = plan(cli, "--kind", "forced", "--first-flight", FIRST.isoformat(), "--seats", "5")
    assert on_flights(soon) == {("SY-DI", FIRST.isoformat()): sorted([excluded, rejected])}
    assert waiting(soon) == {at_risk: "voluntary_track"}

    later = (TODAY + timedelta(days=60)).isoformat()
    late = plan(cli, "--kind", "forced", "--first-flight", later, "--seats", "5")
    assert late["flights"] == []
    assert waiting(late) == {
        excluded: "article_3",
        rejected: "not_obliged",
        at_risk: "voluntary_track",
    }
    detail = next(w["detail"] for w in late["waiting"] if w["return_case_id"] == excluded)
    assert detail.startswith(f"on {later}:") and "Article 3 ECHR" in detail

    # the voluntary charter carries the person who chose to leave, and no forced case
    voluntary = plan(cli, "--first-flight", FIRST.isoformat(), "--seats", "5")
    assert on_flights(voluntary) == {("SY-DI", FIRST.isoformat()): [at_risk]}
    assert set(waiting(voluntary).values()) == {"forced_track"}

    # reading the facts for the check is audited per application
    with session.begin():
        checks = session.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.purpose == "charter: forced return check")
        )
    assert checks == 4  # two applications, two plans

    # under the real Syria pack: no return agreement, so nobody on a forced charter
    monkeypatch.delenv("REFUGE_POLICY_DIR")
    forget_packs()
    real = plan(cli, "--kind", "forced", "--first-flight", FIRST.isoformat(), "--seats", "5")
    assert real["flights"] == []
    assert waiting(real)[excluded] == waiting(real)[rejected] == "no_return_agreement"


def _audit_and_cases(session: Session) -> tuple[int, list[tuple[str, str | None]]]:
    with session.begin():
        events = session.scalar(select(func.count()).select_from(AuditEvent)) or 0
        cases = [(c.status, c.route) for c in session.scalars(select(ReturnCase))]
    return events, sorted(cases, key=str)


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["--country", "XX", "--first-flight", FIRST.isoformat(), "--seats", "84"], "--country"),
        (["--country", "sy!", "--first-flight", FIRST.isoformat(), "--seats", "84"], "--country"),
        (["--country", "SY", "--first-flight", FIRST.isoformat(), "--seats", "0"], "--seats"),
        (["--country", "SY", "--first-flight", "2025-13-01", "--seats", "84"], "--first-flight"),
        (["--country", "SY", "--first-flight", "2020-01-01", "--seats", "84"], "--first-flight"),
        (
            [
                "--country",
                "SY",
                "--first-flight",
                FIRST.isoformat(),
                "--seats",
                "8",
                "--every",
                "0",
            ],
            "--every",
        ),
        (
            ["--country", "SY", "--first-flight", FIRST.isoformat(), "--seats", "8", "--kind", "x"],
            "--kind",
        ),
    ],
)
def test_bad_input_exits_2_naming_the_option_and_changes_nothing(
    cli: CliRunner, session: Session, args: list[str], option: str
) -> None:
    nora = actor(session, "nora", "caseworker", "north")
    return_case(session, nora, "7000000001")
    before = _audit_and_cases(session)
    result = cli.invoke(app, ["charter", "plan", "--as", "nora", *args])
    assert result.exit_code == 2
    assert option in result.stderr and "Traceback" not in result.output
    assert _audit_and_cases(session) == before


def test_only_a_caseworker_or_supervisor_plans(cli: CliRunner, session: Session) -> None:
    actor(session, "ana", "analyst", "north")
    session.commit()
    result = cli.invoke(
        app,
        ["charter", "plan", "--as", "ana", "--country", "SY", "--seats", "84", *AFTER_FIRST],
    )
    assert result.exit_code == 2 and "sees no return cases" in result.stderr


def test_departing_on_a_charter_is_counted_as_a_charter_all_or_nothing(
    cli: CliRunner, session: Session
) -> None:
    nora = actor(session, "nora", "caseworker", "north")
    sven = actor(session, "sven", "caseworker", "south")
    ours = [str(return_case(session, nora, f"80000000{i:02d}")) for i in range(2)]
    theirs = str(return_case(session, sven, "8100000000"))
    before = _audit_and_cases(session)
    for bad in ([*ours, "not-an-id"], [*ours, theirs], [*ours, str(uuid.uuid4())]):
        refused = cli.invoke(app, ["charter", "depart", *bad, "--as", "nora"])
        assert refused.exit_code == 2
        assert "nothing was recorded" in refused.stderr or "not a return case id" in refused.stderr
        assert _audit_and_cases(session) == before
    day = TODAY.isoformat()
    done = cli.invoke(app, ["charter", "depart", *ours, "--as", "nora", "--on", day])
    assert done.exit_code == 0, done.output
    with session.begin():
        left = session.scalars(
            select(ReturnCase).where(ReturnCase.id.in_([uuid.UUID(i) for i in ours]))
        )
        assert {(c.status, c.route, c.departed_on) for c in left} == {
            ("departed", "charter", TODAY)
        }
    assert re.search(r"recorded 2 departure\(s\) on the charter of", done.stdout)
    # departed: no longer on any plan
    p = plan(cli, "--first-flight", FIRST.isoformat(), "--seats", "84")
    assert p["flights"] == [] and p["waiting"] == []
    assert date.fromisoformat(day) == TODAY
