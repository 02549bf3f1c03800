"""The shape of a policy pack file, checked by pydantic before the deeper checks in `loader`.
Reference: docs/policy-packs.md."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StrictBool, model_validator
from pydantic_core import PydanticCustomError

SourceKind = Literal["seed", "kamerstuk", "law", "ambtsbericht", "euaa", "court", "assumption"]
TypeName = Literal["bool", "int", "str", "date", "set[str]"]
IDENT = r"^[a-z][a-z0-9_]*$"


def _as_list(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


Cite = Annotated[list[str], BeforeValidator(_as_list), Field(min_length=1)]
# a rule or row may rest on its legal basis alone (`basis`); then `cite` may be left out
RuleCite = Annotated[list[str], BeforeValidator(_as_list)]


def _cited(cite: list[str], basis: list[str]) -> None:
    if not cite and not basis:
        raise PydanticCustomError(
            "no-citation", "cite a source (cite) or a legal basis (basis); neither is given"
        )


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SourceSpec(Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_.-]*$")
    title: str = Field(min_length=1)
    kind: SourceKind
    date: dt.date | None = None
    locator: str | None = None
    url: str | None = None
    note: str | None = None
    ref: str | None = None  # checked by `loader` against `identifiers`
    ref_unknown: str | None = Field(default=None, min_length=1)  # why there is no ref
    coi: str | None = None  # a report library passage, checked by `loader` (`coi_citation`)

    @model_validator(mode="after")
    def _assumption_has_note(self) -> SourceSpec:
        if self.kind == "assumption" and not self.note:
            raise PydanticCustomError(
                "assumption-without-note",
                "a source of kind 'assumption' needs a 'note' saying what is assumed",
            )
        return self


class DatedValueSpec(Strict):
    valid_from: dt.date
    valid_to: dt.date | None = None
    value: Any
    cite: Cite
    note: str | None = None


class ParameterSpec(Strict):
    description: str = Field(min_length=1)
    type: TypeName
    unit: str | None = None
    values: list[DatedValueSpec] = Field(min_length=1)


class RuleSpec(Strict):
    id: str = Field(pattern=IDENT)
    description: str = Field(min_length=1)
    expression: str
    cite: RuleCite = Field(default_factory=list)
    if_true: str | None = None
    if_false: str | None = None
    explain: str | None = None
    judgment: str | None = Field(default=None, min_length=1)
    # the judgment is open only when the rule has this value (e.g. `true`: a fear of
    # prosecution for desertion that is not claimed leaves nothing to weigh); default: always
    judgment_when: StrictBool | None = None
    basis: list[str] = Field(default_factory=list)  # parameters holding the dated legal basis

    @model_validator(mode="after")
    def _has_citation(self) -> RuleSpec:
        _cited(self.cite, self.basis)
        if self.judgment_when is not None and self.judgment is None:
            raise ValueError("'judgment_when' says when the judgment is open: give 'judgment' too")
        return self


class OutcomeRowSpec(Strict):
    when: str
    value: bool | int | str
    cite: RuleCite = Field(default_factory=list)
    explain: str = Field(min_length=1)
    basis: list[str] = Field(default_factory=list)
    # examined and not met: show why not (the last steps its condition rested on)
    why_not: StrictBool = False

    @model_validator(mode="after")
    def _has_citation(self) -> OutcomeRowSpec:
        _cited(self.cite, self.basis)
        return self


class OtherwiseSpec(Strict):
    value: bool | int | str
    cite: RuleCite = Field(default_factory=list)
    explain: str = Field(min_length=1)
    basis: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _has_citation(self) -> OtherwiseSpec:
        _cited(self.cite, self.basis)
        return self


class OutcomeSpec(Strict):
    id: str = Field(pattern=IDENT)
    description: str = Field(min_length=1)
    rows: list[OutcomeRowSpec] = Field(min_length=1)
    otherwise: OtherwiseSpec


class PackSpec(Strict):
    country: str = Field(pattern=r"^[A-Z]{2}$")
    title: str = Field(min_length=1)
    valid_from: dt.date
    sources: list[SourceSpec] = Field(min_length=1)
    parameters: dict[str, ParameterSpec]
    rules: list[RuleSpec] = Field(min_length=1)
    outcomes: list[OutcomeSpec] = Field(default_factory=list)
    regions: dict[str, str] = Field(default_factory=dict)
