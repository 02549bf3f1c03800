"""`refuge policy show|diff|check|test` and `refuge schema`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from refuge.cli import app
from refuge.cli.schema_cmd import SchemaName, json_schema
from refuge.policy import find_pack

runner = CliRunner()
DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_show_gives_the_values_in_force_on_a_date() -> None:
    result = runner.invoke(
        app, ["policy", "show", "SY", "--as-of", "2025-01-15", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["version"] == "SY/2024-12-09"
    assert out["parameters"]["decision_moratorium"]["value"] is True
    # the presumption lapsed with the fall of the regime (seed Q3, Q6), a day marked as assumed
    assert out["parameters"]["general_risk_presumption"]["value"] is False
    assert "assume-fall-of-regime-date" in out["parameters"]["general_risk_presumption"]["cite"]


def test_show_as_text_names_each_parameter_and_its_sources() -> None:
    result = runner.invoke(app, ["policy", "show", "SY", "--as-of", "2025-10-01"])
    assert "designated_risk_profiles = {alawite, lgbtiq}" in result.stdout
    assert "seed-q3 (Antwoord op vraag 3)" in result.stdout


def test_diff_lists_changed_parameters_and_rules_with_both_citations() -> None:
    result = runner.invoke(
        app,
        ["policy", "diff", "SY", "--from", "2024-06-01", "--to", "2025-07-01", "--format", "json"],
    )
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    params = {p["name"]: p for p in out["parameters"]}
    assert params["general_risk_presumption"]["before"]["value"] is True
    assert params["general_risk_presumption"]["after"]["value"] is False
    assert "kst-19637-2532" in params["general_risk_presumption"]["before"]["cite"]
    assert "seed-q3" in params["general_risk_presumption"]["after"]["cite"]
    assert "indicators_required" not in params
    rules = {r["id"]: r for r in out["rules"]}
    assert rules["general_risk_applies"]["before"] == "True"
    assert rules["general_risk_applies"]["after"] == "False"
    assert "account_credible" not in rules


def test_diff_within_one_version_says_nothing_changed() -> None:
    result = runner.invoke(
        app, ["policy", "diff", "SY", "--from", "2020-01-01", "--to", "2021-01-01"]
    )
    assert result.exit_code == 0
    assert "Nothing changed" in result.stdout


def test_an_unknown_country_is_named() -> None:
    result = runner.invoke(app, ["policy", "show", "XX"])
    assert result.exit_code == 2
    assert "no policy pack for country 'XX'" in result.stderr


def test_check_reports_problems_with_file_line_and_column(tmp_path: Path) -> None:
    broken = tmp_path / "SY.yaml"
    text = find_pack("SY").read_text()  # type: ignore[union-attr]
    broken.write_text(
        text.replace("expression: decision_moratorium", "expression: decision_moratorum")
    )
    result = runner.invoke(app, ["policy", "check", str(broken)])
    assert result.exit_code == 2
    line = 1 + text[: text.index("expression: decision_moratorium")].count("\n")
    assert f"SY.yaml:{line}:17: " in result.stderr
    assert "did you mean 'decision_moratorium'" in result.stderr


def test_policy_test_runs_the_scenarios() -> None:
    result = runner.invoke(app, ["policy", "test", "SY"])
    assert result.exit_code == 0
    assert " passed, 0 failed\n" in result.stdout
    assert result.stdout.strip().endswith("translations (nl): every text translated")


def test_the_published_json_schemas_are_up_to_date() -> None:
    for name in SchemaName:
        published = json.loads((DOCS / "schemas" / f"{name.value}.schema.json").read_text())
        assert published == json_schema(name), f"regenerate: refuge schema {name.value}"


def test_policy_test_fails_when_a_text_lacks_its_dutch_translation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = find_pack("SY")
    assert source is not None
    shutil.copytree(source.parent, tmp_path, dirs_exist_ok=True)
    catalogue = tmp_path / "translations" / "SY.nl.yaml"
    entries = yaml.safe_load(catalogue.read_text(encoding="utf-8"))
    dropped = entries.pop(3)["en"]
    catalogue.write_text(yaml.safe_dump(entries, allow_unicode=True), encoding="utf-8")
    monkeypatch.setenv("REFUGE_POLICY_DIR", str(tmp_path))
    result = runner.invoke(app, ["policy", "test", "SY"])
    assert result.exit_code == 1
    assert f"FAIL translations (nl): no translation of {dropped!r}" in result.stdout
