"""`refuge coi redact|redactions|approve|reject|scan|proposals|accept|dismiss|grounds` on
SQLite and PostgreSQL: one publisher marks, another approves; the scan proposes and a
publisher accepts; bad input exits 2 naming the option and changes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from coi_cli import add_users, run
from refuge.coi.redaction_models import CoiRedaction

REPORT = """# Ambtsbericht (test)

## 1 Bronnen

De heer Karim Haddad sprak met de ambassade; zijn BSN is 111222333.
"""


@pytest.fixture
def cli(db_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> CliRunner:
    monkeypatch.setenv("REFUGE_DATABASE_URL", db_url)
    add_users(db_url, ("pia", "publisher"), ("quinn", "publisher"), ("ann", "analyst"))
    path = tmp_path / "bronnen.md"
    path.write_text(REPORT, encoding="utf-8")
    runner = CliRunner()
    run(runner, "add", str(path), "--as", "pia", "--country", "SY")
    return runner


def _versions(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(CoiRedaction)) or 0


def test_one_publisher_marks_and_another_approves(cli: CliRunner) -> None:
    out = run(
        cli, "redact", "bronnen", "--as", "pia", "--anchor", "1-p1", "--text", "Karim Haddad",
        "--ground", "5.1.2e", "--note", "naam van een bron", "--format", "json",
    )  # fmt: skip
    marked = json.loads(out.stdout)
    assert (marked["status"], marked["text"]) == ("marked", "Karim Haddad")
    own = run(cli, "approve", marked["id"], "--as", "pia", code=2)
    assert "four eyes" in own.stderr
    approved = run(cli, "approve", marked["id"], "--as", "quinn").stdout
    assert "approved" in approved and "marked by cli:pia, approved by cli:quinn" in approved
    listed = run(cli, "redactions", "bronnen", "--as", "quinn").stdout
    assert "approved 14-26" in listed or "approved" in listed
    assert "1 redaction(s); 0 awaiting a decision" in listed


def test_a_publisher_rejects_with_a_reason(cli: CliRunner) -> None:
    out = run(
        cli, "redact", "bronnen", "--as", "pia", "--start", "0", "--end", "10",
        "--ground", "5.2", "--note", "intern", "--format", "json",
    )  # fmt: skip
    rid = json.loads(out.stdout)["id"]
    run(cli, "reject", rid, "--as", "quinn", code=2)  # --reason is required
    done = run(cli, "reject", rid, "--as", "quinn", "--reason", "een kop, geen beleidsopvatting")
    assert "rejected" in done.stdout
    again = run(cli, "approve", rid, "--as", "pia", code=2)
    assert "rejected already" in again.stderr


def test_the_scan_proposes_and_a_publisher_accepts(cli: CliRunner) -> None:
    out = json.loads(run(cli, "scan", "bronnen", "--as", "pia", "--format", "json").stdout)
    found = {p["recogniser"]: p for p in out["new"]}
    assert set(found) == {"titled_name", "bsn"}
    text = run(cli, "proposals", "bronnen", "--as", "pia").stdout
    assert "2 proposal(s)" in text
    accepted = run(cli, "accept", found["bsn"]["id"], "--as", "quinn").stdout
    assert "5.1.1e" in accepted and "awaiting another publisher's approval" in accepted
    run(cli, "dismiss", found["titled_name"]["id"], "--as", "quinn")
    listed = run(cli, "redactions", "bronnen", "--as", "pia").stdout
    assert "1 redaction(s); 1 awaiting a decision" in listed
    decided = run(cli, "accept", found["bsn"]["id"], "--as", "pia", code=2)
    assert "accepted already" in decided.stderr


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--start", "0", "--end", "5", "--ground", "5.1.9", "--note", "n"], "5.1.2e"),
        (["--start", "0", "--end", "99999", "--ground", "5.2", "--note", "n"], "--end"),
        (["--anchor", "7-p1", "--text", "x", "--ground", "5.2", "--note", "n"], "--anchor"),
        (["--anchor", "1-p1", "--text", "Assad", "--ground", "5.2", "--note", "n"], "--text"),
        (["--start", "0", "--ground", "5.2", "--note", "n"], "both start and end"),
        (["--ground", "5.2", "--note", "n"], "--start/--end or --anchor/--text"),
        (["--start", "0", "--end", "5", "--ground", "5.2", "--note", " "], "--note"),
    ],
)
def test_bad_input_exits_2_naming_it_and_marks_nothing(
    cli: CliRunner, session: Session, args: list[str], words: str
) -> None:
    out = run(cli, "redact", "bronnen", "--as", "pia", *args, code=2)
    assert words in out.stderr
    assert "Traceback" not in out.output
    assert _versions(session) == 0


def test_others_than_publishers_are_refused(cli: CliRunner, session: Session) -> None:
    out = run(
        cli, "redact", "bronnen", "--as", "ann", "--start", "0", "--end", "5",
        "--ground", "5.2", "--note", "n", code=2,
    )  # fmt: skip
    assert "publisher" in out.stderr
    assert "not an id" in run(cli, "approve", "nonsense", "--as", "quinn", code=2).stderr
    assert _versions(session) == 0


def test_the_grounds_are_listed_in_dutch_and_english(cli: CliRunner) -> None:
    en = run(cli, "grounds").stdout
    assert "5.1.2e   art. 5.1 lid 2 sub e" in en and "respect for private life" in en
    assert "persoonlijke levenssfeer" in run(cli, "grounds", "--language", "nl").stdout
