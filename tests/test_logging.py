"""Logs are JSON lines with UTC timestamps, and no special-category value ever appears in them:
real workflows (a bulk import, reading a case, auditing) run at debug level with every log line
captured, and each line is scanned for the values those workflows handled."""

from __future__ import annotations

import io
import json
import logging  # the standard library's, to check that library records are masked too
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from refuge.accounts.models import Team, User
from refuge.casework.actor import Actor
from refuge.casework.models import Application
from refuge.casework.service import get_application
from refuge.cli import app
from refuge.logging import MASK, configure, get_logger, is_sensitive

runner = CliRunner()

# values only special-category fields hold: none may appear anywhere in a log line
NEVER_ANYWHERE = [
    "lgbtiq",
    "alawite",
    "kurd",
    "druze",
    "christian",
    "fear_former_regime",
    "political_opinion",
    "article_1F",
    "former_government_affiliate",
]
# values that are also field names: none may appear as a value
NEVER_AS_VALUE = ["sexual_orientation", "religion", "ethnicity"]

CSV = (
    "import_key,v_number,nationality,region,application_date,grounds,credibility,"
    "risk_profiles,exclusion_grounds,team\n"
    "L1,6000000001,SY,SY-LA,2025-05-01,religion;ethnicity,credible,alawite;kurd,,North\n"
    "L2,6000000002,SY,SY-HM,2025-05-02,sexual_orientation,credible,lgbtiq,,North\n"
    "L3,6000000003,SY,SY-DI,2025-05-03,fear_former_regime;political_opinion,not_credible,"
    "former_government_affiliate,article_1F,North\n"
    "L4,6000000004,SY,SY-SU,2025-05-04,religion,credible,druze;christian,,North\n"
)
BAD_CSV = CSV.replace("L4,6000000004", "L4,60").replace("druze;christian", "druze;lgbtiqx")


def _values(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for value in node.values():
            yield from _values(value)
    elif isinstance(node, list):
        for value in node:
            yield from _values(value)
    elif isinstance(node, str):
        yield node


def _scan(lines: list[str]) -> None:
    for line in lines:
        for word in NEVER_ANYWHERE:
            assert word not in line, f"{word!r} in a log line: {line}"
        for value in _values(json.loads(line)):
            for word in NEVER_AS_VALUE:
                assert word not in value, f"{word!r} as a value in a log line: {line}"


def _log_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("{")]


@pytest.fixture
def sql_echo() -> Iterator[None]:
    """SQLAlchemy's statement log (with parameters) on, as someone debugging would set it."""
    engine_log = logging.getLogger("sqlalchemy.engine")
    before = engine_log.level
    engine_log.setLevel(logging.INFO)
    yield
    engine_log.setLevel(before)


@pytest.mark.usefixtures("sql_echo")
def test_import_read_and_audit_log_no_special_category_value(
    db_url: str, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REFUGE_DATABASE_URL", db_url)
    monkeypatch.setenv("REFUGE_LOG_LEVEL", "debug")
    team = Team(name="North")
    session.add(team)
    session.flush()
    user = User(
        username="sam", display_name="Sam", password_hash="x", role="supervisor", team_id=team.id
    )
    session.add(user)
    session.commit()
    good, bad = tmp_path / "cases.csv", tmp_path / "bad.csv"
    good.write_text(CSV, encoding="utf-8")
    bad.write_text(BAD_CSV, encoding="utf-8")

    seen: list[str] = []
    rejected = runner.invoke(app, ["import", "cases", str(bad), "--as", "sam"])
    assert rejected.exit_code == 2
    assert "field 'risk_profiles.1'" in rejected.stderr and "lgbtiqx" not in rejected.stderr
    seen += _log_lines(rejected.stderr)
    imported = runner.invoke(app, ["import", "cases", str(good), "--as", "sam"])
    assert imported.exit_code == 0, imported.output
    seen += _log_lines(imported.stderr)
    assert any(json.loads(line)["event"] == "import.done" for line in seen)

    # reading the cases decrypts their facts; log what a careless caller might log
    stream = io.StringIO()
    configure("debug", stream=stream)
    actor = Actor(user_id=user.id, username="sam", role="supervisor", team_id=team.id)
    log = get_logger("test")
    for app_id in session.scalars(select(Application.id)):
        detail = get_application(session, actor, app_id, purpose="prepare the hearing")
        log.info(
            "case.read",
            application=str(app_id),
            grounds=detail.grounds,
            facts={"risk_profiles": detail.risk_profiles, "credibility": detail.credibility},
            hearing_summary="fled after being outed",
            apiToken="s3cr3t",
        )
        logging.getLogger("some.library").warning(
            "read %s", app_id, extra={"exclusion_grounds": ["article_1F"]}
        )
    session.commit()
    seen += _log_lines(stream.getvalue())
    for command in (["audit", "verify"], ["audit", "list", "--limit", "100"]):
        result = runner.invoke(app, command)
        assert result.exit_code == 0, result.output
        seen += _log_lines(result.stderr)

    _scan(seen)
    assert any('"logger": "sqlalchemy.engine' in line for line in seen)  # library records too
    masked = [json.loads(line) for line in seen if MASK in line]
    assert any(r.get("grounds") == MASK and r["facts"]["risk_profiles"] == MASK for r in masked)
    assert any(r.get("exclusion_grounds") == MASK for r in masked)
    assert "fled after being outed" not in "\n".join(seen) and "s3cr3t" not in "\n".join(seen)


def test_a_log_line_is_one_json_object_with_a_utc_timestamp_and_level() -> None:
    stream = io.StringIO()
    configure("info", stream=stream)
    get_logger("refuge.test").info("case.registered", application="A-1", fields=["grounds"])
    get_logger("refuge.test").debug("not shown at info")
    lines = stream.getvalue().splitlines()
    assert len(lines) == 1
    record = json.loads(lines[0])
    assert record["event"] == "case.registered" and record["level"] == "info"
    assert record["logger"] == "refuge.test" and record["fields"] == ["grounds"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z", record["timestamp"])
    assert date.fromisoformat(record["timestamp"][:10])


@pytest.mark.parametrize(
    "key",
    [
        "grounds",
        "risk_profiles",
        "exclusion_grounds",
        "summary",
        "hearing_summary",
        "reasons",
        "notes",
        "element",
        "question",
        "output",
        "sexual_orientation",
        "religion",
        "ethnicity",
        "password",
        "new_password",
        "token",
        "api_token",
        "apiToken",
        "Religion",
        "reason",
    ],
)
def test_sensitive_key_names_are_recognised(key: str) -> None:
    assert is_sensitive(key)


@pytest.mark.parametrize(
    "key",
    ["application", "fields", "credibility", "v_number", "event", "entity_id", "purpose", "count"],
)
def test_reference_key_names_are_kept(key: str) -> None:
    assert not is_sensitive(key)


def test_an_unknown_level_is_refused() -> None:
    with pytest.raises(ValueError, match="log level 'loud'"):
        configure("loud")
