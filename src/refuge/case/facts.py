"""The flat facts a rule may read, their types and allowed values, and how a `Case` on a
decision date becomes them. The vector evaluator reads tables with exactly these columns."""

from __future__ import annotations

from datetime import date
from typing import Any, get_args

from refuge.case.schema import Case, Credibility, ExclusionGround, Ground, PermitGround, RiskProfile
from refuge.rules.check import NameInfo
from refuge.rules.types import Type, Value


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
    "exclusion_grounds": NameInfo("fact", Type.STRSET, domain=_values(ExclusionGround)),
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
    "individual_risk_indicators": "number of individual risk indicators found credible",
    "exclusion_grounds": "exclusion grounds established",
    "has_permit": "holds a temporary asylum permit",
    "permit_ground": "ground of that permit, or 'none'",
    "legal_residence": "has lawful residence",
    "minor": "under 18",
}


def case_facts(case: Case, decision_date: date) -> dict[str, Value]:
    """The facts of `case` as the rules read them on `decision_date`."""
    return {
        "nationality": case.nationality,
        "region": case.region,
        "application_date": case.application_date,
        "decision_date": decision_date,
        "grounds": frozenset(case.grounds),
        "credibility": case.credibility,
        "risk_profiles": frozenset(case.risk_profiles),
        "individual_risk_indicators": case.individual_risk_indicators,
        "exclusion_grounds": frozenset(case.exclusion_grounds),
        "has_permit": case.permit is not None,
        "permit_ground": case.permit.ground if case.permit else "none",
        "legal_residence": case.legal_residence,
        "minor": case.minor,
    }
