"""`refuge policy publish COUNTRY [--output DIR] [--lang nl|en]`: the Algorithm Register
publication written as HTML and JSON, the same bytes for the same pack, refused on bad input."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from refuge.cli import app
from refuge.policy import find_pack
from refuge.policy.register import Registration

runner = CliRunner()
NAMES = [f"algorithm-register-SY.{lang}.{ext}" for lang in ("nl", "en") for ext in ("html", "json")]


def publish(out: Path, *args: str) -> dict[str, bytes]:
    result = runner.invoke(app, ["policy", "publish", "sy", "--output", str(out), *args])
    assert result.exit_code == 0, result.output
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())}


def pack_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the policies directory (pack, catalogue, scenarios) the commands then read."""
    source = find_pack("SY")
    assert source is not None
    copy = tmp_path / "policies"
    shutil.copytree(source.parent, copy)
    monkeypatch.setenv("REFUGE_POLICY_DIR", str(copy))
    return copy / "SY.yaml"


def test_publish_writes_html_and_json_in_dutch_and_english_and_the_same_bytes_again(
    tmp_path: Path,
) -> None:
    first = publish(tmp_path / "a")
    assert sorted(first) == sorted(NAMES)
    assert first == publish(tmp_path / "b"), "the same pack gives the same bytes"
    html = first["algorithm-register-SY.nl.html"].decode()
    assert html.startswith('<!DOCTYPE html>\n<html lang="nl">')
    data = json.loads(first["algorithm-register-SY.nl.json"])
    reg = Registration.model_validate(data)  # the JSON is what the schema describes
    assert reg.lang == "nl" and reg.register_fields.lang == "nld"
    assert reg.pack.scenarios_passed > 0
    assert reg.pack.sha256 in html


def test_lang_writes_only_that_language(tmp_path: Path) -> None:
    files = publish(tmp_path, "--lang", "en")
    assert sorted(files) == ["algorithm-register-SY.en.html", "algorithm-register-SY.en.json"]


def test_the_publication_changes_when_the_pack_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = publish(tmp_path / "before")
    path = pack_copy(tmp_path, monkeypatch)
    text = path.read_text(encoding="utf-8")
    changed = text.replace("locator: Antwoord op vraag 11", "locator: Antwoord op vraag 11 (slot)")
    assert changed != text
    path.write_text(changed, encoding="utf-8")
    # a changed locator is a changed text of the catalogue too (the Dutch reads the same)
    catalogue = path.parent / "translations" / "SY.nl.yaml"
    entries = catalogue.read_text(encoding="utf-8")
    renamed = entries.replace("'Antwoord op vraag 11'", "'Antwoord op vraag 11 (slot)'")
    assert renamed.count("Antwoord op vraag 11 (slot)") == 2
    catalogue.write_text(renamed, encoding="utf-8")
    after = publish(tmp_path / "after")
    for name in NAMES:
        assert after[name] != before[name], name
    data = json.loads(after["algorithm-register-SY.en.json"])
    (q11,) = [s for s in data["sources"] if s["id"] == "seed-q11"]
    assert q11["locator"] == "Antwoord op vraag 11 (slot)"
    assert "Antwoord op vraag 11 (slot)" in after["algorithm-register-SY.nl.html"].decode()


def test_an_unknown_country_is_named_and_nothing_is_written(tmp_path: Path) -> None:
    result = runner.invoke(app, ["policy", "publish", "XX", "--output", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "no policy pack for country 'XX'" in result.stderr
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


def test_an_output_that_is_a_file_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "register.html"
    target.write_text("keep", encoding="utf-8")
    result = runner.invoke(app, ["policy", "publish", "SY", "--output", str(target)])
    assert result.exit_code == 2
    assert f"--output: {target} is a file, not a directory" in result.stderr
    assert target.read_text(encoding="utf-8") == "keep"


def test_a_text_without_its_dutch_translation_stops_publication(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = pack_copy(tmp_path, monkeypatch)
    catalogue = path.parent / "translations" / "SY.nl.yaml"
    entries = yaml.safe_load(catalogue.read_text(encoding="utf-8"))
    entries.pop(0)
    catalogue.write_text(yaml.safe_dump(entries, allow_unicode=True), encoding="utf-8")
    result = runner.invoke(app, ["policy", "publish", "SY", "--output", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "have no nl translation" in result.stderr and "refuge policy test SY" in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_failing_scenario_stops_publication(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = pack_copy(tmp_path, monkeypatch)
    scenarios = path.parent / "tests" / "SY" / "moratorium.yaml"
    text = scenarios.read_text(encoding="utf-8")
    wrong = text.replace("recommendation: no_decision_moratorium", "recommendation: reject", 1)
    scenarios.write_text(wrong, encoding="utf-8")
    result = runner.invoke(app, ["policy", "publish", "SY", "--output", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "1 of the pack's scenarios fail" in result.stderr
    assert not (tmp_path / "out").exists()
