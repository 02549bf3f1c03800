"""Bulk import: a valid file registers one application per row with its person, decision
period and audit events; any invalid row stops the whole file, with every problem at its line;
a re-run skips what is stored."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from refuge.accounts.models import Team, User
from refuge.audit.models import AuditEvent
from refuge.audit.trail import verify
from refuge.casework.importer import Importer, ImportFileError, check_file, import_file
from refuge.casework.models import Application, Deadline, Person
from refuge.store.engine import engine_for

TODAY = date(2025, 10, 1)
HEADER = [
    "import_key",
    "v_number",
    "nationality",
    "region",
    "application_date",
    "grounds",
    "credibility",
    "risk_profiles",
    "individual_risk_indicators",
    "exclusion_grounds",
    "legal_residence",
    "minor",
    "team",
]


def row(i: int, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "import_key": f"IMP-{i:05d}",
        "v_number": f"{3000000000 + i}",
        "nationality": "SY",
        "region": "SY-HM",
        "application_date": "2025-07-01",
        "grounds": "sexual_orientation;religion",
        "credibility": "credible",
        "risk_profiles": "lgbtiq;alawite",
        "individual_risk_indicators": "1",
        "exclusion_grounds": "",
        "legal_residence": "false",
        "minor": "no",
        "team": "North",
    }
    data.update(changes)
    return data


def write_csv(path: Path, rows: list[dict[str, Any]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=HEADER)
        writer.writeheader()
        writer.writerows(rows)
    return path


@pytest.fixture
def sessions(db_url: str, session: Session) -> Callable[[], Session]:
    session.add(Team(name="North"))
    session.commit()
    return sessionmaker(engine_for(db_url), expire_on_commit=False)


def run(path: Path, sessions: Callable[[], Session], **options: Any) -> Any:
    return import_file(path, sessions, Importer("cli"), TODAY, **options)


def count(session: Session, model: Any) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


def test_each_row_becomes_an_application_with_person_deadline_and_audit(
    tmp_path: Path, sessions: Callable[[], Session], session: Session
) -> None:
    path = write_csv(tmp_path / "cases.csv", [row(i) for i in range(7)])
    result = run(path, sessions, batch_size=3)
    assert (result.rows, result.imported, result.skipped, result.batches) == (7, 7, 0, 3)
    assert count(session, Application) == count(session, Person) == count(session, Deadline) == 7
    app = session.scalars(select(Application).where(Application.import_key == "IMP-00003")).one()
    assert app.grounds == ["sexual_orientation", "religion"]
    assert app.risk_profiles == ["lgbtiq", "alawite"]
    assert (app.credibility, app.individual_risk_indicators, app.minor) == ("credible", 1, False)
    actions = session.execute(
        select(AuditEvent.entity, func.count()).group_by(AuditEvent.entity)
    ).all()
    assert dict(actions) == {"person": 7, "application": 7, "deadline": 7}
    assert set(session.scalars(select(AuditEvent.actor))) == {"cli"}
    assert verify(session) is None


def test_a_rerun_skips_the_stored_rows_and_adds_the_new_ones(
    tmp_path: Path, sessions: Callable[[], Session], session: Session
) -> None:
    run(write_csv(tmp_path / "a.csv", [row(i) for i in range(4)]), sessions)
    again = run(write_csv(tmp_path / "b.csv", [row(i) for i in range(6)]), sessions)
    assert (again.imported, again.skipped) == (2, 4)
    assert count(session, Application) == 6
    assert verify(session) is None


def test_jsonl_and_parquet_read_like_csv(
    tmp_path: Path, sessions: Callable[[], Session], session: Session
) -> None:
    jsonl = tmp_path / "cases.jsonl"
    jsonl.write_text(
        "\n".join(
            json.dumps(
                row(
                    i,
                    grounds=["religion"],
                    risk_profiles=[],
                    individual_risk_indicators=2,
                    legal_residence=True,
                    minor=True,
                )
            )
            for i in range(3)
        )
        + "\n\n",
        encoding="utf-8",
    )
    assert run(jsonl, sessions).imported == 3
    table = pa.Table.from_pylist(
        [
            row(
                i,
                application_date=date(2025, 6, 2),
                grounds=["ethnicity"],
                risk_profiles=None,
                individual_risk_indicators=0,
                legal_residence=False,
                minor=False,
            )
            for i in range(10, 14)
        ]
    )
    pq.write_table(table, tmp_path / "cases.parquet")
    assert run(tmp_path / "cases.parquet", sessions).imported == 4
    app = session.scalars(select(Application).where(Application.import_key == "IMP-00000")).one()
    assert (app.grounds, app.minor, app.legal_residence) == (["religion"], True, True)
    app = session.scalars(select(Application).where(Application.import_key == "IMP-00012")).one()
    assert (app.grounds, app.risk_profiles) == (["ethnicity"], [])


def test_a_file_with_any_bad_row_imports_nothing_and_lists_every_problem(
    tmp_path: Path, sessions: Callable[[], Session], session: Session
) -> None:
    rows = [
        row(0),
        row(1, v_number="12345"),
        row(2, credibility="maybe", application_date="2025-02-30"),
        row(3, import_key=""),
        row(4, import_key="IMP-00000"),
        row(5, region="IQ-BG"),
        row(6, team="Nowhere"),
        row(7, application_date="2025-12-01"),
    ]
    path = write_csv(tmp_path / "cases.csv", rows)
    with pytest.raises(ImportFileError) as caught:
        run(path, sessions)
    text = str(caught.value)
    lines = text.splitlines()
    assert f"{path}:3: field 'v_number': String should match pattern" in lines[0]
    assert any(f"{path}:4: field 'credibility'" in line for line in lines)
    assert any(f"{path}:4: field 'application_date'" in line for line in lines)
    assert f"{path}:5: field 'import_key': missing" in text
    assert f"{path}:6: field 'import_key': 'IMP-00000' is also on line 2" in text
    assert f"{path}:7: region_of_origin 'IQ-BG' is not in 'SY'" in text
    assert f"{path}:8: field 'team': there is no team 'Nowhere'" in text
    assert f"{path}:9: field 'application_date': 2025-12-01 is after today" in text
    assert count(session, Application) == count(session, AuditEvent) == 0


def test_problems_name_sensitive_fields_but_never_quote_their_values(
    tmp_path: Path, sessions: Callable[[], Session]
) -> None:
    path = write_csv(
        tmp_path / "cases.csv", [row(0, grounds="persecuted_as_gay", risk_profiles="alawitex")]
    )
    with pytest.raises(ImportFileError) as caught:
        run(path, sessions)
    text = str(caught.value)
    assert "field 'grounds.0'" in text and "field 'risk_profiles.0'" in text
    assert "persecuted_as_gay" not in text and "alawitex" not in text


def test_unreadable_lines_and_unknown_columns_are_named(
    tmp_path: Path, sessions: Callable[[], Session]
) -> None:
    jsonl = tmp_path / "cases.jsonl"
    jsonl.write_text(json.dumps(row(0)) + "\n{not json\n[1, 2]\n", encoding="utf-8")
    with pytest.raises(ImportFileError) as caught:
        run(jsonl, sessions)
    assert [p.line for p in caught.value.problems] == [2, 3]
    bad = tmp_path / "bad.csv"
    bad.write_text("import_key,v_number,religion\nK,1234567890,x\n", encoding="utf-8")
    with pytest.raises(ImportFileError, match=r"bad.csv:1: unknown column\(s\) 'religion'"):
        run(bad, sessions)
    ragged = tmp_path / "ragged.csv"
    ragged.write_text(",".join(HEADER) + "\n" + ",".join(row(0).values()) + ",extra\n")
    with pytest.raises(ImportFileError, match=r"ragged.csv:2: 14 cells, but the header has 13"):
        run(ragged, sessions)
    with pytest.raises(ImportFileError, match=r"name the file .csv, .jsonl or .parquet"):
        run(tmp_path / "cases.xlsx", sessions)
    fake = tmp_path / "fake.parquet"
    fake.write_text("not parquet")
    with pytest.raises(ImportFileError, match=r"not a readable Parquet file"):
        run(fake, sessions)


def test_a_known_v_number_must_keep_its_origin(
    tmp_path: Path, sessions: Callable[[], Session], session: Session
) -> None:
    run(write_csv(tmp_path / "a.csv", [row(0)]), sessions)
    path = write_csv(
        tmp_path / "b.csv",
        [
            row(1, v_number="3000000000", region="SY-DI"),
            row(2),
            row(3, v_number="3000000002", region="SY-DI"),
        ],
    )
    with pytest.raises(ImportFileError) as caught:
        check_file_or_raise(path, session)
    assert [(p.line, p.message) for p in caught.value.problems] == [
        (2, "field 'v_number': this person is registered with another origin"),
        (4, "field 'v_number': line 3 gives this person another origin"),
    ]


def check_file_or_raise(path: Path, session: Session) -> None:
    checked = check_file(path, session, TODAY)
    if checked.problems:
        raise ImportFileError(checked.problems)


def test_rows_without_a_team_take_the_default_team(
    tmp_path: Path, sessions: Callable[[], Session], session: Session
) -> None:
    path = write_csv(tmp_path / "cases.csv", [row(0, team=""), row(1, team="")])
    with pytest.raises(ImportFileError, match="field 'team': missing"):
        run(path, sessions)
    assert run(path, sessions, default_team="North").imported == 2


def test_a_named_user_is_the_actor(
    tmp_path: Path, sessions: Callable[[], Session], session: Session
) -> None:
    user = User(username="ops", display_name="Ops", password_hash="x", role="admin")
    session.add(user)
    session.commit()
    path = write_csv(tmp_path / "cases.csv", [row(0)])
    import_file(path, sessions, Importer("cli:ops", user.id), TODAY)
    assert set(session.scalars(select(AuditEvent.actor))) == {"cli:ops"}
    assert session.scalars(select(Deadline.granted_by)).one() == user.id


def test_a_caseworker_outside_the_team_is_a_problem_before_anything_is_written(
    tmp_path: Path, sessions: Callable[[], Session], session: Session
) -> None:
    north = session.scalars(select(Team).where(Team.name == "North")).one()
    south = Team(name="South")
    session.add(south)
    session.flush()
    inside = User(
        username="ina", display_name="Ina", password_hash="x", role="caseworker", team_id=north.id
    )
    outside = User(
        username="oz", display_name="Oz", password_hash="x", role="caseworker", team_id=south.id
    )
    session.add_all([inside, outside])
    session.commit()
    path = write_csv(tmp_path / "cases.csv", [row(0), row(1), row(2)])
    text = path.read_text().splitlines()
    header = text[0] + ",caseworker_id"
    body = [text[1] + f",{inside.id}", text[2] + f",{outside.id}", text[3] + ","]
    path.write_text("\n".join([header, *body]) + "\n")
    with pytest.raises(ImportFileError) as caught:
        run(path, sessions, batch_size=1)
    assert [(p.line, p.message.split(":")[0]) for p in caught.value.problems] == [
        (3, "field 'caseworker_id'")
    ]
    assert count(session, Application) == 0
    path.write_text("\n".join([header, body[0], body[2]]) + "\n")
    assert run(path, sessions).imported == 2
    assigned = session.scalars(select(Application.caseworker_id).order_by(Application.import_key))
    assert list(assigned) == [inside.id, None]
