"""A case file with a mistake is refused with a message that names the field and what is
allowed, and never repeats a special-category value (grounds, risk profiles, exclusion grounds):
not the rejected value, and not the valid ones beside it — a model-level error (a region outside
the nationality) does not quote the whole case."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from refuge.cli import app
from refuge.examples import example_cases
from refuge.policy import find_pack

runner = CliRunner()
BASE = next(p for p in example_cases() if "lgbtiq" in p.name)
SECRETS = ("SECRET-GROUND-VALUE", "SECRET-PROFILE-VALUE", "SECRET-EXCLUSION-VALUE")
# valid special-category values beside the mistake: none may be echoed either
VALID = {
    "grounds": ["religion", "sexual_orientation"],
    "risk_profiles": ["lgbtiq", "alawite"],
    "exclusion_grounds": ["article_1F"],
}
VALID_WORDS = [w for values in VALID.values() for w in values]


def _case(**changes: Any) -> dict[str, Any]:
    case: dict[str, Any] = json.loads(BASE.read_text())
    case.update(VALID)
    case.update(changes)
    return case


def _file(tmp_path: Path, case: dict[str, Any]) -> Path:
    path = tmp_path / "case.json"
    path.write_text(json.dumps(case), encoding="utf-8")
    return path


def _assert_quiet(text: str, *words: str) -> None:
    for word in words:
        assert word not in text, f"{word!r} is repeated in: {text}"


def test_a_bad_special_category_value_is_named_by_position_not_repeated(tmp_path: Path) -> None:
    case = _case(
        grounds=["religion", SECRETS[0]],
        risk_profiles=["lgbtiq", SECRETS[1]],
        exclusion_grounds=[SECRETS[2]],
    )
    result = runner.invoke(app, ["assess", str(_file(tmp_path, case)), "--as-of", "2025-10-01"])
    assert result.exit_code == 2
    err = result.stderr
    assert "field 'grounds.1': not one of the allowed values (fear_former_regime, " in err
    assert "field 'risk_profiles.1': not one of the allowed values (lgbtiq, " in err
    assert "field 'exclusion_grounds.0': not one of the allowed values (article_1F, " in err
    _assert_quiet(err, *SECRETS, "SECRET")


def test_a_region_outside_the_nationality_does_not_quote_the_case(tmp_path: Path) -> None:
    path = _file(tmp_path, _case(region="IQ-BG"))
    result = runner.invoke(app, ["assess", str(path), "--as-of", "2025-10-01"])
    assert result.exit_code == 2
    assert "the case: region 'IQ-BG' is not in country 'SY'; use a SY-.. code" in result.stderr
    _assert_quiet(result.stderr, *VALID_WORDS, "{", "credible")
    proc = subprocess.run(
        [sys.executable, "-m", "refuge", "assess", str(path), "--as-of", "2025-10-01"],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 2 and "region 'IQ-BG' is not in country 'SY'" in proc.stderr
    _assert_quiet(proc.stderr + proc.stdout, *VALID_WORDS, "Traceback")


@pytest.mark.parametrize(
    ("changes", "named"),
    [
        ({"grounds": ["religion", "religion"]}, "field 'grounds': lists a value twice"),
        ({"risk_profiles": "lgbtiq"}, "field 'risk_profiles': Input should be a valid list"),
        ({"exclusion_grounds": {"article_1F": True}}, "field 'exclusion_grounds'"),
        (
            {"credibility": {"grounds": ["religion"]}},
            "field 'credibility'",
        ),  # an object: not quoted
        ({"permit": {"grounds": ["religion"]}}, "field 'permit.grounds'"),
    ],
    ids=["repeated", "not-a-list", "an-object", "object-in-another-field", "nested-unknown"],
)
def test_other_mistakes_name_the_field_without_its_value(
    tmp_path: Path, changes: dict[str, Any], named: str
) -> None:
    result = runner.invoke(
        app, ["assess", str(_file(tmp_path, _case(**changes))), "--as-of", "2025-10-01"]
    )
    assert result.exit_code == 2
    assert named in result.stderr
    _assert_quiet(result.stderr, *VALID_WORDS)


def test_a_scenario_with_a_mistake_does_not_quote_its_case(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pack = find_pack("SY")
    assert pack is not None
    shutil.copy(pack, tmp_path / "SY.yaml")
    (tmp_path / "tests" / "SY").mkdir(parents=True)
    scenario = {
        "name": "a region outside the nationality",
        "as_of": "2025-10-01",
        "case": _case(region="IQ-BG", grounds=["religion", SECRETS[0]]),
        "expected": {"recommendation": "reject"},
    }
    (tmp_path / "tests" / "SY" / "bad.yaml").write_text(json.dumps([scenario]), encoding="utf-8")
    monkeypatch.setenv("REFUGE_POLICY_DIR", str(tmp_path))
    result = runner.invoke(app, ["policy", "test", "SY"])
    assert result.exit_code == 2
    assert "field 'case.grounds.1': not one of the allowed values" in result.stderr
    _assert_quiet(result.stderr, SECRETS[0], "lgbtiq", "article_1F")
