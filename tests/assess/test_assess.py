"""Properties of every assessment: cited, explained, dated correctly, never a decision, and
true to the legal principles (../shared/domain/legal-principles.md) on cases drawn at random."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, get_args

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from refuge.assess import assess
from refuge.assess.errors import (
    AssessedBeforeApplication,
    PermitLapsed,
    PermitWithoutResidence,
    UnknownRegion,
)
from refuge.assess.result import Assessment, Recommendation
from refuge.case.facts import case_facts
from refuge.case.schema import Case, InternalProtection, Permit
from refuge.policy.country import NoPackForCountry, load_country_pack
from refuge.policy.vocabulary import Credibility, ExclusionGround, Finding, Ground, RiskProfile
from sy_cases import ECONOMIC, PRESUMPTION_HOLDER

PACK = load_country_pack("SY")
GOVERNORATES = sorted(PACK.regions)
FIRST, LAST = PACK.valid_from, date(2026, 12, 31)
CONVENTION_GROUNDS = {"sexual_orientation", "religion", "ethnicity", "political_opinion"}
GRANTS = {"grant_refugee", "grant_subsidiary"}
REJECTIONS = {"reject", "reject_excluded"}


def _subset(literal: object) -> st.SearchStrategy[list[str]]:
    return st.lists(st.sampled_from(get_args(literal)), unique=True, max_size=3)


findings = st.sampled_from(get_args(Finding))


def permits(granted_by: date) -> st.SearchStrategy[Permit]:
    """Permits granted on or before `granted_by` (a review before the grant is refused)."""
    return st.builds(
        lambda ground, granted, years: Permit(
            kind="temporary_asylum",
            ground=ground,
            granted=granted,
            valid_until=granted + timedelta(days=365 * years),
        ),
        st.sampled_from(["refugee", "subsidiary_general_risk", "subsidiary_individual"]),
        st.dates(FIRST, min(granted_by, date(2025, 12, 31))),
        st.integers(1, 5),
    )


@st.composite
def cases_and_days(draw: Any, first_day: date = FIRST, last_day: date = LAST) -> tuple[Case, date]:
    """A case and a decision date on or after its application date."""
    day = draw(st.dates(first_day, last_day))
    case = Case(
        case_id="H-1",
        nationality="SY",
        region=draw(st.sampled_from(GOVERNORATES)),
        application_date=draw(st.dates(FIRST, day)),
        grounds=draw(_subset(Ground)),
        credibility=draw(st.sampled_from(get_args(Credibility))),
        risk_profiles=draw(_subset(RiskProfile)),
        individual_risk_indicators=draw(st.none() | st.integers(0, 5)),
        exclusion_grounds=draw(_subset(ExclusionGround)),
        exclusion_indications=draw(st.booleans()),
        regime_support_indications=draw(st.booleans()),
        internal_protection=InternalProtection(
            safe_there=draw(findings),
            safe_and_legal_travel=draw(findings),
            admittance=draw(findings),
            reasonable_to_settle=draw(findings),
        ),
        permit=(permit := draw(st.none() | permits(day))),
        # a permit holder resides lawfully (a permit without it is refused: see below)
        legal_residence=permit is not None or draw(st.booleans()),
        minor=draw(st.booleans()),
    )
    return case, day


def rules_of(case: Case, day: date, **overrides: Any) -> dict[str, Any]:
    version = PACK.as_of(day)
    if overrides:
        version = version.with_overrides(overrides)
    return version.evaluate(case_facts(case, day))


@settings(max_examples=300, deadline=None)
@given(drawn=cases_and_days())
def test_every_assessment_is_explained_cited_and_left_to_a_person(drawn: tuple[Case, date]) -> None:
    case, day = drawn
    a = assess(case, day)
    assert a.recommendation in get_args(Recommendation)
    assert a.steps
    assert all(step.sources for step in a.steps), "every step cites a source"
    assert "decides" in a.notice
    assert "decision" not in Assessment.model_fields  # the engine has no field to decide in
    assert a.receipt.pack_sha256 == PACK.sha256 and len(a.receipt.case_sha256) == 64
    for p in a.parameters:  # every dated value shown was in force on the day
        assert p.valid_from <= day and (p.valid_to is None or day <= p.valid_to)
    # what the steps cite is listed once beside them, and nothing else is
    listed = {s.id for s in a.sources}
    assert listed == {c for step in a.steps for c in step.sources} | {
        c for p in a.parameters for c in p.sources
    }
    assert len(listed) == len(a.sources)
    assert {p.name for p in a.parameters} == {n for step in a.steps for n in step.parameters}
    for step in a.steps:
        cited_assumptions = {c for c in step.sources if a.source(c).kind == "assumption"}
        assert set(step.assumptions) == cited_assumptions
        assert all(a.source(c).note for c in step.assumptions), "an assumption says what it is"
        assert "{" not in step.explanation, step.explanation  # every placeholder filled
        projected = {n for n in step.parameters if a.parameter(n).projection is not None}
        assert set(step.projections) == projected, "a step names the projections it reads"
    # the rules the headline names as deciding it are each a step shown by default
    shown = {step.rule for step in a.steps if step.role in ("decided", "examined")}
    assert set(a.headline.decided_by) <= shown
    # and the projections it rests on are said beside it
    headline_rules = {*a.headline.decided_by, "recommendation", "permit_review_reason"}
    read = {n for step in a.steps if step.rule in headline_rules for n in step.projections}
    assert set(a.headline.projections) == read


@settings(max_examples=300, deadline=None)
@given(drawn=cases_and_days())
def test_the_headline_of_a_permit_holder_is_the_permit_review(drawn: tuple[Case, date]) -> None:
    case, day = drawn
    a = assess(case, day)
    if case.permit is not None:
        assert a.headline.kind == "permit_review" and "REJECT" not in a.headline.title
        assert a.return_.applies is False
        # the application-side outcome is labelled as such, never as the permit's
        assert a.recommendation_explanation.startswith("For a permit holder this is not")
    else:
        assert a.headline.kind == "application"
        assert a.headline.text == a.recommendation_explanation
        assert a.return_.applies == (a.recommendation in REJECTIONS)


@settings(max_examples=200, deadline=None)
@given(drawn=cases_and_days())
def test_a_permit_without_lawful_residence_is_refused_and_an_ended_one_is_its_extension(
    drawn: tuple[Case, date],
) -> None:
    case, day = drawn
    if case.permit is None:
        return
    ended = case.permit.valid_until < day
    a = assess(case, day)
    assert ("extension" in a.headline.title) == ended
    assert ("ended on " + case.permit.valid_until.isoformat() in a.headline.text) == ended
    # the same facts with no lawful residence: lapsed (ended) or contradictory (in force)
    refused = PermitLapsed if ended else PermitWithoutResidence
    with pytest.raises(refused):
        assess(case.model_copy(update={"legal_residence": False}), day)


@settings(max_examples=300, deadline=None)
@given(drawn=cases_and_days())
def test_lawful_residents_are_never_obliged_to_leave(drawn: tuple[Case, date]) -> None:
    case, day = drawn
    a = assess(case, day)
    if case.legal_residence or case.permit is not None:
        assert a.return_.obliged_to_leave is False
    if a.recommendation not in REJECTIONS:
        assert a.return_.obliged_to_leave is False


@settings(max_examples=300, deadline=None)
@given(drawn=cases_and_days())
def test_forced_return_is_never_possible_without_a_return_agreement(
    drawn: tuple[Case, date],
) -> None:
    assert assess(*drawn).return_.forced_return_possible is False


@settings(max_examples=300, deadline=None)
@given(drawn=cases_and_days(date(2025, 6, 10)))
def test_no_return_into_a_real_risk_even_when_excluded_and_an_agreement_exists(
    drawn: tuple[Case, date],
) -> None:
    """Article 3 ECHR is absolute: exclusion removes status, not protection against return."""
    case, day = drawn
    a = assess(case, day, overrides={"return_agreement_in_force": True})
    values = rules_of(case, day, return_agreement_in_force=True)
    if values["protection_need_shown"] and not values["ipa_applies"]:
        assert a.return_.forced_return_possible is False
        if a.return_.obliged_to_leave:
            assert a.return_.forced_return_reason == "article_3"


@settings(max_examples=200, deadline=None)
@given(drawn=cases_and_days(date(2024, 12, 9), date(2025, 6, 9)))
def test_no_decision_is_recommended_during_the_2024_moratorium(drawn: tuple[Case, date]) -> None:
    a = assess(*drawn)
    assert a.recommendation == "no_decision_moratorium"
    assert a.policy.version == "SY/2024-12-09"


@settings(max_examples=200, deadline=None)
@given(drawn=cases_and_days())
def test_the_recommendation_is_the_same_whoever_reads_the_grounds_first(
    drawn: tuple[Case, date],
) -> None:
    case, day = drawn
    reordered = case.model_copy(update={"grounds": list(reversed(case.grounds))})
    assert assess(reordered, day).to_json_dict() == assess(case, day).to_json_dict()


@settings(max_examples=300, deadline=None)
@given(drawn=cases_and_days())
def test_refugee_status_needs_a_convention_reason(drawn: tuple[Case, date]) -> None:
    case, day = drawn
    if assess(case, day).recommendation == "grant_refugee":
        assert case.credibility == "credible"
        assert set(case.grounds) & (CONVENTION_GROUNDS | {"military_service"})


@settings(max_examples=300, deadline=None)
@given(drawn=cases_and_days())
def test_unassessed_credibility_or_contradictory_facts_are_never_decided(
    drawn: tuple[Case, date],
) -> None:
    case, day = drawn
    a = assess(case, day)
    contradictory = case.credibility == "not_credible" and (
        case.risk_profiles or (case.individual_risk_indicators or 0) > 0
    )
    if case.credibility == "not_assessed" or contradictory:
        assert a.recommendation in {"further_investigation", "no_decision_moratorium"}


@settings(max_examples=300, deadline=None)
@given(drawn=cases_and_days(date(2025, 6, 10)))
def test_the_internal_protection_alternative_decides_only_when_every_condition_is_met(
    drawn: tuple[Case, date],
) -> None:
    """Never a default: without it the case would be granted; with it, it may be rejected only
    if the caseworker found every condition met, and the rejection then says the alternative
    decided (a plain rejection, never one on an Article 17 ground that decided nothing)."""
    case, day = drawn
    with_ipa = assess(case, day).recommendation
    without_ipa = assess(case, day, overrides={"ipa_regions": frozenset()}).recommendation
    if without_ipa in GRANTS and with_ipa != without_ipa:
        ipa = case.internal_protection
        met = {ipa.safe_there, ipa.safe_and_legal_travel, ipa.admittance, ipa.reasonable_to_settle}
        if with_ipa in REJECTIONS:
            assert met == {"yes"}
            assert with_ipa == "reject"
        else:
            assert with_ipa == "further_investigation"


@settings(max_examples=300, deadline=None)
@given(drawn=cases_and_days())
def test_an_article_17_ground_never_takes_away_refugee_status_or_decides_an_open_refugee_claim(
    drawn: tuple[Case, date],
) -> None:
    """Article 17 QD excludes from subsidiary protection only: whatever a case without it gets
    on the refugee route, it gets with it too."""
    case, day = drawn
    without = case.model_copy(
        update={"exclusion_grounds": [g for g in case.exclusion_grounds if g != "article_17"]}
    )
    with_17 = case.model_copy(
        update={"exclusion_grounds": [*without.exclusion_grounds, "article_17"]}
    )
    before = assess(without, day).recommendation
    after = assess(with_17, day).recommendation
    if before == "grant_refugee":
        assert after == "grant_refugee"
    open_refugee_claim = rules_of(without, day)
    if before == "further_investigation" and (
        (open_refugee_claim["ipa_open"] and open_refugee_claim["persecution_plausible"])
        or open_refugee_claim["partly_credible_on_a_ground"]
    ):
        assert after == "further_investigation"


def _with_exclusion(case: Case, ground: str, present: bool) -> Case:
    others = [g for g in case.exclusion_grounds if g != ground]
    return case.model_copy(update={"exclusion_grounds": [*others, ground] if present else others})


@settings(max_examples=300, deadline=None)
@given(drawn=cases_and_days())
def test_an_article_17_ground_never_turns_a_case_into_a_grant(drawn: tuple[Case, date]) -> None:
    """An established ground is a fact against the applicant: it may close a route, never open
    one. Adding Article 17 never turns further investigation (open indications of an exclusion
    ground, the presumption's exceptions) into a grant."""
    case, day = drawn
    before = rules_of(_with_exclusion(case, "article_17", False), day)
    after = rules_of(_with_exclusion(case, "article_17", True), day)
    if after["recommendation"] in GRANTS:
        assert after["recommendation"] == before["recommendation"], (before, after)
    if after["recommendation"] == "grant_refugee":
        assert not after["exclusion_unresolved"] and not after["presumption_exception"]


@settings(max_examples=300, deadline=None)
@given(drawn=cases_and_days())
def test_a_rejection_is_on_exclusion_only_where_the_exclusion_decided(
    drawn: tuple[Case, date],
) -> None:
    """reject_excluded names the exclusion as the reason. An Article 17 ground (without 1F) can
    give it only where it bars the protection the case needs: the same case without the ground
    is not rejected (no claim, not credible, the internal protection alternative decided or the
    former regime's conscription are rejections with their own reason)."""
    case, day = drawn
    case = case.model_copy(update={"exclusion_grounds": ["article_17"]})
    values = rules_of(case, day)
    if values["recommendation"] == "reject_excluded":
        assert values["protection_need_shown"] and not values["ipa_applies"]
        without = rules_of(_with_exclusion(case, "article_17", False), day)["recommendation"]
        assert without not in REJECTIONS, without


@settings(max_examples=300, deadline=None)
@given(drawn=cases_and_days(), permit=permits(LAST), cessation=st.booleans())
def test_an_article_17_ground_never_makes_the_permit_of_a_refugee_revocable(
    drawn: tuple[Case, date], permit: Permit, cessation: bool
) -> None:
    """Article 17 excludes from subsidiary protection only: a holder who qualifies as a refugee,
    or whose refugee claim is still open, is never proposed for revocation on that ground."""
    case, day = drawn
    case = _with_exclusion(case.model_copy(update={"permit": permit}), "article_1F", False)
    with_17 = _with_exclusion(case, "article_17", True)
    values = rules_of(with_17, day, cessation_established=cessation)
    open_claim = (
        (values["ipa_open"] and values["persecution_plausible"])
        or values["partly_credible_on_a_ground"]
        or not values["credibility_assessed"]
        or values["facts_contradictory"]
    )
    if values["refugee_qualifies"] or open_claim:
        assert values["permit_review_reason"] not in {"exclusion", "ground_lapsed"}
        assert not values["revocation_possible"]


@settings(max_examples=300, deadline=None)
@given(drawn=cases_and_days(), permit=permits(LAST), cessation=st.booleans())
def test_a_ground_persists_only_if_the_holder_is_not_excluded_from_it(
    drawn: tuple[Case, date], permit: Permit, cessation: bool
) -> None:
    """A permit is kept on a ground the holder can have: refugee status, or subsidiary
    protection the holder is not excluded from (never the presumption's "every Syrian" for a
    holder it excepted)."""
    case, day = drawn
    values = rules_of(
        case.model_copy(update={"permit": permit}), day, cessation_established=cessation
    )
    if values["permit_review_reason"] == "ground_persists":
        assert values["refugee_qualifies"] or (
            values["subsidiary_qualifies"] and not values["subsidiary_protection_excluded"]
        )
        assert not values["presumption_exception"] or values["refugee_qualifies"]
    if values["still_qualifies"]:
        assert values["refugee_qualifies"] or not values["subsidiary_protection_excluded"]


@settings(max_examples=300, deadline=None)
@given(drawn=cases_and_days(date(2025, 6, 10)))
def test_forced_return_is_never_possible_while_the_risk_on_return_is_unassessed(
    drawn: tuple[Case, date],
) -> None:
    """Article 3 ECHR is absolute: a person excluded under Article 1F whose account is partly
    credible is not returnable, even once a return agreement exists, until the risk on return
    is assessed."""
    case, day = drawn
    case = _with_exclusion(case, "article_1F", True)
    values = rules_of(case, day, return_agreement_in_force=True)
    if values["obliged_to_leave"] and values["partly_credible_on_a_ground"]:
        assert values["forced_return_reason"] in {
            "article_3",
            "departure_moratorium",
            "risk_not_assessed",
        }
        assert not values["forced_return_possible"]


@settings(max_examples=300, deadline=None)
@given(drawn=cases_and_days(date(2012, 8, 2), date(2024, 12, 7)))
def test_the_general_presumption_grants_subsidiary_protection_not_refugee_status(
    drawn: tuple[Case, date],
) -> None:
    case, day = drawn
    a = assess(case, day)
    if not set(case.grounds) & (CONVENTION_GROUNDS | {"military_service"}):
        assert a.recommendation != "grant_refugee"
    if case.regime_support_indications and "article_1F" not in case.exclusion_grounds:
        assert a.recommendation not in GRANTS


@settings(max_examples=200, deadline=None)
@given(drawn=cases_and_days(date(2025, 6, 10)))
def test_no_permit_is_revocable_while_cessation_is_not_established(
    drawn: tuple[Case, date],
) -> None:
    case, day = drawn
    a = assess(case, day)
    if a.permit_review is not None and not case.exclusion_grounds:
        assert a.permit_review.revocation_possible is False


@settings(max_examples=300, deadline=None)
@given(drawn=cases_and_days(date(2025, 6, 10)))
def test_revocation_is_proposed_only_when_the_holder_qualifies_on_no_ground(
    drawn: tuple[Case, date],
) -> None:
    case, day = drawn
    a = assess(case, day, overrides={"cessation_established": True})
    values = rules_of(case, day, cessation_established=True)
    if a.permit_review is not None and a.permit_review.reason_code == "ground_lapsed":
        assert not values["refugee_qualifies"]
        assert not values["subsidiary_qualifies"] or values["subsidiary_protection_excluded"]
        assert not values["individual_examination_needed"]


def test_an_assessment_dated_before_the_application_is_refused() -> None:
    case = Case(
        case_id="D-1",
        nationality="SY",
        region="SY-DI",
        application_date=date(2025, 7, 1),
        credibility="credible",
        legal_residence=False,
    )
    with pytest.raises(AssessedBeforeApplication, match=r"2025-06-30 is before .* 2025-07-01"):
        assess(case, date(2025, 6, 30))
    assert assess(case, date(2025, 7, 1)).as_of == date(2025, 7, 1)


def test_a_region_the_pack_does_not_list_is_refused() -> None:
    case = Case(
        case_id="R-1",
        nationality="SY",
        region="SY-ZZ",
        application_date=date(2025, 7, 1),
        credibility="credible",
        legal_residence=False,
    )
    with pytest.raises(UnknownRegion, match=r"'SY-ZZ'.*SY-DI"):
        assess(case, date(2025, 8, 1))


def test_the_case_digest_changes_with_the_facts_and_not_with_their_order() -> None:
    base = dict(
        case_id="H-9",
        nationality="SY",
        region="SY-HL",
        application_date=date(2025, 7, 1),
        credibility="credible",
        legal_residence=False,
    )
    a = assess(Case(**base, grounds=["religion", "fear_non_state_actor"]), date(2025, 8, 1))
    b = assess(Case(**base, grounds=["fear_non_state_actor", "religion"]), date(2025, 8, 1))
    c = assess(Case(**base, grounds=["religion"]), date(2025, 8, 1))
    assert a.receipt.case_sha256 == b.receipt.case_sha256 != c.receipt.case_sha256


def test_a_value_used_after_its_last_source_is_marked_a_projection() -> None:
    case = ECONOMIC

    def projections(day: date) -> dict[str, date | None]:
        a = assess(case, day, all_steps=True)
        return {p.name: p.projection for p in a.parameters}

    assert projections(date(2025, 9, 29))["return_agreement_in_force"] is None
    assert projections(date(2026, 3, 1))["return_agreement_in_force"] == date(2025, 9, 29)
    # a value with an end date a source gave is no projection; the open-ended one after it is
    assert projections(date(2025, 12, 1))["temporary_scheme_open"] is None
    assert projections(date(2026, 3, 1))["temporary_scheme_open"] == date(2025, 10, 21)


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


def test_a_rejection_sends_the_caseworker_only_to_what_it_rested_on() -> None:
    """An economic claim fails before the internal protection alternative matters: its
    judgments are not shown as steps to check, and the headline names what ruled out a grant."""
    economic = ECONOMIC
    a = assess(economic, date(2025, 10, 1))
    assert a.recommendation == "reject"
    checks = {s.rule for s in a.steps if s.role == "check"}
    assert not {r for r in checks if r.startswith("ipa_")}, checks
    assert a.headline.decided_by == ["claims_protection_ground"]  # economic reasons alone
    every = assess(economic, date(2025, 10, 1), all_steps=True)
    assert any(s.rule == "ipa_condition_fails" for s in every.steps)  # still there on request


@settings(max_examples=300, deadline=None)
@given(drawn=cases_and_days())
def test_indicators_not_yet_counted_are_never_taken_for_none_found(
    drawn: tuple[Case, date],
) -> None:
    """Where a count of 0 leads to a rejection for too few indicators, leaving the count out
    (not assessed) leads to further investigation, never to that rejection."""
    case, day = drawn
    counted = case.model_copy(update={"individual_risk_indicators": 0, "permit": None})
    uncounted = counted.model_copy(update={"individual_risk_indicators": None})
    [too_few] = [
        r.explain
        for r in PACK.rules["recommendation"].rows
        if r.when_text == "claims_protection_ground and not enough_indicators"
    ]
    with_zero, left_out = assess(counted, day), assess(uncounted, day)
    if with_zero.recommendation_explanation == too_few:
        assert left_out.recommendation == "further_investigation"
        assert "not been assessed" in left_out.recommendation_explanation
    assert left_out.recommendation_explanation != too_few


def test_a_permit_review_resting_on_a_projection_says_so_in_its_headline() -> None:
    holder = PRESUMPTION_HOLDER
    later = assess(holder, date(2026, 11, 1))
    assert "next country report" in later.headline.text
    assert "reassessment_awaits_next_report" in later.headline.projections
    assert later.parameter("reassessment_awaits_next_report").projection == date(2025, 9, 29)
    on_the_day = assess(holder, date(2025, 9, 29))  # the seed's own date: no projection
    assert on_the_day.headline.projections == []


@settings(max_examples=300, deadline=None)
@given(drawn=cases_and_days())
def test_a_judgment_is_marked_only_where_it_is_open(drawn: tuple[Case, date]) -> None:
    """A step leaves a judgment to the caseworker only where it is in play: no war-crimes
    weighing for a desertion that is not claimed, no check of the presumption's conditions on a
    day it does not apply. A step marked 'check' always names the judgment."""
    case, day = drawn
    if case.permit is not None:
        case = case.model_copy(update={"permit": None})
    a = assess(case, day, all_steps=True)
    judged = {s.rule: s.caseworker_judgment for s in a.steps}
    if "military_service" not in case.grounds:
        assert judged["military_service_fear"] is None
        assert judged["military_service_no_longer_a_risk"] is None
    values = {s.rule: s.value for s in a.steps}
    if values["general_risk_applies"] is False:
        assert judged["general_risk_applies"] is None
    assert judged["account_credible"] is not None  # a finding either way
    for step in assess(case, day).steps:
        if step.role == "check":
            assert step.caseworker_judgment, step.rule


def test_a_subsidiary_grant_shows_why_refugee_status_was_not_given() -> None:
    """Under the presumption (2016) a credible LGBTIQ fear with one indicator is granted
    subsidiary protection: the default steps show what the refugee claim fell on (too few
    indicators; no designated risk profile on that day), not only that it fell."""
    case = Case(
        case_id="L-16",
        nationality="SY",
        region="SY-DI",
        application_date=date(2016, 3, 1),
        grounds=["sexual_orientation"],
        credibility="credible",
        risk_profiles=["lgbtiq"],
        individual_risk_indicators=1,
        legal_residence=False,
    )
    a = assess(case, date(2016, 6, 1))
    assert a.recommendation == "grant_subsidiary"
    roles = {s.rule: s.role for s in a.steps}
    assert roles["refugee_qualifies"] == "examined"
    assert roles["enough_indicators"] == "examined" and roles["risk_profile_fear"] == "examined"
    [why] = [s for s in a.steps if s.rule == "enough_indicators"]
    assert "1 found, 2 needed" in why.explanation
    assert "persecution_plausible" not in roles  # the steps in between stay behind --all-steps
