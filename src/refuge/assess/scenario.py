"""YAML policy scenarios (`policies/tests/<COUNTRY>/*.yaml`): a case, a date, optional
parameter overrides, and what the assessment must say. Lawyers read and write these;
pytest and `refuge policy test` run them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from refuge.assess.errors import DATE_ERRORS, UnknownRegion
from refuge.assess.result import Assessment, Recommendation
from refuge.assess.service import assess
from refuge.case.facts import case_facts
from refuge.case.reader import describe
from refuge.case.schema import Case
from refuge.policy import PolicyNotInForce, PolicyPack
from refuge.policy.yaml_source import YamlProblem, load_yaml
from refuge.rules.types import Type, Value, type_of


class Expected(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    recommendation: Recommendation | None = None
    policy_version: str | None = None
    rules: dict[str, bool | int | str] = Field(default_factory=dict)
    permit_review: dict[str, bool | str] | None = None
    return_: dict[str, bool | int] = Field(default_factory=dict, alias="return")
    cites: list[str] = Field(default_factory=list, description="sources some step must cite")
    does_not_cite: list[str] = Field(default_factory=list, description="sources no step cites")


class Scenario(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1)
    cite: list[str] = Field(default_factory=list)
    as_of: date
    case: Case
    policy: dict[str, Any] = Field(default_factory=dict)
    expected: Expected


@dataclass(frozen=True, slots=True)
class ScenarioFile:
    path: Path
    scenarios: list[Scenario]


class ScenarioError(Exception):
    """A scenario file that cannot be read; the message names the file and the scenario."""


def read_scenarios(path: Path) -> ScenarioFile:
    try:
        doc = load_yaml(path.read_text(encoding="utf-8"))
    except YamlProblem as exc:
        raise ScenarioError(f"{path}:{exc.mark.line}:{exc.mark.column}: {exc.message}") from None
    if not isinstance(doc.data, list):
        raise ScenarioError(f"{path}: a scenario file is a list of scenarios")
    scenarios = []
    for i, item in enumerate(doc.data):
        mark = doc.mark((i,))
        try:
            scenarios.append(Scenario.model_validate(item))
        except ValidationError as exc:
            problems = "; ".join(describe(e) for e in exc.errors())
            raise ScenarioError(
                f"{path}:{mark.line}:{mark.column}: scenario {i + 1}: {problems}"
            ) from None
    return ScenarioFile(path, scenarios)


def overrides(pack: PolicyPack, scenario: Scenario) -> dict[str, Value]:
    out: dict[str, Value] = {}
    for name, raw in scenario.policy.items():
        param = pack.parameters.get(name)
        if param is None:
            raise ScenarioError(f"scenario {scenario.name!r}: policy: unknown parameter {name!r}")
        value = frozenset(raw) if param.type == Type.STRSET and isinstance(raw, list) else raw
        if type_of(value) != param.type:
            raise ScenarioError(
                f"scenario {scenario.name!r}: policy: {name} needs a {param.type}, got {raw!r}"
            )
        out[name] = value
    return out


def check_scenario(pack: PolicyPack, scenario: Scenario) -> list[str]:
    """Every way the assessment differs from what the scenario expects (empty: it passes)."""
    unknown = [c for c in scenario.cite if c not in pack.sources]
    if unknown:
        return [f"cites unknown source(s) {unknown}"]
    changed = overrides(pack, scenario)
    try:
        result = assess(scenario.case, scenario.as_of, pack, changed)
    except (*DATE_ERRORS, UnknownRegion, PolicyNotInForce) as exc:
        return [f"cannot be assessed: {exc}"]
    version = pack.as_of(scenario.as_of).with_overrides(changed)
    values = version.evaluate(case_facts(scenario.case, scenario.as_of))
    return _differences(scenario, result, values)


def _differences(scenario: Scenario, result: Assessment, values: Mapping[str, Value]) -> list[str]:
    want = scenario.expected
    out: list[str] = []
    if want.recommendation and result.recommendation != want.recommendation:
        out.append(f"recommendation: expected {want.recommendation}, got {result.recommendation}")
    if want.policy_version and result.policy.version != want.policy_version:
        out.append(f"policy version: expected {want.policy_version}, got {result.policy.version}")
    for rule, value in want.rules.items():
        actual = values.get(rule, "<no such rule>")
        if actual != value or type(actual) is not type(value):
            out.append(f"rule {rule}: expected {value!r}, got {actual!r}")
    if "permit_review" in want.model_fields_set:
        review = result.permit_review.model_dump() if result.permit_review else None
        if want.permit_review is None or review is None:
            if want.permit_review != review:
                out.append(f"permit_review: expected {want.permit_review}, got {review}")
        else:
            for key, value in want.permit_review.items():
                if review.get(key) != value:
                    out.append(f"permit_review.{key}: expected {value!r}, got {review.get(key)!r}")
    cited = {c for step in result.steps for c in step.sources}
    out.extend(f"cites: expected a step to cite {c!r}" for c in want.cites if c not in cited)
    out.extend(f"does_not_cite: a step cites {c!r}" for c in want.does_not_cite if c in cited)
    outlook = result.return_.model_dump()
    for key, value in want.return_.items():
        if outlook.get(key, "<no such field>") != value:
            out.append(f"return.{key}: expected {value!r}, got {outlook.get(key)!r}")
    return out
