"""Deterministic synthetic Syrian caseloads for the bulk benchmark, as Parquet.

    python bench/generate.py 1000000 [--seed 20251029]

Every column is computed inside DuckDB from `hash(case_id, seed, k)`: no Python loop, no
random state, so a given (N, seed, DuckDB version) always gives the same file, and 10M rows
take seconds. Files are cached in bench/data/ (git-ignored) under a name holding N, the seed,
the generator version and the DuckDB version (whose `hash` could change between releases).

The mix aims to be plausible, not representative: decision dates cover every version of the
Syria pack (2011-07-06 .. 2026-06-30, with more weight from mid-2024 on, where the versions
are short), application dates come 2 weeks to 5 years before the decision, and grounds,
credibility, risk profiles, exclusion grounds and permits vary independently enough that every
rule takes both values and every outcome row is reached.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

import duckdb

DATA = Path(__file__).resolve().parent / "data"
DEFAULT_SEED = 20251029
GENERATOR_VERSION = 1
ROW_GROUP_SIZE = 122_880  # DuckDB's default: enough row groups to read on every thread

FIRST_DECISION = "2011-07-06"  # the Syria pack's valid_from
LAST_DECISION = "2026-06-30"
BUSY_FROM = "2024-06-01"  # fall of Assad, moratorium, new policy, temporary scheme

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
    "fear_former_regime": 0.35,
    "fear_non_state_actor": 0.22,
    "generalised_violence": 0.40,
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
    try:
        con.execute(
            f"COPY ({generator_sql(n, seed)}) TO '{tmp}' "
            f"(FORMAT parquet, ROW_GROUP_SIZE {ROW_GROUP_SIZE})"
        )
    finally:
        con.close()
    tmp.replace(path)  # atomic: a half-written file is never taken for a cached one
    return path


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
    """A SELECT of `n` synthetic cases (columns as `refuge.case.facts.FACTS`, plus case_id)."""
    whole = f"(DATE '{LAST_DECISION}' - DATE '{FIRST_DECISION}' + 1)"
    busy = f"(DATE '{LAST_DECISION}' - DATE '{BUSY_FROM}' + 1)"
    indicators = " ".join(
        f"WHEN u_ind < {acc!r} THEN {k}" for k, acc in _cumulative(INDICATORS).items()
    )
    permit_pick = _pick("u_pg", PERMIT_GROUNDS)
    return f"""
WITH r AS (
  SELECT
    i,
    CASE WHEN {_u(seed, 1)} < 0.4
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
    {_subset(seed, 20, GROUNDS)} AS grounds,
    {_subset(seed, 40, RISK_PROFILES)} AS risk_profiles,
    {_subset(seed, 60, EXCLUSION_GROUNDS)} AS exclusion_grounds
  FROM range({int(n)}) t(i)
)
SELECT
  i AS case_id,
  'SY' AS nationality,
  {_pick("u_region", REGIONS)} AS region,
  decision_date - (14 + CAST(floor(u_lag * u_lag * 1800) AS INTEGER)) AS application_date,
  decision_date,
  grounds,
  {_pick("u_cred", CREDIBILITY)} AS credibility,
  risk_profiles,
  CAST(CASE {indicators} ELSE {max(INDICATORS)} END AS BIGINT) AS individual_risk_indicators,
  exclusion_grounds,
  u_permit < 0.3 AS has_permit,
  CASE WHEN u_permit < 0.3 THEN {permit_pick} ELSE 'none' END AS permit_ground,
  u_permit < 0.3 OR u_legal < 0.05 AS legal_residence,
  u_minor < 0.25 AS minor
FROM r
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
