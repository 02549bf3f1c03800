"""The assessment `refuge assess` prints (JSON reference: docs/cli.md). Field names are stable."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

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
    """A source the assessment cites, listed once in `Assessment.sources`; steps and
    parameters cite it by `id`."""

    id: str
    title: str
    kind: str
    locator: str | None = None
    ref: str | None = Field(default=None, description="identifier in its publisher's form")
    url: str | None = Field(default=None, description="public page of the source")
    passage: str | None = Field(
        default=None,
        description="API path of the report library passage the source cites (its `coi:` "
        "citation), in the revision cited",
    )
    published: date | None = Field(
        default=None,
        description="the source's own date; one after the assessment's `as_of` was not known "
        "on that day (an assessment of a past date cites what the pack cites today)",
    )
    note: str | None = Field(
        default=None,
        description="for an assumption (kind `assumption`) or a what-if scenario's value "
        "(kind `scenario`): what is assumed, where the sources are silent, and why; for any "
        "other source: what a reader should know of it (e.g. that it was read only through a "
        "press report)",
    )


class ParameterUsed(Out):
    """A dated policy value the assessment read, listed once in `Assessment.parameters`;
    steps name it."""

    name: str
    value: JsonValue
    shown: str = Field(description="the value as a person reads it, e.g. region names")
    valid_from: date
    valid_to: date | None
    sources: list[str] = Field(description="ids of its sources in `Assessment.sources`")
    projection: date | None = Field(
        default=None,
        description="set when the value is used after its last source: no source after this date",
    )


class Step(Out):
    rule: str
    value: bool | int | str
    explanation: str
    sources: list[str] = Field(
        description="ids in `Assessment.sources`: the legal basis in force first, then the "
        "rule's own sources and those of the parameters it read"
    )
    parameters: list[str] = Field(
        default_factory=list, description="names in `Assessment.parameters`"
    )
    role: StepRole = Field(
        default="decided",
        description="decided: the outcome rests on it; examined: read by an outcome row "
        "examined before the one that matched; "
        "check: a judgment the caseworker makes on the way; other: shown with --all-steps only",
    )
    assumptions: list[str] = Field(
        default_factory=list,
        description="ids in `Assessment.sources` of the assumptions (and scenario values) this "
        "step rests on; each source's `note` says what is assumed",
    )
    caseworker_judgment: str | None = Field(
        default=None,
        description="set where the law leaves this step, at its value, to the caseworker's "
        "judgment",
    )
    projections: list[str] = Field(
        default_factory=list,
        description="names in `Assessment.parameters` whose value this step uses after the "
        "value's last source (a projection); each one's `projection` is the date after which no "
        "source says the value still holds",
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
    projections: list[str] = Field(
        default_factory=list,
        description="names in `parameters[]` of the projections the headline rests on (values "
        "used after their last source), read by its table's row or by the rules that decided it",
    )


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
    sources: list[SourceRef] = Field(
        description="every source the steps and parameters cite, once, in order of first citation"
    )
    parameters: list[ParameterUsed] = Field(
        description="every policy value the steps read, once, in order of first use"
    )
    policy: PolicyRef
    permit_review: PermitReview | None
    return_: ReturnOutlook = Field(alias="return")
    receipt: Receipt
    language: Literal["en", "nl"] = "en"
    notice: str = HUMAN_DECIDES
    _lookup: tuple[dict[str, SourceRef], dict[str, ParameterUsed]] | None = PrivateAttr(None)

    def to_json_dict(self) -> dict[str, object]:
        return self.model_dump(mode="json", by_alias=True)

    def source(self, source_id: str) -> SourceRef:
        """The cited source `source_id` (KeyError if the assessment does not cite it)."""
        return self._index()[0][source_id]

    def parameter(self, name: str) -> ParameterUsed:
        """The policy value `name` the steps read (KeyError if none read it)."""
        return self._index()[1][name]

    def _index(self) -> tuple[dict[str, SourceRef], dict[str, ParameterUsed]]:
        # built on the first look-up and kept: a reader looks a source up for every citation
        # of every step; an assessment nobody reads this way (the API's) never builds it
        if self._lookup is None:
            self._lookup = ({s.id: s for s in self.sources}, {p.name: p for p in self.parameters})
        return self._lookup
