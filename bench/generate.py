"""Deterministic synthetic Syrian caseloads for the bulk benchmark, as Parquet.

    python bench/generate.py 1000000 [--seed 20251029]

Every column is computed inside DuckDB from `hash(case_id, seed, k)`: no Python loop, no
random state, so a given (N, seed, DuckDB version) always gives the same file, and 10M rows
take seconds. Files are cached in bench/data/ (git-ignored) under a name holding N, the seed,
the generator version and the DuckDB version (whose `hash` could change between releases).

The mix aims to be plausible, not representative. Decision dates cover every version of the
Syria pack (2011-07-06 .. 2026-12-31, with more weight from mid-2024 on, where the versions
are short: one of them, 2024-12-08, lasts a single day, so a caseload of a few thousand may
have no case on it); application dates come 2 weeks to 5 years before the decision, never
after it. Every column of `refuge.policy.facts.FACTS` is drawn. Grounds (including military
service and a fear of the current authorities), credibility, risk profiles, exclusion grounds
and permits vary independently enough that every rule takes both values and every reachable
outcome row is reached. An account found not credible mostly comes without a risk profile or
credible indicators (the rest are the contradictions the pack checks). Indications of an
exclusion ground or of support for the former regime are rare. The four findings on the
internal protection alternative are `not_assessed` for most cases; they are recorded (mostly
`yes`, some `no`, a few left open) for about a third of the cases decided under the 2025
policy, which names a region for it, and for a few earlier ones, where they change nothing.
"""

from __future__ import annotations

import argparse
import os
from datetime import date, timedelta
from pathlib import Path

import duckdb

DATA = Path(__file__).resolve().parent / "data"
DEFAULT_SEED = 20251029
GENERATOR_VERSION = 2  # 2: the facts of the rewritten Syria pack (exclusion, regime, IPA)
ROW_GROUP_SIZE = 122_880  # DuckDB's default: enough row groups to read on every thread

FIRST_DECISION = "2011-07-06"  # the Syria pack's valid_from
LAST_DECISION = "2026-12-31"  # after the last version (2026-07-01, Qualification Regulation)
BUSY_FROM = "2024-06-01"  # fall of Assad, moratorium, new policy, temporary scheme, EU Pact
WHOLE_SHARE = 0.4  # of the decision dates spread evenly over the whole range; the rest busy
IPA_POLICY_FROM = "2025-06-10"  # the country policy that names a region for the IPA

REGIONS = {  # governorate -> rough share of the caseload (weights, not data)
    "SY-HL": 16,
    "SY-DI": 12,
    "SY-RD": 10,
    "SY-HM": 8,
    "SY-HI": 8,
    "SY-ID": 8,
    "SY-DR": 7,
    "SY-HA": 7,
    "SY-DY": 6,
    "SY-RA": 6,
    "SY-LA": 4,
    "SY-TA": 3,
    "SY-SU": 3,
    "SY-QU": 2,
}
GROUNDS = {  # claimed ground -> share of cases claiming it (independent)
    "economic": 0.15,
    "ethnicity": 0.10,
    "fear_current_authorities": 0.07,
    "fear_former_regime": 0.35,
    "fear_non_state_actor": 0.22,
    "generalised_violence": 0.40,
    "military_service": 0.14,
    "political_opinion": 0.18,
    "religion": 0.10,
    "sexual_orientation": 0.04,
}
CREDIBILITY = {"credible": 55, "partly_credible": 20, "not_credible": 15, "not_assessed": 10}
RISK_PROFILES = {
    "alawite": 0.08,
    "christian": 0.05,
    "druze": 0.04,
    "former_government_affiliate": 0.04,
    "kurd": 0.10,
    "lgbtiq": 0.03,
}
EXCLUSION_GROUNDS = {"article_17": 0.012, "article_1F": 0.015}
PERMIT_GROUNDS = {"refugee": 30, "subsidiary_general_risk": 50, "subsidiary_individual": 20}
INDICATORS = {0: 35, 1: 25, 2: 20, 3: 10, 4: 6, 5: 4}
# An account found not credible mostly has no risk profile and no credible indicator recorded;
# the rest are the contradictions the pack names (facts_contradictory).
CONSISTENT_NOT_CREDIBLE = 0.85
INDICATORS_ASSESSED = 0.95  # share of cases whose individual risk indicators were counted
EXCLUSION_INDICATIONS = 0.02  # share of cases with indications of an exclusion ground
REGIME_SUPPORT_INDICATIONS = 0.015  # ... of active support for the former regime
IPA_ASSESSED = {"from_policy": 0.35, "before": 0.03}  # share with IPA findings recorded
IPA_FINDING = {"yes": 85, "no": 10, "not_assessed": 5}  # each of the four, once recorded
IPA_FACTS = ("ipa_safe_there", "ipa_travel", "ipa_admittance", "ipa_reasonable")


def cases_path(n: int, seed: int = DEFAULT_SEED, data_dir: Path = DATA) -> Path:
    """Where the cached caseload of `n` cases with `seed` lives (it may not exist yet)."""
    ver = ".".join(duckdb.__version__.split(".")[:2])
    return data_dir / f"cases_n{n}_seed{seed}_g{GENERATOR_VERSION}_duckdb{ver}.parquet"


def cases_parquet(n: int, seed: int = DEFAULT_SEED, data_dir: Path = DATA) -> Path:
    """The path of a Parquet file of `n` synthetic cases, generating it if not cached."""
    path = cases_path(n, seed, data_dir)
    if path.exists():
        return path
    data_dir.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")  # it would print into the benchmark's output
    try:
        con.execute(
            f"COPY ({generator_sql(n, seed)}) TO '{tmp}' "
            f"(FORMAT parquet, ROW_GROUP_SIZE {ROW_GROUP_SIZE})"
        )
    finally:
        con.close()
    tmp.replace(path)  # atomic: a half-written file is never taken for a cached one
    return path


def decision_share(start: date, end: date) -> float:
    """The expected share of cases whose decision date is in [start, end): each date of the
    whole range has weight WHOLE_SHARE / its days, each from BUSY_FROM on that much more."""

    def part(first: str, last: str) -> float:
        lo, hi = date.fromisoformat(first), date.fromisoformat(last) + timedelta(days=1)
        return max((min(end, hi) - max(start, lo)).days, 0) / (hi - lo).days

    return WHOLE_SHARE * part(FIRST_DECISION, LAST_DECISION) + (1 - WHOLE_SHARE) * part(
        BUSY_FROM, LAST_DECISION
    )


def _u(seed: int, k: int) -> str:
    """A pseudo-random DOUBLE in [0, 1) per row, independent for each stream `k`."""
    return f"((hash(i, {seed}, {k}) % 1000000007)::DOUBLE / 1000000007)"


def _pick(u: str, weights: dict[str, int]) -> str:
    """CASE choosing a key of `weights` with probability proportional to its weight."""
    total = sum(weights.values())
    acc, whens = 0, []
    items = list(weights.items())
    for key, w in items[:-1]:
        acc += w
        whens.append(f"WHEN {u} < {acc / total!r} THEN '{key}'")
    return f"CASE {' '.join(whens)} ELSE '{items[-1][0]}' END"


def _subset(seed: int, k0: int, shares: dict[str, float]) -> str:
    """A sorted list holding each key with its own probability (independently)."""
    items = ", ".join(
        f"CASE WHEN {_u(seed, k0 + j)} < {p!r} THEN '{key}' END"
        for j, (key, p) in enumerate(sorted(shares.items()))
    )
    return f"list_filter([{items}], lambda x: x IS NOT NULL)"


def generator_sql(n: int, seed: int = DEFAULT_SEED) -> str:
    """A SELECT of `n` synthetic cases (columns as `refuge.policy.facts.FACTS`, plus case_id)."""
    whole = f"(DATE '{LAST_DECISION}' - DATE '{FIRST_DECISION}' + 1)"
    busy = f"(DATE '{LAST_DECISION}' - DATE '{BUSY_FROM}' + 1)"
    indicators = " ".join(
        f"WHEN u_ind < {acc!r} THEN {k}" for k, acc in _cumulative(INDICATORS).items()
    )
    permit_pick = _pick("u_pg", PERMIT_GROUNDS)
    ipa_u = "".join(f"\n    {_u(seed, 80 + j)} AS u_{name}," for j, name in enumerate(IPA_FACTS))
    ipa = ",\n  ".join(
        f"CASE WHEN ipa_recorded THEN {_pick(f'u_{name}', IPA_FINDING)} "
        f"ELSE 'not_assessed' END AS {name}"
        for name in IPA_FACTS
    )
    return f"""
WITH r AS (
  SELECT
    i,
    CASE WHEN {_u(seed, 1)} < {WHOLE_SHARE!r}
      THEN DATE '{FIRST_DECISION}' + CAST(floor({_u(seed, 2)} * {whole}) AS INTEGER)
      ELSE DATE '{BUSY_FROM}' + CAST(floor({_u(seed, 2)} * {busy}) AS INTEGER)
    END AS decision_date,
    {_u(seed, 3)} AS u_lag,
    {_u(seed, 4)} AS u_region,
    {_u(seed, 5)} AS u_cred,
    {_u(seed, 6)} AS u_ind,
    {_u(seed, 7)} AS u_permit,
    {_u(seed, 8)} AS u_pg,
    {_u(seed, 9)} AS u_legal,
    {_u(seed, 10)} AS u_minor,
    {_u(seed, 11)} AS u_excl_ind,
    {_u(seed, 12)} AS u_regime_ind,
    {_u(seed, 14)} AS u_contra_profiles,
    {_u(seed, 15)} AS u_contra_indicators,
    {_u(seed, 16)} AS u_counted,
    {_u(seed, 13)} AS u_ipa,{ipa_u}
    {_subset(seed, 20, GROUNDS)} AS grounds,
    {_subset(seed, 40, RISK_PROFILES)} AS risk_profiles,
    {_subset(seed, 60, EXCLUSION_GROUNDS)} AS exclusion_grounds
  FROM range({int(n)}) t(i)
),
s AS (
  SELECT
    *,
    {_pick("u_cred", CREDIBILITY)} AS credibility,
    u_ipa < CASE WHEN decision_date >= DATE '{IPA_POLICY_FROM}'
      THEN {IPA_ASSESSED["from_policy"]!r} ELSE {IPA_ASSESSED["before"]!r} END AS ipa_recorded
  FROM r
)
SELECT
  i AS case_id,
  'SY' AS nationality,
  {_pick("u_region", REGIONS)} AS region,
  decision_date - (14 + CAST(floor(u_lag * u_lag * 1800) AS INTEGER)) AS application_date,
  decision_date,
  grounds,
  credibility,
  CASE WHEN credibility = 'not_credible' AND u_contra_profiles < {CONSISTENT_NOT_CREDIBLE!r}
    THEN []::VARCHAR[] ELSE risk_profiles END AS risk_profiles,
  CASE WHEN u_counted >= {INDICATORS_ASSESSED!r} THEN 0::BIGINT  -- not assessed: read as 0
    WHEN credibility = 'not_credible' AND u_contra_indicators < {CONSISTENT_NOT_CREDIBLE!r}
    THEN 0::BIGINT ELSE CAST(CASE {indicators} ELSE {max(INDICATORS)} END AS BIGINT)
  END AS individual_risk_indicators,
  u_counted < {INDICATORS_ASSESSED!r} AS indicators_assessed,
  exclusion_grounds,
  u_excl_ind < {EXCLUSION_INDICATIONS!r} AS exclusion_indications,
  u_regime_ind < {REGIME_SUPPORT_INDICATIONS!r} AS regime_support_indications,
  {ipa},
  u_permit < 0.3 AS has_permit,
  CASE WHEN u_permit < 0.3 THEN {permit_pick} ELSE 'none' END AS permit_ground,
  u_permit < 0.3 OR u_legal < 0.05 AS legal_residence,
  u_minor < 0.25 AS minor
FROM s
"""


def _cumulative(weights: dict[int, int]) -> dict[int, float]:
    total = sum(weights.values())
    acc, out = 0, {}
    for k, w in list(weights.items())[:-1]:
        acc += w
        out[k] = acc / total
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, nargs="+", help="number of cases")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args()
    for n in args.n:
        print(cases_parquet(n, args.seed))


if __name__ == "__main__":
    main()
