"""The case input schema (`refuge assess CASE.json`). JSON Schema: docs/schemas/case.schema.json."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from refuge.policy.vocabulary import (
    Credibility,
    ExclusionGround,
    Finding,
    Ground,
    PermitGround,
    RiskProfile,
)

# two facts the case input and the casework store describe the same way
ExclusionIndications = Annotated[
    bool,
    Field(
        description="there are indications that an exclusion ground may apply, "
        "not yet established or ruled out"
    ),
]
RegimeSupportIndications = Annotated[
    bool,
    Field(
        description="there are indications that the applicant actively supported the "
        "former Syrian regime (the general presumption excepted such applicants)"
    ),
]


class InternalProtection(BaseModel):
    """The caseworker's findings on the internal protection alternative (art. 8 QD): each of
    its conditions for this applicant, in a region that policy designates. Every condition
    must be "yes" before the alternative can decide a case."""

    model_config = ConfigDict(extra="forbid")

    safe_there: Finding = Field(
        default="not_assessed",
        description="no well-founded fear or real risk for this applicant in that region",
    )
    safe_and_legal_travel: Finding = Field(
        default="not_assessed", description="the applicant can travel there safely and legally"
    )
    admittance: Finding = Field(
        default="not_assessed", description="the applicant will be admitted there"
    )
    reasonable_to_settle: Finding = Field(
        default="not_assessed",
        description="the applicant can reasonably be expected to settle there, given the "
        "general circumstances there and their personal circumstances",
    )


class Permit(BaseModel):
    """A temporary asylum permit the person holds."""

    model_config = ConfigDict(extra="forbid")

    kind: Literal["temporary_asylum"]
    ground: PermitGround
    granted: date
    valid_until: date

    @model_validator(mode="after")
    def _ends_after_grant(self) -> Permit:
        if self.valid_until < self.granted:
            raise ValueError("valid_until is before granted")
        return self


class Case(BaseModel):
    """One person's application, as the caseworker has established it so far."""

    model_config = ConfigDict(extra="forbid")

    case_id: str = Field(min_length=1, max_length=64)
    nationality: str = Field(pattern=r"^[A-Z]{2}$", description="ISO 3166-1 alpha-2 code, e.g. SY")
    region: str = Field(
        pattern=r"^[A-Z]{2}-[A-Z0-9]{1,3}$", description="ISO 3166-2 code, e.g. SY-DI"
    )
    application_date: date
    grounds: list[Ground] = Field(default_factory=list)
    credibility: Credibility
    risk_profiles: list[RiskProfile] = Field(
        default_factory=list, description="risk-profile memberships the caseworker established"
    )
    individual_risk_indicators: int | None = Field(
        default=None,
        ge=0,
        le=1000,
        description="individual risk indicators found credible; left out: not assessed yet "
        "(0 when the caseworker found none)",
    )
    exclusion_grounds: list[ExclusionGround] = Field(
        default_factory=list, description="exclusion grounds established"
    )
    exclusion_indications: ExclusionIndications = False
    regime_support_indications: RegimeSupportIndications = False
    internal_protection: InternalProtection = Field(default_factory=InternalProtection)
    permit: Permit | None = None
    legal_residence: bool = Field(
        description="the person resides lawfully on the assessment date: a permit in force means "
        "yes; with a permit that has ended, yes while the extension applied for in time is decided"
    )
    minor: bool = Field(default=False, description="under 18; sets the return support amount")

    @field_validator("grounds", "risk_profiles", "exclusion_grounds")
    @classmethod
    def _no_repeats(cls, values: list[str]) -> list[str]:
        if len(set(values)) != len(values):
            raise ValueError("lists a value twice")
        return values

    @model_validator(mode="after")
    def _region_in_country(self) -> Case:
        if not self.region.startswith(self.nationality + "-"):
            raise ValueError(
                f"region {self.region!r} is not in country {self.nationality!r}; "
                f"use a {self.nationality}-.. code"
            )
        return self
