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


class ParameterUsed(Out):
    name: str
    value: JsonValue
    valid_from: date
    valid_to: date | None
    sources: list[SourceRef]


class Step(Out):
    rule: str
    value: bool | int | str
    explanation: str
    sources: list[SourceRef]
    parameters: list[ParameterUsed] = Field(default_factory=list)


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
    obliged_to_leave: bool
    voluntary_return_support: bool
    support_amount_eur: int
    forced_return_possible: bool


class Assessment(Out):
    case_id: str
    as_of: date
    recommendation: Recommendation
    recommendation_explanation: str
    steps: list[Step]
    policy: PolicyRef
    permit_review: PermitReview | None
    return_: ReturnOutlook = Field(alias="return")
    notice: str = HUMAN_DECIDES

    def to_json_dict(self) -> dict[str, object]:
        return self.model_dump(mode="json", by_alias=True)
