"""A stored application's facts as the engine's input (`refuge.case.schema.Case`)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from refuge.case.schema import Case
from refuge.case.schema import Permit as PermitFacts
from refuge.casework.models import Application, Permit, Person

# the special-category facts the engine reads; reading them is audited
READS = (
    "grounds",
    "risk_profiles",
    "exclusion_grounds",
    "exclusion_indications",
    "regime_support_indications",
)


def case_of(session: Session, app: Application, person: Person) -> Case:
    """The Case for `app` (loaded with its facts); the person's newest active permit."""
    permit = session.scalar(
        select(Permit)
        .where(Permit.person_id == person.id, Permit.status == "active")
        .order_by(Permit.granted.desc())
        .limit(1)
    )
    return case_from(app, person, permit)


def case_from(app: Application, person: Person, permit: Permit | None) -> Case:
    """The Case for `app` (loaded with its facts) of `person`, who holds `permit`."""
    return Case.model_validate(
        {
            "case_id": str(app.id),
            "nationality": person.nationality,
            "region": person.region_of_origin,
            "application_date": app.application_date,
            "grounds": list(app.grounds),
            "credibility": app.credibility,
            "risk_profiles": list(app.risk_profiles),
            "individual_risk_indicators": app.individual_risk_indicators,
            "exclusion_grounds": list(app.exclusion_grounds),
            "exclusion_indications": app.exclusion_indications,
            "regime_support_indications": app.regime_support_indications,
            "internal_protection": app.internal_protection,
            "permit": None
            if permit is None
            else PermitFacts(
                kind="temporary_asylum",
                ground=permit.ground,  # type: ignore[arg-type]
                granted=permit.granted,
                valid_until=permit.valid_until,
            ),
            "legal_residence": app.legal_residence,
            "minor": app.minor,
        }
    )
