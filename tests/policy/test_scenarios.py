"""Every YAML scenario next to the packs (policies/tests/<COUNTRY>/*.yaml) must pass."""

from __future__ import annotations

from pathlib import Path

import pytest

from refuge.assess.scenario import Scenario, check_scenario, read_scenarios
from refuge.policy import pack_dir
from refuge.policy.country import load_country_pack

SCENARIO_FILES = sorted((pack_dir() / "tests").glob("*/*.yaml"))


def _cases() -> list[tuple[str, Scenario]]:
    out = []
    for path in SCENARIO_FILES:
        for scenario in read_scenarios(path).scenarios:
            out.append((path.parent.name, scenario))
    return out


CASES = _cases()


def test_there_are_scenarios_for_the_syria_pack() -> None:
    assert sum(1 for country, _ in CASES if country == "SY") >= 40


@pytest.mark.parametrize(("country", "scenario"), CASES, ids=[f"{c}: {s.name}" for c, s in CASES])
def test_scenario(country: str, scenario: Scenario) -> None:
    pack = load_country_pack(country)
    assert check_scenario(pack, scenario) == []


def test_every_scenario_cites_a_source_of_the_pack() -> None:
    for country, scenario in CASES:
        pack = load_country_pack(country)
        assert scenario.cite, f"{scenario.name!r} cites nothing"
        assert set(scenario.cite) <= set(pack.sources), scenario.name


def test_every_seed_answer_is_covered_by_a_scenario() -> None:
    pack = load_country_pack("SY")
    seed = {s for s, src in pack.sources.items() if src.kind == "seed"}
    cited = {c for _, scenario in CASES for c in scenario.cite}
    # Q7 (abuse of public reports) and Q9 (redaction of work instructions) are about
    # publication, not about deciding a case; the report library covers them.
    assert seed - cited == set()


def test_a_failing_expectation_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "wrong.yaml"
    path.write_text(
        """
- name: a wrong expectation
  cite: [seed-q3]
  as_of: 2025-07-01
  case: {case_id: W, nationality: SY, region: SY-DI, application_date: 2025-01-01,
         grounds: [economic], credibility: credible, legal_residence: false}
  expected: {recommendation: grant_refugee, return: {obliged_to_leave: false}}
"""
    )
    (scenario,) = read_scenarios(path).scenarios
    problems = check_scenario(load_country_pack("SY"), scenario)
    assert problems == [
        "recommendation: expected grant_refugee, got reject",
        "return.obliged_to_leave: expected False, got True",
    ]
