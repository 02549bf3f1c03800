"""Syrian cases several test files assess the same way."""

from __future__ import annotations

from datetime import date

from refuge.case.schema import Case, Permit

# a credible claim on economic grounds alone, lodged in July 2025
ECONOMIC = Case(
    case_id="E-1",
    nationality="SY",
    region="SY-DI",
    application_date=date(2025, 7, 1),
    grounds=["economic"],
    credibility="credible",
    legal_residence=False,
)

# a lawful resident holding a permit granted on the general presumption, valid until 2030
PRESUMPTION_HOLDER = Case(
    case_id="PR-1",
    nationality="SY",
    region="SY-DI",
    application_date=date(2016, 1, 10),
    grounds=["generalised_violence"],
    credibility="credible",
    individual_risk_indicators=0,
    permit=Permit(
        kind="temporary_asylum",
        ground="subsidiary_general_risk",
        granted=date(2016, 6, 1),
        valid_until=date(2030, 12, 31),
    ),
    legal_residence=True,
)
