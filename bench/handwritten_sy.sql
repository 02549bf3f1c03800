-- Hand-written DuckDB SQL for the rules of policies/SY.yaml: the reference the generated SQL
-- (refuge.rules.vector_compile.compile_sql) is measured against in bench/bulk.py.
--
-- Written by hand from reading the YAML, not generated. Every dated parameter a rule reads is
-- resolved per row from decision_date with date ranges (the pack starts on 2011-07-06; earlier
-- rows are out of scope, as for the evaluator). Parameters that are the same in every period
-- are written as the constant; where that makes a term always false (or a row unreachable)
-- it is left out and the comment says so. The basis_* parameters (the legal basis a step
-- cites) are read by no rule expression, so the versions that only change them (2026-06-12,
-- 2026-07-01) need no date range here. Output: case_id and one column per rule, in pack
-- order, with the evaluator's types (BIGINT for the int rules, VARCHAR for the outcomes).
--
-- The periods, as the pack dates them (both ends inclusive):
--   moratorium    decision and departure moratorium (the same two periods):
--                 .. 2012-07-05 and 2024-12-09 .. 2025-06-09
--   presumption   general_risk_presumption: 2012-08-02 .. 2024-12-07
--   regime_era    fear_of_former_regime_current and military_service_risk_current:
--                 .. 2024-12-07 (the fall of the regime, assumed 2024-12-08)
--   new_policy    2025-06-10 ..: designated_risk_profiles = [lgbtiq, alawite] (empty before)
--                 and ipa_regions = [SY-DI] (empty before)
--   support       voluntary_return_support_available: 2024-12-08 ..; EUR 900 per person to
--                 2025-06-09, then EUR 2,800 per adult and EUR 1,650 per minor
--   scheme        temporary_scheme_open: 2025-11-17 .. 2026-01-01, for applications lodged
--                 before 2025-10-01; EUR 5,000 per adult, EUR 2,500 per minor
-- The same in every period: indicators_required 2, indicators_required_risk_profile 1,
-- military_service_nexus_presumed true, regions_15c_mere_presence and regions_15c_elevated
-- empty, cessation_established false, return_agreement_in_force false.
--
-- Set membership is tested with list_contains, once per (column, value), and an overlap with
-- a constant set as an OR of list_contains: in DuckDB 2.0 list_has_any(col, [constants])
-- costs about five list_contains (it builds a set per row). The lists may hold any strings,
-- repeated or not, but no NULL element (size(x) == 0 is written len(x) = 0). No assumption on
-- the dates beyond the pack's start.
--
-- {source} is replaced by the table or view of cases.
WITH p AS (
  SELECT
    case_id, region, application_date, decision_date, credibility,
    individual_risk_indicators, indicators_assessed, has_permit, permit_ground,
    legal_residence, minor,
    regime_support_indications,
    (decision_date <= DATE '2012-07-05'
      OR decision_date BETWEEN DATE '2024-12-09' AND DATE '2025-06-09') AS moratorium,
    decision_date BETWEEN DATE '2012-08-02' AND DATE '2024-12-07' AS presumption,
    decision_date <= DATE '2024-12-07' AS regime_era,
    decision_date >= DATE '2025-06-10' AS new_policy,
    decision_date >= DATE '2024-12-08' AS support_available,
    credibility <> 'not_assessed' AS credibility_assessed,
    credibility = 'credible' AS account_credible,
    credibility = 'not_credible' AS not_credible,
    credibility = 'partly_credible' AS partly_credible,
    list_contains(grounds, 'sexual_orientation') AS g_sexual_orientation,
    list_contains(grounds, 'religion') AS g_religion,
    list_contains(grounds, 'ethnicity') AS g_ethnicity,
    list_contains(grounds, 'political_opinion') AS g_political_opinion,
    list_contains(grounds, 'fear_former_regime') AS g_former_regime,
    list_contains(grounds, 'fear_non_state_actor') AS g_non_state_actor,
    list_contains(grounds, 'fear_current_authorities') AS g_current_authorities,
    list_contains(grounds, 'generalised_violence') AS g_violence,
    list_contains(grounds, 'military_service') AS g_military_service,
    len(grounds) = 0 AS no_grounds,
    list_contains(risk_profiles, 'lgbtiq') AS rp_lgbtiq,
    list_contains(risk_profiles, 'alawite') AS rp_alawite,
    len(risk_profiles) > 0 AS any_risk_profile,
    list_contains(exclusion_grounds, 'article_1F') AS refugee_status_excluded,
    list_contains(exclusion_grounds, 'article_1F')
      OR list_contains(exclusion_grounds, 'article_17') AS subsidiary_protection_excluded,
    (exclusion_indications OR regime_support_indications)
      AND NOT list_contains(exclusion_grounds, 'article_1F') AS exclusion_unresolved,
    ipa_safe_there = 'no' OR ipa_travel = 'no' OR ipa_admittance = 'no'
      OR ipa_reasonable = 'no' AS ipa_condition_fails,
    ipa_safe_there = 'yes' AND ipa_travel = 'yes' AND ipa_admittance = 'yes'
      AND ipa_reasonable = 'yes' AS ipa_all_conditions_met
  FROM {source}
),
r1 AS (
  SELECT
    *,
    not_credible AND any_risk_profile AS profile_contradicts_credibility,
    not_credible AND individual_risk_indicators > 0 AS indicators_contradict_credibility,
    -- designated_risk_profiles is empty before the new policy
    new_policy AND (rp_lgbtiq OR rp_alawite) AS has_risk_profile,
    g_sexual_orientation OR g_religion OR g_ethnicity OR g_political_opinion
      AS claims_convention_ground,
    g_former_regime AND NOT g_non_state_actor AND NOT g_current_authorities
      AS former_regime_only_actor,
    -- no Article 1F ground established; exclusion_unresolved is either indication without an
    -- established 1F ground, so it stands in for exclusion_indications here
    presumption AND NOT refugee_status_excluded
      AND (regime_support_indications OR exclusion_unresolved) AS presumption_exception,
    g_military_service AND NOT regime_era AS military_service_no_longer_a_risk
  FROM p
),
r2 AS (
  SELECT
    *,
    profile_contradicts_credibility OR indicators_contradict_credibility
      AS facts_contradictory,
    CASE WHEN has_risk_profile THEN 1 ELSE 2 END::BIGINT AS indicators_needed,
    individual_risk_indicators >= CASE WHEN has_risk_profile THEN 1 ELSE 2 END
      AS enough_indicators,
    former_regime_only_actor AND NOT regime_era AS fear_outdated,
    -- ipa_regions is empty before the new policy, [SY-DI] from it
    new_policy AND region <> 'SY-DI' AND NOT g_current_authorities
      AND (NOT has_risk_profile OR ipa_all_conditions_met) AS ipa_considered,
    claims_convention_ground OR g_non_state_actor OR g_current_authorities OR g_former_regime
      OR g_violence OR g_military_service AS claims_protection_ground
  FROM r1
),
r3 AS (
  SELECT
    *,
    account_credible AND claims_convention_ground AND enough_indicators AND NOT fear_outdated
      AS individual_convention_fear,
    -- only lgbtiq and alawite are ever designated: the christian, druze, kurd and
    -- former_government_affiliate terms are always false and left out
    account_credible AND enough_indicators AND new_policy
      AND ((rp_lgbtiq AND g_sexual_orientation)
           OR (rp_alawite AND (g_religion OR g_political_opinion)))
      AS risk_profile_fear,
    -- military_service_nexus_presumed is true in every period
    account_credible AND g_military_service AND enough_indicators AND regime_era
      AS military_service_fear,
    -- 15(c): no mere-presence or elevated governorates in any period
    account_credible AND g_violence AND enough_indicators AS serious_harm_15c,
    account_credible AND enough_indicators
      AND (g_non_state_actor OR g_current_authorities OR (g_former_regime AND regime_era))
      AS individual_serious_harm,
    ipa_considered AND ipa_all_conditions_met AS ipa_applies,
    ipa_considered AND NOT ipa_condition_fails AND NOT ipa_all_conditions_met AS ipa_open,
    partly_credible AND claims_protection_ground AS partly_credible_on_a_ground
  FROM r2
),
r4 AS (
  SELECT
    *,
    individual_convention_fear OR risk_profile_fear OR military_service_fear
      AS persecution_plausible,
    serious_harm_15c OR individual_serious_harm AS real_risk_shown
  FROM r3
),
r5 AS (
  SELECT
    *,
    persecution_plausible AND NOT ipa_applies AND NOT ipa_open AS refugee_qualifies,
    (presumption AND NOT presumption_exception)
      OR (real_risk_shown AND NOT ipa_applies AND NOT ipa_open) AS subsidiary_qualifies,
    persecution_plausible OR real_risk_shown OR presumption AS protection_need_shown
  FROM r4
),
r6 AS (
  SELECT
    *,
    refugee_qualifies OR (subsidiary_qualifies AND NOT subsidiary_protection_excluded)
      AS still_qualifies,
    NOT credibility_assessed OR facts_contradictory OR (ipa_open AND protection_need_shown)
      OR partly_credible_on_a_ground OR presumption_exception OR exclusion_unresolved
      OR (has_risk_profile AND NOT enough_indicators)
      OR (claims_protection_ground AND NOT indicators_assessed)
      OR (has_permit AND no_grounds)
      AS individual_examination_needed,
    -- cessation_established is false in every period: both 'not cessation_established' rows
    -- give 'change_not_established', so the 'examination_needed' row after them, the later
    -- 'ground_persists' and 'ground_lapsed' are never reached ('examination_needed' comes only
    -- from the Article 17 row before 'exclusion').
    CASE
      WHEN NOT has_permit THEN 'no_permit'
      WHEN permit_ground <> 'refugee' AND subsidiary_protection_excluded
        AND NOT refugee_status_excluded
        AND (refugee_qualifies OR (ipa_open AND persecution_plausible)
             OR partly_credible_on_a_ground OR NOT credibility_assessed OR facts_contradictory)
        THEN 'examination_needed'
      WHEN refugee_status_excluded
        OR (permit_ground <> 'refugee' AND subsidiary_protection_excluded) THEN 'exclusion'
      WHEN presumption AND NOT presumption_exception AND NOT subsidiary_protection_excluded
        THEN 'ground_persists'
      ELSE 'change_not_established'
    END AS permit_review_reason,
    -- after 'partly credible on a ground' every row (IPA applies, military service no longer
    -- a risk, fear outdated, not credible, no protection ground or not enough indicators,
    -- otherwise) says 'reject', but for one: indicators not assessed (after 'not credible')
    CASE
      WHEN moratorium THEN 'no_decision_moratorium'
      WHEN facts_contradictory OR NOT credibility_assessed OR presumption_exception
        THEN 'further_investigation'
      WHEN refugee_status_excluded THEN 'reject_excluded'
      WHEN exclusion_unresolved
        AND (refugee_qualifies OR (subsidiary_qualifies AND NOT subsidiary_protection_excluded))
        THEN 'further_investigation'
      WHEN refugee_qualifies THEN 'grant_refugee'
      WHEN subsidiary_qualifies AND NOT subsidiary_protection_excluded THEN 'grant_subsidiary'
      WHEN subsidiary_protection_excluded
        AND ((ipa_open AND persecution_plausible) OR partly_credible_on_a_ground)
        THEN 'further_investigation'
      WHEN subsidiary_protection_excluded AND protection_need_shown AND NOT ipa_applies
        THEN 'reject_excluded'
      WHEN (ipa_open AND protection_need_shown) OR partly_credible_on_a_ground
        THEN 'further_investigation'
      -- the rows between say 'reject' and do not read the indicators
      WHEN NOT (protection_need_shown AND ipa_applies)
        AND NOT (military_service_no_longer_a_risk AND NOT claims_convention_ground
                 AND NOT (g_non_state_actor OR g_current_authorities OR g_violence))
        AND NOT fear_outdated AND account_credible
        AND ((has_risk_profile AND NOT claims_protection_ground)
             OR (claims_protection_ground AND NOT indicators_assessed))
        THEN 'further_investigation'
      ELSE 'reject'
    END AS recommendation,
    protection_need_shown AND NOT ipa_applies AS real_risk_on_return,
    decision_date BETWEEN DATE '2025-11-17' AND DATE '2026-01-01'
      AND application_date < DATE '2025-10-01' AS temporary_scheme_applies
  FROM r5
),
r7 AS (
  SELECT
    *,
    recommendation IN ('reject', 'reject_excluded') AS is_rejection,
    recommendation IN ('reject', 'reject_excluded') AND NOT legal_residence AND NOT has_permit
      AS obliged_to_leave
  FROM r6
)
SELECT
  case_id,
  moratorium AS moratorium_in_force,
  credibility_assessed,
  account_credible,
  profile_contradicts_credibility,
  indicators_contradict_credibility,
  facts_contradictory,
  has_risk_profile,
  indicators_needed,
  enough_indicators,
  claims_convention_ground,
  claims_protection_ground,
  former_regime_only_actor,
  fear_outdated,
  individual_convention_fear,
  risk_profile_fear,
  military_service_fear,
  military_service_no_longer_a_risk,
  persecution_plausible,
  presumption AS general_risk_applies,
  refugee_status_excluded,  -- before presumption_exception, which now reads it
  presumption_exception,
  serious_harm_15c,
  individual_serious_harm,
  real_risk_shown,
  ipa_all_conditions_met,  -- before ipa_considered, which now reads it
  ipa_considered,
  ipa_condition_fails,
  ipa_applies,
  ipa_open,
  refugee_qualifies,
  subsidiary_qualifies,
  protection_need_shown,
  subsidiary_protection_excluded,
  exclusion_unresolved,
  partly_credible_on_a_ground,
  still_qualifies,
  individual_examination_needed,
  permit_review_reason,
  permit_review_reason = 'exclusion' AS revocation_possible,  -- implies has_permit
  recommendation,
  is_rejection,
  obliged_to_leave,
  real_risk_on_return,
  protection_need_shown AND ipa_applies AS return_to_protection_region_only,
  support_available AS voluntary_return_support,
  temporary_scheme_applies,
  CASE
    WHEN NOT support_available THEN 0
    WHEN temporary_scheme_applies THEN CASE WHEN minor THEN 2500 ELSE 5000 END
    WHEN decision_date < DATE '2025-06-10' THEN 900
    WHEN minor THEN 1650
    ELSE 2800
  END::BIGINT AS support_amount_eur,
  -- The departure moratorium has the decision moratorium's periods, in which the
  -- recommendation is never a rejection: nobody obliged to leave reaches that row (kept, as
  -- the pack has it; it costs nothing). With no return agreement in any period, 'possible'
  -- is never reached, so forced_return_possible is FALSE.
  CASE
    WHEN NOT obliged_to_leave THEN 'not_obliged'
    WHEN moratorium THEN 'departure_moratorium'
    WHEN real_risk_on_return THEN 'article_3'
    WHEN partly_credible_on_a_ground THEN 'risk_not_assessed'
    ELSE 'no_return_agreement'
  END AS forced_return_reason,
  FALSE AS forced_return_possible
FROM r7
