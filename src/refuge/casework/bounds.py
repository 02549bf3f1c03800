"""Bounded lists of the input schemas: a list of values from a closed set holds each value at
most once, so it is never longer than the set (`maxItems`, `uniqueItems` in the OpenAPI
document). A repeated value is refused (400), never stored, and never quoted back (the values
are special-category facts)."""

from __future__ import annotations

from typing import Annotated, Any, TypeVar, get_args

from pydantic import AfterValidator, Field

from refuge.policy.vocabulary import ExclusionGround, Ground, RiskProfile

T = TypeVar("T")


def _no_repeats(values: list[T]) -> list[T]:
    if len(set(values)) != len(values):
        raise ValueError("lists a value more than once; send each value once")
    return values


def _bounds(values: Any) -> Any:
    return Field(max_length=len(get_args(values)), json_schema_extra={"uniqueItems": True})


Grounds = Annotated[list[Ground], _bounds(Ground), AfterValidator(_no_repeats)]
RiskProfiles = Annotated[list[RiskProfile], _bounds(RiskProfile), AfterValidator(_no_repeats)]
ExclusionGrounds = Annotated[
    list[ExclusionGround], _bounds(ExclusionGround), AfterValidator(_no_repeats)
]
