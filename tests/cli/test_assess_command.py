"""`refuge assess` as a caseworker and a program use it."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from refuge.cli import app
from refuge.examples import example_cases
from refuge.policy import find_pack
from refuge.policy.country import load_country_pack

runner = CliRunner()
LGBTIQ = next(p for p in example_cases() if "lgbtiq" in p.name)
PERMIT = next(p for p in example_cases() if "permit" in p.name)


def _write(tmp_path: Path, data: object, name: str = "case.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data) if not isinstance(data, str) else data)
    return path


def _case(**changes: object) -> dict[str, object]:
    case = json.loads(LGBTIQ.read_text())
    case.update(changes)
    return case


def test_json_output_has_the_documented_fields() -> None:
    result = runner.invoke(
        app, ["assess", str(LGBTIQ), "--as-of", "2025-10-01", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert set(out) == {
        "case_id",
        "as_of",
        "headline",
        "receipt",
        "language",
        "recommendation",
        "recommendation_explanation",
        "steps",
        "sources",
        "parameters",
        "policy",
        "permit_review",
        "return",
        "notice",
    }
    assert out["recommendation"] == "grant_refugee"
    assert out["permit_review"] is None
    assert set(out["return"]) == {
        "applies",
        "obliged_to_leave",
        "voluntary_return_support",
        "support_amount_eur",
        "forced_return_possible",
        "forced_return_reason",
        "forced_return_explanation",
    }
    assert out["return"]["applies"] is False  # a grant: no return lines
    assert out["headline"]["kind"] == "application"
    assert out["receipt"]["pack_sha256"] == out["policy"]["pack_sha256"]
    sha = hashlib.sha256(find_pack("SY").read_bytes()).hexdigest()  # type: ignore[union-attr]
    assert out["policy"] == {
        "country": "SY",
        "version": "SY/2025-06-10",
        "valid_from": "2025-06-10",
        "valid_to": "2025-11-16",
        "pack_sha256": sha,
    }
    for step in out["steps"]:
        assert {"rule", "value", "explanation", "sources"} <= set(step)
        assert step["sources"], f"step {step['rule']} cites nothing"
    # each cited source is listed once, in full, beside the steps that cite it by id
    listed = {s["id"]: s for s in out["sources"]}
    assert len(listed) == len(out["sources"])
    assert all({"id", "title", "locator"} <= set(s) for s in out["sources"])
    assert {c for step in out["steps"] for c in step["sources"]} <= set(listed)
    assert [s["rule"] for s in out["steps"]].index("has_risk_profile") < [
        s["rule"] for s in out["steps"]
    ].index("recommendation")
    assert "a caseworker decides" in out["notice"].lower()


def test_text_output_puts_the_recommendation_first_then_numbered_steps() -> None:
    result = runner.invoke(app, ["assess", str(LGBTIQ), "--as-of", "2025-10-01"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith("ANALYSIS: ")  # a past date: what would have been recommended
    assert "draft recommendation: GRANT" in lines[2]
    assert any(line.startswith("  1. moratorium_in_force = no") for line in lines)
    assert "Sources: seed-q3: Antwoord op vraag 3" in result.stdout
    assert "A caseworker decides" in result.stdout


def test_a_permit_holder_gets_a_permit_review() -> None:
    result = runner.invoke(
        app, ["assess", str(PERMIT), "--as-of", "2025-09-29", "--format", "json"]
    )
    review = json.loads(result.stdout)["permit_review"]
    assert review["revocation_possible"] is False
    assert review["reason_code"] == "change_not_established"
    assert "significant and non-temporary" in review["reason"]


def test_as_of_defaults_to_today() -> None:
    result = runner.invoke(app, ["assess", str(LGBTIQ), "--format", "json"])
    assert json.loads(result.stdout)["as_of"] == date.today().isoformat()


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ('{"case_id": "x",', "case.json:1:"),
        (_case(credibility="somewhat"), "field 'credibility'"),
        (
            {k: v for k, v in _case().items() if k != "application_date"},
            "missing field 'application_date'",
        ),
        (_case(grounds=["poverty"]), "field 'grounds.0'"),
        (_case(nationality="IQ", region="IQ-BG"), "no policy pack for country 'IQ'"),
        (_case(region="IQ-BG"), "region 'IQ-BG' is not in country 'SY'"),
        (_case(individual_risk_indicators=-1), "field 'individual_risk_indicators'"),
        (_case(colour="blue"), "unknown field 'colour'"),
        ([1, 2], "must be a JSON object"),
    ],
    ids=[
        "bad-json",
        "unknown-enum",
        "missing-field",
        "unknown-ground",
        "no-pack",
        "region-outside-country",
        "negative-count",
        "unknown-field",
        "not-an-object",
    ],
)
def test_bad_input_is_named_and_exits_2(tmp_path: Path, data: object, expected: str) -> None:
    path = _write(tmp_path, data)
    result = runner.invoke(app, ["assess", str(path)])
    assert result.exit_code == 2
    assert expected in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--as-of", "2025-02-30"], "--as-of '2025-02-30' is not a date"),
        (["--as-of", "2011-01-01"], "starts on 2011-07-06"),
    ],
)
def test_bad_dates_are_named(tmp_path: Path, args: list[str], expected: str) -> None:
    path = _write(tmp_path, _case(application_date="2010-12-01"))
    result = runner.invoke(app, ["assess", str(path), *args])
    assert result.exit_code == 2
    assert expected in result.stderr


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    result = runner.invoke(app, ["assess", str(tmp_path / "nope.json")])
    assert result.exit_code == 2
    assert "nope.json: cannot read the file" in result.stderr


def test_the_installed_command_never_shows_a_traceback(tmp_path: Path) -> None:
    path = _write(tmp_path, _case(credibility=3))
    proc = subprocess.run(
        [sys.executable, "-m", "refuge", "assess", str(path)], capture_output=True, text=True
    )
    assert proc.returncode == 2
    assert "field 'credibility'" in proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout


def test_demo_assesses_every_bundled_example_and_fills_an_empty_store_once() -> None:
    result = runner.invoke(app, ["demo", "--persons", "200", "--no-serve"])
    assert result.exit_code == 0, result.output
    assert "Loaded a SYNTHETIC caseload" in result.stdout
    assert "151 Syrian temporary permit holders on 2025-06-01" in result.stdout
    again = runner.invoke(app, ["demo", "--persons", "200", "--no-serve"])
    assert again.exit_code == 0, again.output
    assert "already holds cases; no synthetic data loaded" in again.stdout
    # one demo account per role, the same ones again (their passwords kept beside the store)
    accounts = [line for line in result.stdout.splitlines() if line.startswith("  demo-")]
    assert len(accounts) == 7 and "(caseworker)" in accounts[0]
    assert accounts == [line for line in again.stdout.splitlines() if line.startswith("  demo-")]
    headlines = result.stdout.count("draft recommendation:") + result.stdout.count("permit review:")
    assert headlines == len(example_cases()) >= 5
    assert "permit review: revocation cannot be proposed" in result.stdout
    assert "FURTHER INVESTIGATION" in result.stdout and "REJECT — exclusion" in result.stdout


def test_a_long_bad_value_is_quoted_short(tmp_path: Path) -> None:
    path = _write(tmp_path, _case(case_id=7, region="SY-" + "X" * 5000))
    result = runner.invoke(app, ["assess", str(path)])
    assert result.exit_code == 2
    assert "field 'region'" in result.stderr and "..." in result.stderr
    assert len(result.stderr) < 600


def test_an_assessment_dated_before_the_application_names_both_dates_and_the_file(
    tmp_path: Path,
) -> None:
    path = _write(tmp_path, _case(application_date="2025-03-01"))
    result = runner.invoke(app, ["assess", str(path), "--as-of", "2025-02-28"])
    assert result.exit_code == 2
    assert result.stdout == ""
    line = result.stderr.strip()
    assert line.startswith("refuge: error: --as-of: the assessment date 2025-02-28 is before")
    assert "application date 2025-03-01" in line and str(path) in line
    assert "\n" not in line
    same_day = runner.invoke(app, ["assess", str(path), "--as-of", "2025-03-01"])
    assert same_day.exit_code == 0, same_day.output


def test_the_installed_command_refuses_an_assessment_before_the_application(
    tmp_path: Path,
) -> None:
    path = _write(tmp_path, _case(application_date="2025-03-01"))
    for as_of in ("2025-02-28", "2001-01-01"):  # the second is before the pack starts, too
        proc = subprocess.run(
            [sys.executable, "-m", "refuge", "assess", str(path), "--as-of", as_of],
            capture_output=True,
            text=True,
        )
        assert proc.returncode == 2
        assert f"the assessment date {as_of} is before the application date 2025-03-01" in (
            proc.stderr
        )
        assert str(path) in proc.stderr
        assert "Traceback" not in proc.stderr + proc.stdout and proc.stdout == ""


def test_a_region_the_pack_does_not_list_is_named(tmp_path: Path) -> None:
    path = _write(tmp_path, _case(region="SY-ZZ"))
    result = runner.invoke(app, ["assess", str(path), "--as-of", "2025-10-01"])
    assert result.exit_code == 2
    assert f"{path}: field 'region': region 'SY-ZZ' is not a region of the pack" in result.stderr


def test_demo_before_an_example_was_lodged_prints_nothing_and_names_the_case() -> None:
    lodged = max(json.loads(p.read_text())["application_date"] for p in example_cases())
    result = runner.invoke(app, ["demo", "--as-of", "2025-01-01"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("refuge: error: --as-of 2025-01-01 is before the application")
    assert ".json" in result.stderr and f"use --as-of {lodged} or later" in result.stderr
    proc = subprocess.run(
        [sys.executable, "-m", "refuge", "demo", "--as-of", "2001-01-01"],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "--as-of 2001-01-01 is before the application date" in proc.stderr
    demo = ["demo", "--as-of", lodged, "--persons", "100", "--no-serve"]
    assert runner.invoke(app, demo).exit_code == 0


def test_the_explanation_is_in_dutch_with_lang_nl() -> None:
    result = runner.invoke(app, ["assess", str(LGBTIQ), "--as-of", "2025-10-01", "--lang", "nl"])
    assert result.exit_code == 0, result.output
    assert "conceptadvies: INWILLIGEN" in result.stdout
    assert "Waarom:" in result.stdout and "Bronnen:" in result.stdout
    assert "Dit is een advies, geen beslissing." in result.stdout
    english = runner.invoke(app, ["assess", str(LGBTIQ), "--as-of", "2025-10-01"])
    assert "draft recommendation: GRANT" in english.stdout


def test_all_steps_lists_every_rule_and_marks_those_that_did_not_decide() -> None:
    args = ["assess", str(LGBTIQ), "--as-of", "2025-10-01", "--format", "json"]
    default = json.loads(runner.invoke(app, args).stdout)
    every = json.loads(runner.invoke(app, [*args, "--all-steps"]).stdout)
    pack = load_country_pack("SY")
    assert [s["rule"] for s in every["steps"]] == list(pack.rules)
    assert len(default["steps"]) < len(every["steps"])
    assert {s["role"] for s in default["steps"]} <= {"decided", "examined", "check"}
    assert any(s["role"] == "other" for s in every["steps"])
    assert default["recommendation"] == every["recommendation"]


def test_a_permit_review_dated_before_the_permit_was_granted_is_refused(tmp_path: Path) -> None:
    permit = {
        "kind": "temporary_asylum",
        "ground": "refugee",
        "granted": "2026-06-01",
        "valid_until": "2031-06-01",
    }
    path = _write(
        tmp_path, _case(application_date="2025-02-01", permit=permit, legal_residence=True)
    )
    result = runner.invoke(app, ["assess", str(path), "--as-of", "2025-10-01"])
    assert result.exit_code == 2 and result.stdout == ""
    assert "the assessment date 2025-10-01 is before the permit was granted on 2026-06-01" in (
        result.stderr
    )
    assert "permit.granted" in result.stderr and str(path) in result.stderr
    assert runner.invoke(app, ["assess", str(path), "--as-of", "2026-06-01"]).exit_code == 0


ENDED_PERMIT = {
    "kind": "temporary_asylum",
    "ground": "subsidiary_general_risk",
    "granted": "2016-06-02",
    "valid_until": "2021-06-01",
}


def test_a_permit_that_lapsed_without_lawful_residence_is_not_reviewed_as_held(
    tmp_path: Path,
) -> None:
    # a permit that ended years ago, with no lawful residence: no permit is left to review, so
    # no "revocation cannot be proposed" and no "a lawful resident is not obliged to leave"
    case = _case(application_date="2015-03-01", permit=ENDED_PERMIT, legal_residence=False)
    path = _write(tmp_path, case)
    result = runner.invoke(app, ["assess", str(path), "--as-of", "2025-10-01"])
    assert result.exit_code == 2 and result.stdout == ""
    assert "the permit ended on 2021-06-01, before the assessment date 2025-10-01" in result.stderr
    assert "'permit.valid_until'" in result.stderr and str(path) in result.stderr
    # on or before its last day the permit is reviewed as it stood
    as_held = runner.invoke(app, ["assess", str(path), "--as-of", "2021-06-01", "--format", "json"])
    assert as_held.exit_code == 2 and "no lawful residence" in as_held.stderr
    held = _write(tmp_path, {**case, "legal_residence": True}, "held.json")
    before_end = runner.invoke(
        app, ["assess", str(held), "--as-of", "2021-06-01", "--format", "json"]
    )
    assert json.loads(before_end.stdout)["headline"]["title"].startswith("permit review: revoc")


def test_an_ended_permit_with_lawful_residence_is_reviewed_as_its_extension(
    tmp_path: Path,
) -> None:
    case = _case(application_date="2015-03-01", permit=ENDED_PERMIT, legal_residence=True)
    path = _write(tmp_path, case)
    for lang, title, said in (
        ("en", "refusing the extension cannot be proposed", "reviews the extension"),
        ("nl", "afwijzing van de verlenging kan niet", "beoordeelt de verlenging"),
    ):
        result = runner.invoke(
            app, ["assess", str(path), "--as-of", "2025-10-01", "--format", "json", "--lang", lang]
        )
        out = json.loads(result.stdout)
        assert title in out["headline"]["title"]
        assert said in out["headline"]["text"] and "2021-06-01" in out["headline"]["text"]
        assert out["return"]["applies"] is False


def test_a_permit_in_force_without_lawful_residence_is_a_contradiction(tmp_path: Path) -> None:
    permit = {**ENDED_PERMIT, "valid_until": "2027-06-01"}
    case = _case(application_date="2015-03-01", permit=permit, legal_residence=False)
    path = _write(tmp_path, case)
    result = runner.invoke(app, ["assess", str(path), "--as-of", "2025-10-01"])
    assert result.exit_code == 2 and result.stdout == ""
    assert "is in force on 2025-10-01 but the case records no lawful residence" in result.stderr
    assert "'legal_residence'" in result.stderr


def test_an_assessment_on_a_past_date_says_it_is_analysis_not_a_decision_basis() -> None:
    past = runner.invoke(app, ["assess", str(LGBTIQ), "--as-of", "2025-10-01"])
    assert past.exit_code == 0, past.output
    assert past.stdout.startswith("ANALYSIS: the policy in force on 2025-10-01, before today")
    dutch = runner.invoke(app, ["assess", str(LGBTIQ), "--as-of", "2025-10-01", "--lang", "nl"])
    assert dutch.stdout.startswith("ANALYSE: het beleid dat gold op 2025-10-01")
    today = runner.invoke(app, ["assess", str(LGBTIQ)])
    assert today.exit_code == 0 and "ANALYSIS" not in today.stdout
    later = (datetime.now(UTC).date() + timedelta(days=365)).isoformat()
    future = runner.invoke(app, ["assess", str(LGBTIQ), "--as-of", later])
    assert future.exit_code == 0, future.output
    assert future.stdout.startswith(f"ANALYSIS: {later} is after today")
    assert "no source speaks of that day" in future.stdout


def test_a_source_read_only_second_hand_says_so_once_in_the_explanation() -> None:
    result = runner.invoke(app, ["assess", str(LGBTIQ), "--as-of", "2025-10-01", "--all-steps"])
    assert result.exit_code == 0, result.output
    caveat = "! Note on the source (vc-c1-4-4): Located through the circular's table of contents"
    assert result.stdout.count(caveat) == 1
    assert "the paragraph text was not read" in result.stdout


def test_a_source_dated_after_the_assessment_date_is_marked_as_not_known_then() -> None:
    """The pack cites today's sources; on a past date a later one is marked, never passed off
    as what was known on that day."""
    before = runner.invoke(app, ["assess", str(LGBTIQ), "--as-of", "2025-10-01", "--all-steps"])
    assert before.exit_code == 0, before.output
    assert "press release of 3 December 2025 [dated 2025-12-03, after the assessment date" in (
        before.stdout
    )
    after = runner.invoke(app, ["assess", str(LGBTIQ), "--as-of", "2026-01-05", "--all-steps"])
    assert "euaa-cg-sy-2025" in after.stdout and "after the assessment date" not in after.stdout


@pytest.mark.parametrize(
    ("data", "args", "expected"),
    [
        (
            _case(application_date="2025-03-01"),
            ["--as-of", "2025-02-28"],
            "refuge: fout: --as-of: de beoordelingsdatum 2025-02-28 ligt vóór de aanvraagdatum "
            "2025-03-01",
        ),
        (
            _case(application_date="2010-12-01"),
            ["--as-of", "2011-01-01"],
            "het pakket SY begint op 2011-07-06",
        ),
        (_case(region="SY-XX"), [], "veld 'region': regio 'SY-XX' staat niet in het pakket"),
        (_case(nationality="IQ", region="IQ-BG"), [], "geen beleidspakket voor land 'IQ'"),
        (
            {k: v for k, v in _case().items() if k != "legal_residence"},
            [],
            "veld 'legal_residence' ontbreekt",
        ),
        (_case(colour="blue"), [], "onbekend veld 'colour'"),
        (_case(credibility="somewhat"), [], "veld 'credibility': geen van de toegestane waarden"),
        ("{", [], "geen geldige JSON"),
    ],
    ids=[
        "before-application",
        "before-pack",
        "region",
        "no-pack",
        "missing",
        "unknown",
        "enum",
        "json",
    ],
)
def test_bad_input_is_named_in_dutch_under_lang_nl(
    tmp_path: Path, data: object, args: list[str], expected: str
) -> None:
    """`--lang nl` is the language of the whole answer, a refusal included."""
    path = _write(tmp_path, data)
    result = runner.invoke(app, ["assess", str(path), "--lang", "nl", *args])
    assert result.exit_code == 2
    assert expected in result.stderr, result.stderr
    assert "error" not in result.stderr


def test_a_grounds_value_is_never_echoed_in_either_language(tmp_path: Path) -> None:
    path = _write(tmp_path, _case(grounds=["secret_reason"]))
    for lang in ("en", "nl"):
        result = runner.invoke(app, ["assess", str(path), "--lang", lang])
        assert result.exit_code == 2
        assert "grounds.0" in result.stderr and "secret_reason" not in result.stderr
