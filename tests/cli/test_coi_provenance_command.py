"""`refuge coi cited-by|review|check-citations` on SQLite and PostgreSQL, with a copy of the
Syria pack whose answer to question 7 cites a test report: the rules resting on the passage,
the rules to review after a newer revision with both links, and a dangling citation (exit 1).
Bad input exits 2 with a message naming it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from coi_cli import add_users, run
from refuge.policy import find_pack

SEED = "kamervragen-syrie-terugkeer-2025-09-29@1#"
BASE = "/api/v1/coi/documents"
REPORT = "# Test\n\n## 1 Geloofwaardigheid\n\nEen verwijzing volstaat niet.\n"


@pytest.fixture
def cli(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("REFUGE_DATABASE_URL", db_url)
    add_users(db_url, ("pia", "publisher"), ("aud", "auditor"))
    original = find_pack("SY")
    assert original is not None
    folder = tmp_path / "policies"
    shutil.copytree(original.parent, folder)
    pack = folder / "SY.yaml"
    text = pack.read_text(encoding="utf-8").replace(SEED + "p34", "test-report#1-p1")
    pack.write_text(text.replace(SEED + "p49", "test-report#7-p1"), encoding="utf-8")
    monkeypatch.setenv("REFUGE_POLICY_DIR", str(folder))
    return CliRunner()


def add(cli: CliRunner, tmp_path: Path, text: str) -> None:
    path = tmp_path / "test-report.md"
    path.write_text(text, encoding="utf-8")
    run(cli, "add", str(path), "--as", "pia", "--country", "SY", "--kind", "general")


def test_cited_by_lists_the_rules_resting_on_a_passage(cli: CliRunner, tmp_path: Path) -> None:
    add(cli, tmp_path, REPORT)
    out = run(cli, "cited-by", "test-report#1-p1", "--as", "pia").stdout
    assert "coi:test-report@1#1-p1  seed-q7 (SY, Antwoord op vraag 7): ok" in out
    assert f"passage {BASE}/test-report@1/passages/1-p1" in out
    assert "rule credibility_assessed: 2011-07-06 onwards" in out
    assert "outcome recommendation row 3" in out
    written = run(cli, "cited-by", "coi:test-report#1-p1", "--as", "pia", "--format", "json")
    as_json = json.loads(written.stdout)
    assert as_json["citations"][0]["source"] == "seed-q7"


def test_review_lists_the_rules_to_review_with_both_links(cli: CliRunner, tmp_path: Path) -> None:
    add(cli, tmp_path, REPORT)
    add(cli, tmp_path, REPORT.replace("volstaat niet", "volstaat soms"))
    out = run(cli, "review", "test-report", "--as", "pia").stdout
    assert "test-report: newest revision 2; 2 citation(s) of an older revision" in out
    assert "seed-q7 (SY) coi:test-report@1#1-p1: text changed" in out
    assert f"cited  {BASE}/test-report@1/passages/1-p1" in out
    assert f"newest {BASE}/test-report@2/passages/1-p1" in out
    assert "rests on it: rule credibility_assessed" in out


def test_check_citations_reports_a_dangling_citation_and_exits_1(
    cli: CliRunner, tmp_path: Path
) -> None:
    add(cli, tmp_path, REPORT)
    out = run(cli, "check-citations", "SY", "--as", "pia", code=1).stdout
    assert "SY seed-q7: coi:test-report@1#1-p1: ok" in out
    assert "SY seed-q11: coi:test-report@1#7-p1: no-anchor" in out
    assert "SY seed-q2: coi:kamervragen-syrie-terugkeer-2025-09-29@1#p11: no-document" in out
    assert "3 citation(s): 2 dangling, 0 superseded" in out


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["cited-by", "test-report", "--as", "pia"], "write the passage as REF#ANCHOR"),
        (["cited-by", "Test Report#p1", "--as", "pia"], "is not a document reference"),
        (["review", "test-report@x", "--as", "pia"], "write the revision as @1"),
        (["review", "no-such-report", "--as", "pia"], "no document no-such-report"),
        (["check-citations", "XX", "--as", "pia"], "no policy pack for country XX"),
        (["check-citations", "--as", "aud"], "auditor may not read the report library"),
    ],
)
def test_bad_input_exits_2_naming_it(cli: CliRunner, args: list[str], says: str) -> None:
    result = run(cli, *args, code=2)
    assert says in result.output and "Traceback" not in result.output
