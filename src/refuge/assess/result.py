"""The assessment `refuge assess` prints (JSON reference: docs/cli.md). Field names are stable."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Recommendation = Literal[
    "grant_refugee",
    "grant_subsidiary",
    "reject",
    "reject_excluded",
    "no_decision_moratorium",
    "further_investigation",
]
JsonValue = bool | int | str | date | list[str]
StepRole = Literal["decided", "examined", "check", "other"]

HUMAN_DECIDES = (
    "This is a recommendation, not a decision. A caseworker decides, records the decision "
    "and its reasons, and may depart from this recommendation with reasons."
)


class Out(BaseModel):
    model_config = ConfigDict(frozen=True, populate_by_name=True)


class SourceRef(Out):
    id: str
    title: str
    kind: str
    locator: str | None = None
    ref: str | None = Field(default=None, description="identifier in its publisher's form")
    url: str | None = Field(default=None, description="public page of the source")


class Assumption(Out):
    """A value or rule that rests on an assumption, where the sources are silent."""

    source: str
    note: str


class ParameterUsed(Out):
    name: str
    value: JsonValue
    shown: str = Field(description="the value as a person reads it, e.g. region names")
    valid_from: date
    valid_to: date | None
    sources: list[SourceRef]
    projection: date | None = Field(
        default=None,
        description="set when the value is used after its last source: no source after this date",
    )


class Step(Out):
    rule: str
    value: bool | int | str
    explanation: str
    sources: list[SourceRef]
    parameters: list[ParameterUsed] = Field(default_factory=list)
    role: StepRole = Field(
        default="decided",
        description="decided: the outcome rests on it; examined: read by an outcome row "
        "examined before the one that matched; "
        "check: a judgment the caseworker makes on the way; other: shown with --all-steps only",
    )
    assumptions: list[Assumption] = Field(default_factory=list)
    caseworker_judgment: str | None = Field(
        default=None, description="set where the law leaves this step to the caseworker's judgment"
    )


class PolicyRef(Out):
    country: str
    version: str
    valid_from: date
    valid_to: date | None
    pack_sha256: str


class PermitReview(Out):
    revocation_possible: bool
    reason: str
    reason_code: str


class ReturnOutlook(Out):
    applies: bool = Field(description="true when the recommendation is a rejection")
    obliged_to_leave: bool
    voluntary_return_support: bool
    support_amount_eur: int
    forced_return_possible: bool
    forced_return_reason: str
    forced_return_explanation: str


class Headline(Out):
    """What a caseworker reads first: for an application the recommendation, for a permit
    holder the permit review, each with the reason that decided it."""

    kind: Literal["application", "permit_review"]
    title: str = Field(description="e.g. 'draft recommendation: REJECT'")
    text: str = Field(description="the reason that decided it")
    decided_by: list[str] = Field(description="the rules whose values decided the headline")


class Receipt(Out):
    """What produced this assessment, for the decision file."""

    engine: str
    pack_sha256: str
    case_sha256: str = Field(description="SHA-256 of the case input as canonical JSON")


class Assessment(Out):
    case_id: str
    as_of: date
    headline: Headline
    recommendation: Recommendation
    recommendation_explanation: str
    steps: list[Step]
    policy: PolicyRef
    permit_review: PermitReview | None
    return_: ReturnOutlook = Field(alias="return")
    receipt: Receipt
    language: Literal["en", "nl"] = "en"
    notice: str = HUMAN_DECIDES

    def to_json_dict(self) -> dict[str, object]:
        return self.model_dump(mode="json", by_alias=True)
