"""The flat facts a rule may read: their names, types and allowed values (`FACTS`), and what
each means (`FACT_DOCS`). A pack is checked against them when it is loaded; `refuge.case.facts`
turns a case into them; the vector evaluator reads tables with exactly these columns."""

from __future__ import annotations

from typing import Any, get_args

from refuge.policy.vocabulary import (
    Credibility,
    ExclusionGround,
    Finding,
    Ground,
    PermitGround,
    RiskProfile,
)
from refuge.rules.check import NameInfo
from refuge.rules.types import Type


def _values(literal: Any) -> frozenset[str]:
    return frozenset(get_args(literal))


PERMIT_GROUNDS = _values(PermitGround) | {"none"}

FACTS: dict[str, NameInfo] = {
    "nationality": NameInfo("fact", Type.STR),
    "region": NameInfo("fact", Type.STR),
    "application_date": NameInfo("fact", Type.DATE),
    "decision_date": NameInfo("fact", Type.DATE),
    "grounds": NameInfo("fact", Type.STRSET, domain=_values(Ground)),
    "credibility": NameInfo("fact", Type.STR, domain=_values(Credibility)),
    "risk_profiles": NameInfo("fact", Type.STRSET, domain=_values(RiskProfile)),
    "individual_risk_indicators": NameInfo("fact", Type.INT),
    "indicators_assessed": NameInfo("fact", Type.BOOL),
    "exclusion_grounds": NameInfo("fact", Type.STRSET, domain=_values(ExclusionGround)),
    "exclusion_indications": NameInfo("fact", Type.BOOL),
    "regime_support_indications": NameInfo("fact", Type.BOOL),
    "ipa_safe_there": NameInfo("fact", Type.STR, domain=_values(Finding)),
    "ipa_travel": NameInfo("fact", Type.STR, domain=_values(Finding)),
    "ipa_admittance": NameInfo("fact", Type.STR, domain=_values(Finding)),
    "ipa_reasonable": NameInfo("fact", Type.STR, domain=_values(Finding)),
    "has_permit": NameInfo("fact", Type.BOOL),
    "permit_ground": NameInfo("fact", Type.STR, domain=PERMIT_GROUNDS),
    "legal_residence": NameInfo("fact", Type.BOOL),
    "minor": NameInfo("fact", Type.BOOL),
}

FACT_DOCS: dict[str, str] = {
    "nationality": "ISO 3166-1 alpha-2 country of nationality",
    "region": "ISO 3166-2 region of origin",
    "application_date": "date the application was lodged",
    "decision_date": "date the policy is applied on (the as-of date)",
    "grounds": "grounds the applicant claims",
    "credibility": "the caseworker's finding on the account",
    "risk_profiles": "risk-profile memberships the caseworker established",
    "individual_risk_indicators": "individual risk indicators found credible (0 if not assessed)",
    "indicators_assessed": "the individual risk indicators have been assessed (counted)",
    "exclusion_grounds": "exclusion grounds established",
    "exclusion_indications": "indications that an exclusion ground may apply, not yet established",
    "regime_support_indications": "indications of active support for the former regime",
    "ipa_safe_there": "internal protection: no fear or real risk for this applicant there",
    "ipa_travel": "internal protection: can travel there safely and legally",
    "ipa_admittance": "internal protection: will be admitted there",
    "ipa_reasonable": "internal protection: can reasonably be expected to settle there",
    "has_permit": "holds a temporary asylum permit",
    "permit_ground": "ground of that permit, or 'none'",
    "legal_residence": "has lawful residence",
    "minor": "under 18",
}
