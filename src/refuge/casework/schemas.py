"""What the casework service takes in and gives back (pydantic). Field names follow the word
list in docs/architecture.md; special-category facts appear only in ApplicationDetail."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, Strict, field_validator, model_validator

from refuge.case.schema import ExclusionIndications, InternalProtection, RegimeSupportIndications
from refuge.casework.bounds import ExclusionGrounds, Grounds, RiskProfiles
from refuge.casework.deadlines import APR_EXTENSION, EXCEPTIONAL, ORDINARY
from refuge.casework.models.decisions import AssessmentPurpose, DecisionStatus
from refuge.policy.vocabulary import Credibility, Finding
from refuge.strict import Day, Flag, Name, Text

Outcome = Literal["grant_refugee", "grant_subsidiary", "reject", "reject_excluded"]
GRANTS: frozenset[str] = frozenset({"grant_refugee", "grant_subsidiary"})
LegalBasis = Literal["art. 42(4) Vw", "art. 42(4) Vw, exceptional", "art. 35(5) APR"]
assert set(get_args(LegalBasis)) == {ORDINARY, EXCEPTIONAL, APR_EXTENSION}
# special-category facts (GDPR art. 9 and 10): encrypted at rest, their reads audited
SPECIAL_FACTS = (
    "grounds",
    "risk_profiles",
    "exclusion_grounds",
    "exclusion_indications",
    "regime_support_indications",
)


class In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class Facts(In):
    """The facts the caseworker establishes; the assessment reads these."""

    grounds: Grounds = Field(default_factory=list)
    risk_profiles: RiskProfiles = Field(default_factory=list)
    exclusion_grounds: ExclusionGrounds = Field(default_factory=list)
    exclusion_indications: Annotated[ExclusionIndications, Strict()] = False
    regime_support_indications: Annotated[RegimeSupportIndications, Strict()] = False
    credibility: Credibility = "not_assessed"
    individual_risk_indicators: int | None = Field(
        default=None,
        ge=0,
        le=1000,
        description="individual risk indicators found credible; null or left out: not assessed",
    )
    internal_protection: InternalProtection = Field(
        default_factory=InternalProtection,
        description="the findings on the internal protection alternative (art. 8 QD)",
    )
    legal_residence: Flag = False
    minor: Flag = False


class ApplicationCreate(Facts):
    # max_length (checked before the pattern) bounds the input; the pattern says the rest
    v_number: str = Field(
        max_length=10, pattern=r"^[0-9]{10}$", description="vreemdelingennummer, 10 digits"
    )
    nationality: str = Field(
        max_length=2, pattern=r"^[A-Z]{2}$", description="ISO 3166-1 alpha-2, e.g. SY"
    )
    region_of_origin: str = Field(
        max_length=6, pattern=r"^[A-Z]{2}-[A-Z0-9]{1,3}$", description="ISO 3166-2"
    )
    application_date: Day
    kind: Literal["first", "subsequent"] = "first"
    caseworker_id: uuid.UUID | None = Field(
        default=None, description="default: the registering caseworker"
    )
    import_key: Name | None = Field(default=None, max_length=64)

    @model_validator(mode="after")
    def _region_in_country(self) -> ApplicationCreate:
        if not self.region_of_origin.startswith(self.nationality + "-"):
            raise ValueError(
                f"region_of_origin {self.region_of_origin!r} is not in {self.nationality!r}; "
                f"use a {self.nationality}-.. code"
            )
        return self


def _not_null(value: object) -> object:
    if value is None:
        raise ValueError("null is not a value here: send one, or leave the field out to keep it")
    return value


class InternalProtectionPatch(In):
    """Findings on the internal protection alternative to change; the others stay."""

    safe_there: Finding | None = None
    safe_and_legal_travel: Finding | None = None
    admittance: Finding | None = None
    reasonable_to_settle: Finding | None = None

    check_not_null = field_validator("*")(_not_null)


_PATCHED_FACTS = tuple(Facts.model_fields)


class FactsPatch(In):
    """A partial update of the facts: only the fields sent change."""

    grounds: Grounds | None = None
    risk_profiles: RiskProfiles | None = None
    exclusion_grounds: ExclusionGrounds | None = None
    exclusion_indications: Flag | None = None
    regime_support_indications: Flag | None = None
    credibility: Credibility | None = None
    individual_risk_indicators: int | None = Field(
        default=None, ge=0, le=1000, description="null: back to not assessed"
    )
    internal_protection: InternalProtectionPatch | None = None
    legal_residence: Flag | None = None
    minor: Flag | None = None

    # null means "not assessed" for the indicator count; for every other fact it is no value
    check_not_null = field_validator(
        *(name for name in _PATCHED_FACTS if name != "individual_risk_indicators")
    )(_not_null)


class ApplicationOut(Out):
    """An application without its special-category facts (lists, write answers)."""

    id: uuid.UUID
    version: int
    person_id: uuid.UUID
    v_number: str
    nationality: str
    region_of_origin: str
    kind: str
    application_date: date
    status: str
    state: str  # what the caseworker sees: `paused` while a report request is outstanding
    paused: bool
    allowed_next: list[str]
    team_id: uuid.UUID
    caseworker_id: uuid.UUID | None
    created_at: datetime


class ApplicationDetail(ApplicationOut):
    """One application with its facts; reading it is audited with a purpose."""

    grounds: list[str]
    risk_profiles: list[str]
    exclusion_grounds: list[str]
    exclusion_indications: bool
    regime_support_indications: bool
    credibility: str
    individual_risk_indicators: int | None = Field(description="null: not assessed")
    internal_protection: InternalProtection
    legal_residence: bool
    minor: bool
    decision: DecisionOut | None = Field(
        default=None, description="the decision in effect or awaiting a supervisor's approval"
    )


class Page(BaseModel):
    items: list[ApplicationOut]
    total: int
    offset: int
    limit: int


class HearingIn(In):
    kind: Literal["first", "detailed"]
    held_on: Day
    interpreter_language: Name | None = Field(default=None, max_length=40)
    summary: Text = Field(min_length=1, max_length=100_000)


class HearingOut(Out):
    id: uuid.UUID
    application_id: uuid.UUID
    kind: str
    held_on: date
    interpreter_language: str | None


class FindingIn(In):
    element: Text = Field(min_length=1, max_length=2_000, description="the claimed element")
    credible: Literal["credible", "not_credible", "undetermined"]
    notes: Text = Field(default="", max_length=100_000)


class FindingOut(Out):
    id: uuid.UUID
    application_id: uuid.UUID
    credible: str


class CoiRequestIn(In):
    question: Text = Field(min_length=1, max_length=20_000)


class CoiRequestOut(Out):
    id: uuid.UUID
    application_id: uuid.UUID
    requested_on: date
    received_on: date | None


class AssessmentOut(Out):
    id: uuid.UUID
    application_id: uuid.UUID
    as_of: date
    recommendation: str
    policy_version: str
    pack_sha256: str
    requested_by: uuid.UUID
    created_at: datetime
    purpose: AssessmentPurpose = Field(
        description="`decision_basis`: run on its own `as_of` day, the recommendation a decision "
        "of that day is compared with; `analysis`: run for another day (backdated or in the "
        "future), never the basis of a decision"
    )
    output: dict[str, Any] | None = None  # the engine's full output, where the caller may see it


class IntendedDecisionIn(In):
    outcome: Outcome
    reasons: Text = Field(min_length=1, max_length=100_000)
    respond_by: Day = Field(description="the last day the applicant may send a written view")


class IntendedDecisionOut(Out):
    id: uuid.UUID
    application_id: uuid.UUID
    outcome: str
    issued_on: date
    respond_by: date
    issued_by: uuid.UUID


class WrittenViewIn(In):
    received_on: Day
    summary: Text = Field(min_length=1, max_length=100_000)


class WrittenViewOut(Out):
    id: uuid.UUID
    application_id: uuid.UUID
    received_on: date


class DecisionIn(In):
    outcome: Outcome
    reasons: Text = Field(default="", max_length=100_000)


class DecisionOut(Out):
    """A decision without its reasons. `status`: `in_effect`, or `awaiting_approval` (a
    caseworker's departure from the recommendation, until a supervisor of the team approves it),
    or `not_approved` (the supervisor did not; the application is decided anew)."""

    id: uuid.UUID
    application_id: uuid.UUID
    outcome: str
    recommendation: str
    deviates_from_recommendation: bool
    assessment_id: uuid.UUID | None
    decided_by: uuid.UUID
    decided_at: datetime
    status: DecisionStatus
    reviewed_by: uuid.UUID | None = Field(
        default=None, description="the supervisor who approved it or did not"
    )
    reviewed_at: datetime | None = None


class ApprovalIn(In):
    note: Text = Field(default="", max_length=100_000, description="why it may stand (optional)")


class RejectionIn(In):
    note: Text = Field(
        min_length=1,
        max_length=100_000,
        description="why it may not stand: the caseworker reads it",
    )


class ExtensionIn(In):
    months: int = Field(ge=1, le=9)
    legal_basis: LegalBasis = "art. 42(4) Vw"
    reason: Text = Field(min_length=1, max_length=500)


class PauseOut(BaseModel):
    start: date
    end: date | None
    days: int | None


class ExtensionOut(BaseModel):
    months: int
    legal_basis: str
    reason: str


class DeadlineStatus(BaseModel):
    application_id: uuid.UUID
    state: str
    caseworker_id: uuid.UUID | None
    application_date: date
    months: int
    extensions: list[ExtensionOut]
    unpaused_due_on: date
    due_on: date | None
    days_paused: int
    pauses: list[PauseOut]
    days_left: int | None
    calendar_days_left: int | None
    clock_stopped: bool
    overdue: bool
    outer_limit: date
    beyond_outer_limit: bool
    legal_basis: str = Field(
        description="the law of the decision period, the one in force on the application date: "
        "'art. 42 Vw' (lodged before 2026-06-12) or 'art. 35 Regulation (EU) 2024/1348' "
        "(lodged from 2026-06-12)"
    )
    outer_limit_binding: bool = Field(
        description="true: the due date never passes `outer_limit` (art. 35(7) APR); false: "
        "the outer limit is only shown (art. 42 Vw)"
    )
    held_at_outer_limit: bool = Field(
        description="a postponement (decision moratorium) would have pushed the due date past "
        "`outer_limit`, so it is held there; the examination must end by then"
    )


class ReturnCaseOut(Out):
    id: uuid.UUID
    person_id: uuid.UUID
    application_id: uuid.UUID | None
    status: str
    track: str
    opened_on: date
    departed_on: date | None = None
    route: str | None = None
    version: int


class ReassessmentOut(Out):
    id: uuid.UUID
    permit_id: uuid.UUID
    status: str
    opened_on: date
    outcome: str | None
    version: int
