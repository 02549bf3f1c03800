"""`refuge coi search` on SQLite and PostgreSQL: a publisher adds a Dutch and an English report
and finds passages by other forms of a word, as text with the matched words marked or as JSON;
a bad query or option exits 2 naming it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from coi_cli import add_users, run

DUTCH = """# Algemeen ambtsbericht Syrië

## 2 Terugkeer

Wie wil terugkeren, meldt zich bij de grens.

Een veilige terugkeer naar Noord-Syrië is niet gewaarborgd.
"""
ENGLISH = """# Returns to Syria

## 1 Returns

A return to Damascus is possible for some.
"""


@pytest.fixture
def cli(db_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> CliRunner:
    monkeypatch.setenv("REFUGE_DATABASE_URL", db_url)
    add_users(db_url, ("pia", "publisher"), ("ada", "admin"))
    runner = CliRunner()
    for name, text, meta in (
        ("syrie.md", DUTCH, ["--country", "SY", "--date", "2025-06-01"]),
        ("returns.md", ENGLISH, ["--country", "SY", "--kind", "thematic"]),
    ):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        run(runner, "add", str(path), "--as", "pia", *meta)
    return runner


def test_a_dutch_word_finds_its_other_forms_with_the_matches_marked(cli: CliRunner) -> None:
    out = run(cli, "search", "terugkeer", "--as", "pia").stdout
    assert out.startswith("3 passage(s) match 'terugkeer' (1-3)")
    assert "coi:syrie#2-p1" in out and "Wie wil **terugkeren**, meldt zich bij de grens." in out
    assert "Een veilige **terugkeer** naar Noord-Syrië" in out
    assert "coi:returns" not in out


def test_json_lists_ranked_hits_with_citations_and_highlights(cli: CliRunner) -> None:
    out = json.loads(run(cli, "search", "returns", "--as", "pia", "--format", "json").stdout)
    assert out["total"] == 3 and out["query"] == "returns"
    hit = next(h for h in out["results"] if h["passage"]["anchor"] == "1-p1")
    assert hit["citation"] == "coi:returns#1-p1"
    assert hit["document"]["kind"] == "thematic" and hit["document"]["language"] == "en"
    assert [hit["snippet"][h["start"] : h["end"]] for h in hit["highlights"]] == ["return"]
    assert [h["rank"] for h in out["results"]] == [1, 2, 3]


def test_language_kind_and_phrase_narrow_the_search(cli: CliRunner) -> None:
    both = ["terugkeer OR return", "--as", "pia", "--format", "json"]
    nl = json.loads(run(cli, "search", *both, "--lang", "nl").stdout)
    assert {h["document"]["reference"] for h in nl["results"]} == {"syrie"}
    thematic = json.loads(run(cli, "search", *both, "--kind", "thematic").stdout)
    assert {h["document"]["reference"] for h in thematic["results"]} == {"returns"}
    phrase = json.loads(run(cli, "search", '"veilige terugkeer"', *both[1:]).stdout)
    assert [h["citation"] for h in phrase["results"]] == ["coi:syrie#2-p2"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (['"veilige terugkeer'], 'QUERY: the query has a " that is not closed'),
        (["***"], "QUERY: the query has no words"),
        (["terugkeer", "--lang", "de"], "--lang 'de'"),
        (["terugkeer", "--kind", "individual"], "--kind: individual reports are not searched"),
        (["terugkeer", "--from", "2025-13-01"], "--from '2025-13-01'"),
        (["terugkeer", "--from", "2025-02-01", "--to", "2025-01-01"], "--to: 2025-01-01 is"),
        (["terugkeer", "--limit", "1000"], "--limit 1000"),
    ],
)
def test_a_bad_query_or_option_exits_2_naming_it(
    cli: CliRunner, args: list[str], message: str
) -> None:
    result = run(cli, "search", *args, "--as", "pia", code=2)
    assert message in result.output
    assert "Traceback" not in result.output


def test_a_role_that_does_not_read_the_library_is_refused(cli: CliRunner) -> None:
    result = run(cli, "search", "terugkeer", "--as", "ada", code=2)
    assert "admin" in result.output and "read the report library" in result.output
