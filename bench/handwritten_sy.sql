-- Hand-written DuckDB SQL for the rules of policies/SY.yaml: the reference the generated SQL
-- (refuge.rules.vector_compile.compile_sql) is measured against in bench/bulk.py.
--
-- Written by hand from reading the YAML, not generated. Every dated parameter is resolved per
-- row from decision_date with date ranges (the pack starts on 2011-07-06; earlier rows are
-- out of scope, as for the evaluator). Parameters that are the same in every period are
-- written as the constant; where that makes a term always false it is left out and the
-- comment says so. Output: case_id and one column per rule, in pack order, with the
-- evaluator's types (BIGINT for the int rules, VARCHAR for the outcomes).
--
-- Set membership is tested with list_contains, once per (column, value), and an overlap with
-- a constant set as an OR of list_contains: in DuckDB 2.0 list_has_any(col, [constants])
-- costs about five list_contains (it builds a set per row). No assumption on the values in
-- the lists (any strings, repeats allowed) or on the dates beyond the pack's start.
--
-- {source} is replaced by the table or view of cases.
WITH p AS (
  SELECT
    case_id, region, application_date, decision_date, grounds, credibility, risk_profiles,
    individual_risk_indicators, exclusion_grounds, has_permit, permit_ground,
    legal_residence, minor,
    -- decision_moratorium and departure_moratorium: the same two periods
    (decision_date <= DATE '2012-07-05'
      OR decision_date BETWEEN DATE '2024-12-09' AND DATE '2025-06-09') AS moratorium,
    -- general_risk_presumption
    decision_date BETWEEN DATE '2012-08-02' AND DATE '2025-06-09' AS presumption,
    -- from 2025-06-10: designated_risk_profiles = [lgbtiq, alawite], ipa_regions = [SY-DI],
    -- fear_of_former_regime_current = false; before, no profiles, no IPA, fear current.
    -- regions_15c_mere_presence and regions_15c_elevated are empty in every period;
    -- cessation_established and return_agreement_in_force are false in every period.
    decision_date >= DATE '2025-06-10' AS new_policy,
    -- voluntary_return_support_available
    decision_date >= DATE '2024-12-08' AS support_available,
    credibility = 'credible' AS account_credible,
    list_contains(grounds, 'sexual_orientation') OR list_contains(grounds, 'religion')
      OR list_contains(grounds, 'ethnicity') OR list_contains(grounds, 'political_opinion')
      AS claims_convention_ground,
    list_contains(grounds, 'fear_former_regime') AS g_former_regime,
    list_contains(grounds, 'fear_non_state_actor') AS g_non_state_actor,
    list_contains(grounds, 'generalised_violence') AS g_violence,
    list_contains(risk_profiles, 'lgbtiq') OR list_contains(risk_profiles, 'alawite')
      AS designated_profile_2025,
    list_contains(exclusion_grounds, 'article_1F') AS refugee_status_excluded,
    list_contains(exclusion_grounds, 'article_17') AS excluded_17
  FROM {source}
),
r1 AS (
  SELECT
    *,
    new_policy AND designated_profile_2025 AS has_risk_profile,
    g_former_regime AND NOT new_policy AS fear_of_former_regime_counts,
    refugee_status_excluded OR excluded_17 AS subsidiary_protection_excluded,
    -- temporary_scheme_open 2025-11-17 .. 2026-01-01; presence before 2025-10-01
    decision_date BETWEEN DATE '2025-11-17' AND DATE '2026-01-01'
      AND application_date < DATE '2025-10-01' AS temporary_scheme_applies,
    credibility = 'not_assessed'
      OR (credibility = 'partly_credible'
          AND (claims_convention_ground OR g_non_state_actor OR g_violence))
      AS needs_further_investigation
  FROM p
),
r2 AS (
  SELECT
    *,
    CASE WHEN has_risk_profile THEN 1 ELSE 2 END::BIGINT AS indicators_needed,
    individual_risk_indicators >= CASE WHEN has_risk_profile THEN 1 ELSE 2 END
      AS enough_indicators,
    new_policy AND region <> 'SY-DI' AND NOT has_risk_profile AS ipa_applies
  FROM r1
),
r3 AS (
  SELECT
    *,
    account_credible
      AND ((claims_convention_ground AND enough_indicators) OR fear_of_former_regime_counts)
      AS persecution_plausible,
    -- 15(c): no mere-presence or elevated governorates in any period
    account_credible AND g_violence AND enough_indicators AS serious_harm_15c,
    g_non_state_actor AND account_credible AND enough_indicators AS individual_serious_harm
  FROM r2
),
r4 AS (
  SELECT
    *,
    persecution_plausible AND NOT ipa_applies AS refugee_qualifies,
    presumption OR ((serious_harm_15c OR individual_serious_harm) AND NOT ipa_applies)
      AS subsidiary_qualifies
  FROM r3
),
r5 AS (
  SELECT
    *,
    (permit_ground = 'refugee' AND refugee_qualifies)
      OR (permit_ground = 'subsidiary_general_risk' AND presumption)
      OR (permit_ground = 'subsidiary_individual' AND subsidiary_qualifies)
      AS permit_ground_persists,
    -- cessation_established is false in every period: the row after 'exclusion' always
    -- applies, so 'ground_persists' and 'ground_lapsed' are never reached.
    CASE
      WHEN NOT has_permit THEN 'no_permit'
      WHEN moratorium THEN 'moratorium'
      WHEN refugee_status_excluded
        OR (permit_ground <> 'refugee' AND subsidiary_protection_excluded) THEN 'exclusion'
      ELSE 'change_not_established'
    END AS permit_review_reason,
    CASE
      WHEN moratorium THEN 'no_decision_moratorium'
      WHEN refugee_qualifies AND NOT refugee_status_excluded THEN 'grant_refugee'
      WHEN subsidiary_qualifies AND NOT subsidiary_protection_excluded THEN 'grant_subsidiary'
      WHEN refugee_status_excluded OR subsidiary_protection_excluded THEN 'reject_excluded'
      WHEN needs_further_investigation THEN 'further_investigation'
      ELSE 'reject'
    END AS recommendation
  FROM r4
)
SELECT
  case_id,
  moratorium AS moratorium_in_force,
  account_credible,
  has_risk_profile,
  indicators_needed,
  enough_indicators,
  claims_convention_ground,
  fear_of_former_regime_counts,
  persecution_plausible,
  ipa_applies,
  refugee_qualifies,
  presumption AS general_risk_applies,
  serious_harm_15c,
  individual_serious_harm,
  subsidiary_qualifies,
  refugee_status_excluded,
  subsidiary_protection_excluded,
  needs_further_investigation,
  permit_ground_persists,
  permit_review_reason,
  permit_review_reason = 'exclusion' AS revocation_possible,  -- implies has_permit
  recommendation,
  recommendation IN ('reject', 'reject_excluded') AS is_rejection,
  recommendation IN ('reject', 'reject_excluded') AND NOT legal_residence AND NOT has_permit
    AS obliged_to_leave,
  support_available AS voluntary_return_support,
  temporary_scheme_applies,
  CASE
    WHEN NOT support_available THEN 0
    WHEN temporary_scheme_applies THEN CASE WHEN minor THEN 2500 ELSE 5000 END
    WHEN decision_date < DATE '2025-06-10' THEN 900
    WHEN minor THEN 1650
    ELSE 2800
  END::BIGINT AS support_amount_eur,
  -- return_agreement_in_force is false in every period
  FALSE AS forced_return_possible
FROM r5
