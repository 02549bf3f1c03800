"""What-if scenarios (issue 8, section 3): parameter values that change from a date, on top of
the pack. The same file serves one case and a caseload; before its first date nothing changes;
every step resting on it says it is a scenario; a bad file is named by file:line."""

from __future__ import annotations

import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from typer.testing import CliRunner

from refuge.assess import assess
from refuge.bulk.evaluate import evaluate_duckdb, facts_table
from refuge.case.reader import read_case
from refuge.cli import app
from refuge.examples import example_cases
from refuge.policy import PackError
from refuge.policy.country import load_country_pack
from refuge.policy.facts import FACTS
from refuge.policy.what_if import apply_what_if, read_what_if

sys.path.insert(0, str(Path(__file__).parents[1] / "assess"))
sys.path.insert(0, str(Path(__file__).parents[1] / "rules"))
from test_assess import cases_and_days
from vector_cases import mismatches, sample_rows

CESSATION = """\
name: Cessation from March 2026
country: SY
changes:
  - parameter: cessation_established
    from: 2026-03-01
    value: true
    note: assumed durable from this date
  - parameter: return_agreement_in_force
    from: 2026-06-01
    value: true
"""
PERMIT_HOLDER = next(p for p in example_cases() if "permit-holder" in p.name)
runner = CliRunner()


@pytest.fixture
def scenario_file(tmp_path: Path) -> Path:
    path = tmp_path / "cessation.yaml"
    path.write_text(CESSATION)
    return path


def test_from_its_date_the_scenario_decides_and_says_so(scenario_file: Path) -> None:
    base = load_country_pack("SY")
    pack = apply_what_if(base, read_what_if(scenario_file, base))
    case = read_case(PERMIT_HOLDER)
    before = assess(case, date(2026, 2, 28), pack=pack)
    after = assess(case, date(2026, 3, 1), pack=pack)
    baseline = assess(case, date(2026, 2, 28))
    assert before.recommendation == baseline.recommendation
    assert before.permit_review == baseline.permit_review
    assert before.permit_review is not None and after.permit_review is not None
    assert not before.permit_review.revocation_possible
    assert after.permit_review.revocation_possible  # the holder qualifies on no other ground
    notes = [after.source(c).note or "" for s in after.steps for c in s.assumptions]
    marked = [note for note in notes if "SCENARIO" in note]
    assert marked and "cessation_established = true" in marked[0]
    assert after.policy.pack_sha256 != base.sha256  # the receipt tells them apart
    # the pack itself is untouched
    assert not assess(case, date(2026, 3, 1)).permit_review.revocation_possible  # type: ignore[union-attr]


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(drawn=cases_and_days(last_day=date(2026, 2, 28)))
def test_before_its_first_date_a_scenario_changes_nothing(
    scenario_file: Path, drawn: tuple[object, date]
) -> None:
    case, day = drawn
    base = load_country_pack("SY")
    pack = apply_what_if(base, read_what_if(scenario_file, base))
    with_it = assess(case, day, pack=pack, all_steps=True)  # type: ignore[arg-type]
    without = assess(case, day, all_steps=True)  # type: ignore[arg-type]
    assert with_it.recommendation == without.recommendation
    assert [(s.rule, s.value) for s in with_it.steps] == [(s.rule, s.value) for s in without.steps]


def test_a_caseload_under_the_scenario_gets_what_each_case_gets(scenario_file: Path) -> None:
    base = load_country_pack("SY")
    pack = apply_what_if(base, read_what_if(scenario_file, base))
    rows = [
        r
        for r in sample_rows(pack, 2_000, seed=8)
        if r["decision_date"] >= date(2025, 6, 10)  # type: ignore[operator]
    ]
    assert {pack.version_index(r["decision_date"]) for r in rows} >= {  # type: ignore[arg-type]
        pack.version_index(date(2026, 3, 1)),
        pack.version_index(date(2026, 6, 1)),
    }
    out = evaluate_duckdb(pack, facts_table(rows, FACTS)).to_pylist()
    assert not mismatches(pack, rows, out)


@pytest.mark.parametrize(
    ("change", "line", "says"),
    [
        (
            "  - parameter: no_such_thing\n    from: 2026-03-01\n    value: true\n",
            4,
            "not a parameter of the SY pack",
        ),
        (
            "  - parameter: cessation_established\n    from: 2026-03-01\n    value: 3\n",
            6,
            "is a bool",
        ),
        (
            "  - parameter: cessation_established\n    from: 1999-01-01\n    value: true\n",
            5,
            "before the pack starts",
        ),
        (
            "  - parameter: regions_15c_mere_presence\n    from: 2026-03-01\n    value: [SY-XX]\n",
            6,
            "SY-XX is not a region of the pack",
        ),
    ],
)
def test_a_bad_scenario_is_named_by_file_and_line(
    tmp_path: Path, change: str, line: int, says: str
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("name: bad\ncountry: SY\nchanges:\n" + change)
    with pytest.raises(PackError) as found:
        read_what_if(path, load_country_pack("SY"))
    assert f"{path}:{line}:" in str(found.value) and says in str(found.value)
    result = runner.invoke(
        app, ["assess", str(PERMIT_HOLDER), "--as-of", "2026-04-01", "--scenario", str(path)]
    )
    assert result.exit_code == 2
    assert f"{path}:{line}:" in result.stderr and "Traceback" not in result.output


def test_the_command_applies_a_scenario(scenario_file: Path) -> None:
    args = ["assess", str(PERMIT_HOLDER), "--as-of", "2026-04-01"]
    plain = runner.invoke(app, args)
    what_if = runner.invoke(app, [*args, "--scenario", str(scenario_file)])
    assert plain.exit_code == what_if.exit_code == 0, what_if.output
    assert "revocation cannot be proposed" in plain.stdout
    assert "revocation may be proposed" in what_if.stdout
    assert "SCENARIO, not the policy in force" in what_if.stdout
    assert (date(2026, 4, 1) - timedelta(days=0)).isoformat() in what_if.stdout
