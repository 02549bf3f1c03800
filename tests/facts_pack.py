"""A test pack for SY whose rules each read one of the newer case facts, so that the steps of a
stored assessment show which facts reached the engine. Not policy: the real pack is elsewhere.

Whatever else the engine requires of a pack (`REQUIRED_OUTPUTS`) is added as a rule that never
matters here, so the pack keeps loading while the engine's list of outputs changes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from refuge.policy.country import REQUIRED_OUTPUTS
from refuge.rules.types import Type

SOURCE = "t1"
NEVER = "has_permit and not has_permit"

RULES: list[dict[str, Any]] = [
    {
        "id": "exclusion_indicated",
        "description": "there are indications of an exclusion ground",
        "expression": "exclusion_indications",
    },
    {
        "id": "regime_support_indicated",
        "description": "there are indications of support for the former regime",
        "expression": "regime_support_indications",
    },
    {
        "id": "military_service_claimed",
        "description": "military service is a ground the applicant claims",
        "expression": "'military_service' in grounds",
    },
    {
        "id": "internal_protection_available",
        "description": "every condition of the internal protection alternative is met",
        "expression": "ipa_safe_there == 'yes' and ipa_travel == 'yes'"
        " and ipa_admittance == 'yes' and ipa_reasonable == 'yes'",
    },
]

RECOMMENDATION = {
    "id": "recommendation",
    "description": "the recommendation",
    "rows": [
        {"when": "exclusion_indicated", "value": "further_investigation", "explain": "exclusion"},
        {"when": "regime_support_indicated", "value": "further_investigation", "explain": "regime"},
        {"when": "military_service_claimed", "value": "grant_refugee", "explain": "military"},
        {"when": "internal_protection_available", "value": "reject", "explain": "internal"},
    ],
    "otherwise": {"value": "grant_subsidiary", "explain": "otherwise"},
}


def _filler(name: str, kind: Type) -> tuple[str, dict[str, Any]]:
    """A rule (or, for text, an outcome table) for a required output this test does not use."""
    if kind is Type.STR:
        table = {
            "id": name,
            "description": name,
            "rows": [{"when": NEVER, "value": "none", "explain": "never"}],
            "otherwise": {"value": "none", "explain": "none"},
        }
        return "outcomes", table
    expression = NEVER if kind is Type.BOOL else "0"
    return "rules", {"id": name, "description": name, "expression": expression}


def _cited(item: dict[str, Any]) -> dict[str, Any]:
    if "rows" in item:
        rows = [{**row, "cite": SOURCE} for row in item["rows"]]
        return {**item, "rows": rows, "otherwise": {**item["otherwise"], "cite": SOURCE}}
    return {**item, "cite": SOURCE}


def write_facts_pack(directory: Path) -> Path:
    """Write the pack as `directory/SY.yaml`; point REFUGE_POLICY_DIR at `directory` to use it."""
    pack: dict[str, Any] = {
        "country": "SY",
        "title": "Test pack reading the recorded case facts",
        "valid_from": "2011-01-01",
        "sources": [
            {"id": SOURCE, "title": "Test pack", "kind": "assumption", "note": "tests only"}
        ],
        "parameters": {
            "unused": {
                "description": "a parameter, as every pack has one",
                "type": "int",
                "values": [{"valid_from": "2011-01-01", "value": 0, "cite": SOURCE}],
            }
        },
        "rules": list(RULES),
        "outcomes": [RECOMMENDATION],
    }
    defined = {item["id"] for item in [*pack["rules"], *pack["outcomes"]]}
    for name, kind in REQUIRED_OUTPUTS.items():
        if name not in defined:
            section, item = _filler(name, kind)
            pack[section].append(item)
    pack["rules"] = [_cited(r) for r in pack["rules"]]
    pack["outcomes"] = [_cited(o) for o in pack["outcomes"]]
    path = directory / "SY.yaml"
    path.write_text(yaml.safe_dump(pack, sort_keys=False), encoding="utf-8")
    return path
