"""`refuge coi publish DOC` on SQLite and PostgreSQL: writes the HTML, the PDF and the
inventory into --output and records the document as published; a refusal exits 2 with a
message naming what is wrong, writes no file and records nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from coi_cli import add_users, run

REPORT = """# Ambtsbericht (test)

## 1 Bronnen

De heer Karim Haddad sprak met de ambassade in Beiroet.
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


def _redact(cli: CliRunner, text: str) -> None:
    out = run(
        cli, "redact", "bronnen", "--as", "pia", "--anchor", "1-p1", "--text", text,
        "--ground", "5.1.2e", "--note", "naam van een bron", "--format", "json",
    )  # fmt: skip
    run(cli, "approve", json.loads(out.stdout)["id"], "--as", "quinn")


def test_publish_writes_the_files_and_records_the_publication(
    cli: CliRunner, tmp_path: Path
) -> None:
    _redact(cli, "Karim Haddad")
    out = tmp_path / "publicatie"
    result = run(
        cli, "publish", "bronnen", "--as", "pia", "--output", str(out),
        "--woo-decision", "Woo-2025-17", "--date", "2025-10-01", "--format", "json",
    )  # fmt: skip
    body = json.loads(result.stdout)
    assert (body["wooDecision"], body["publishedOn"], body["redactions"]) == (
        "Woo-2025-17",
        "2025-10-01",
        1,
    )
    names = sorted(p.name for p in out.iterdir())
    assert names == [
        "bronnen-r1.html",
        "bronnen-r1.inventory.csv",
        "bronnen-r1.inventory.json",
        "bronnen-r1.pdf",
    ]
    for path in out.iterdir():
        assert b"Haddad" not in path.read_bytes() and b"Karim" not in path.read_bytes()
    html = (out / "bronnen-r1.html").read_text(encoding="utf-8")
    assert '<span class="redacted" data-ground="5.1.2e"' in html
    shown = json.loads(run(cli, "show", "bronnen", "--as", "pia", "--format", "json").stdout)
    assert (shown["status"], shown["disclosure_decision"], shown["published_on"]) == (
        "published",
        "Woo-2025-17",
        "2025-10-01",
    )
    # again, without options: the recorded decision and day, the same bytes
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    run(cli, "publish", "bronnen", "--as", "pia", "--output", str(out))
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_refusals_exit_2_and_write_nothing(cli: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "publicatie"
    no_decision = run(cli, "publish", "bronnen", "--as", "pia", "--output", str(out), code=2)
    assert "--woo-decision" in no_decision.stderr and "Traceback" not in no_decision.output
    run(
        cli, "redact", "bronnen", "--as", "pia", "--anchor", "1-p1", "--text", "Beiroet",
        "--ground", "5.1.2a", "--note", "plaats",
    )  # fmt: skip
    pending = run(
        cli, "publish", "bronnen", "--as", "pia", "--output", str(out),
        "--woo-decision", "W-1", code=2,
    )  # fmt: skip
    assert "1 redaction(s)" in pending.stderr and "approval" in pending.stderr
    analyst = run(
        cli, "publish", "bronnen", "--as", "ann", "--woo-decision", "W-1", "--output", str(out),
        code=2,
    )  # fmt: skip
    assert "may not publish" in analyst.stderr
    unknown = run(cli, "publish", "elders", "--as", "pia", "--woo-decision", "W-1", code=2)
    assert "elders" in unknown.stderr
    bad_day = run(cli, "publish", "bronnen", "--as", "pia", "--date", "1-10-2025", code=2)
    assert "--date" in bad_day.stderr
    assert not out.exists()
    shown = json.loads(run(cli, "show", "bronnen", "--as", "pia", "--format", "json").stdout)
    assert shown["status"] == "internal" and shown["disclosure_decision"] is None
