"""Properties of every assessment: cited, explained, dated correctly, and never a decision."""

from __future__ import annotations

from datetime import date, timedelta
from typing import get_args

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from refuge.assess import assess, load_country_pack
from refuge.assess.result import Assessment, Recommendation
from refuge.assess.service import NoPackForCountry
from refuge.case.schema import Case, Credibility, ExclusionGround, Ground, Permit, RiskProfile

PACK = load_country_pack("SY")
GOVERNORATES = ["SY-DI", "SY-DR", "SY-HL", "SY-HM", "SY-LA", "SY-RD", "SY-DY", "SY-HA"]
FIRST, LAST = PACK.valid_from, date(2026, 12, 31)


def _subset(literal: object) -> st.SearchStrategy[list[str]]:
    return st.lists(st.sampled_from(get_args(literal)), unique=True, max_size=3)


permits = st.builds(
    lambda ground, granted, years: Permit(
        kind="temporary_asylum",
        ground=ground,
        granted=granted,
        valid_until=granted + timedelta(days=365 * years),
    ),
    st.sampled_from(["refugee", "subsidiary_general_risk", "subsidiary_individual"]),
    st.dates(FIRST, date(2025, 12, 31)),
    st.integers(1, 5),
)
cases = st.builds(
    Case,
    case_id=st.just("H-1"),
    nationality=st.just("SY"),
    region=st.sampled_from(GOVERNORATES),
    application_date=st.dates(FIRST, LAST),
    grounds=_subset(Ground),
    credibility=st.sampled_from(get_args(Credibility)),
    risk_profiles=_subset(RiskProfile),
    individual_risk_indicators=st.integers(0, 5),
    exclusion_grounds=_subset(ExclusionGround),
    permit=st.none() | permits,
    legal_residence=st.booleans(),
    minor=st.booleans(),
)
days = st.dates(FIRST, LAST)


@settings(max_examples=300, deadline=None)
@given(case=cases, day=days)
def test_every_assessment_is_explained_cited_and_left_to_a_person(case: Case, day: date) -> None:
    a = assess(case, day)
    assert a.recommendation in get_args(Recommendation)
    assert a.steps and a.steps[-1].rule != ""
    assert all(step.sources for step in a.steps), "every step cites a source"
    assert a.recommendation in {s.value for s in a.steps if s.rule == "recommendation"}
    assert "decides" in a.notice
    assert "decision" not in Assessment.model_fields  # the engine has no field to decide in
    for step in a.steps:
        for p in step.parameters:  # every dated value shown was in force on the day
            assert p.valid_from <= day and (p.valid_to is None or day <= p.valid_to)


@settings(max_examples=300, deadline=None)
@given(case=cases, day=days)
def test_lawful_residents_are_never_obliged_to_leave(case: Case, day: date) -> None:
    a = assess(case, day)
    if case.legal_residence or case.permit is not None:
        assert a.return_.obliged_to_leave is False
    if a.recommendation not in ("reject", "reject_excluded"):
        assert a.return_.obliged_to_leave is False


@settings(max_examples=300, deadline=None)
@given(case=cases, day=days)
def test_forced_return_is_never_possible_without_a_return_agreement(case: Case, day: date) -> None:
    assert assess(case, day).return_.forced_return_possible is False


@settings(max_examples=200, deadline=None)
@given(case=cases, day=st.dates(date(2024, 12, 9), date(2025, 6, 9)))
def test_no_decision_is_recommended_during_the_2024_moratorium(case: Case, day: date) -> None:
    a = assess(case, day)
    assert a.recommendation == "no_decision_moratorium"
    assert a.policy.version == "SY/2024-12-09"


@settings(max_examples=200, deadline=None)
@given(case=cases, day=days)
def test_the_recommendation_is_the_same_whoever_reads_the_grounds_first(
    case: Case, day: date
) -> None:
    reordered = case.model_copy(update={"grounds": list(reversed(case.grounds))})
    assert assess(reordered, day).to_json_dict() == assess(case, day).to_json_dict()


@settings(max_examples=200, deadline=None)
@given(case=cases, day=st.dates(date(2025, 6, 10), LAST))
def test_no_permit_is_revocable_while_cessation_is_not_established(case: Case, day: date) -> None:
    a = assess(case, day)
    if a.permit_review is not None and not case.exclusion_grounds:
        assert a.permit_review.revocation_possible is False


def test_a_pack_is_never_applied_to_another_nationality() -> None:
    iraqi = Case(
        case_id="IQ-1",
        nationality="IQ",
        region="IQ-BG",
        application_date=date(2025, 1, 1),
        credibility="credible",
        legal_residence=False,
    )
    with pytest.raises(NoPackForCountry, match="nationality is 'IQ' but the pack is for 'SY'"):
        assess(iraqi, date(2025, 7, 1), PACK)
