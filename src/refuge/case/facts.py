"""How a `Case` on a decision date becomes the flat facts a rule reads (`refuge.policy.facts`
says which facts there are and their types)."""

from __future__ import annotations

from datetime import date

from refuge.case.schema import Case
from refuge.rules.types import Value


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
        "individual_risk_indicators": case.individual_risk_indicators or 0,
        "indicators_assessed": case.individual_risk_indicators is not None,
        "exclusion_grounds": frozenset(case.exclusion_grounds),
        "exclusion_indications": case.exclusion_indications,
        "regime_support_indications": case.regime_support_indications,
        "ipa_safe_there": case.internal_protection.safe_there,
        "ipa_travel": case.internal_protection.safe_and_legal_travel,
        "ipa_admittance": case.internal_protection.admittance,
        "ipa_reasonable": case.internal_protection.reasonable_to_settle,
        "has_permit": case.permit is not None,
        "permit_ground": case.permit.ground if case.permit else "none",
        "legal_residence": case.legal_residence,
        "minor": case.minor,
    }
