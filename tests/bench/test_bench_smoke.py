"""Smoke test of the bulk benchmark (bench/): generator, both SQL variants, the agreement
checks. About 2,000 cases; nothing is timed, so that the benchmark cannot rot unnoticed."""

from __future__ import annotations

import sys
from pathlib import Path

import duckdb
import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH))

import bulk  # noqa: E402
import generate  # noqa: E402
from refuge.assess import load_country_pack  # noqa: E402
from refuge.policy.pack import PolicyPack  # noqa: E402

N = 2_000


@pytest.fixture(scope="module")
def pack() -> PolicyPack:
    return load_country_pack("SY")


@pytest.fixture(scope="module")
def cases(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate.cases_parquet(N, data_dir=tmp_path_factory.mktemp("data"))


def test_generator_is_deterministic_and_covers_every_version(
    cases: Path, pack: PolicyPack, tmp_path: Path
) -> None:
    again = generate.cases_parquet(N, data_dir=tmp_path)
    con = duckdb.connect()
    digest = "SELECT count(*), bit_xor(hash(COLUMNS(*))) FROM read_parquet('{}')"
    assert (
        con.execute(digest.format(cases)).fetchall() == con.execute(digest.format(again)).fetchall()
    )
    days = [d for (d,) in con.execute(f"SELECT decision_date FROM '{cases}'").fetchall()]
    assert min(days) >= pack.valid_from
    assert {pack.version_index(d) for d in days} >= set(range(len(pack.starts))) - {3}
    # version 3 lasts one day (2024-12-08): a bigger caseload reaches it, 2,000 cases may not
    (late,) = con.execute(
        f"SELECT count(*) FROM '{cases}' WHERE application_date > decision_date"
    ).fetchone() or (None,)
    assert late == 0


@pytest.mark.parametrize("sink", bulk.SINKS)
def test_sql_variants_run(cases: Path, pack: PolicyPack, tmp_path: Path, sink: str) -> None:
    con = bulk.connect()
    for variant in bulk.SQL_VARIANTS:
        out = tmp_path / f"{variant.replace('/', '_')}.parquet" if sink == "parquet" else None
        bulk.run_sql_variant(con, pack, variant, sink, cases, out)
        if out is not None:
            assert out.exists()


def test_handwritten_and_scalar_agree_with_generated(
    cases: Path, pack: PolicyPack, tmp_path: Path
) -> None:
    con = duckdb.connect()
    results = {}
    for variant in bulk.SQL_VARIANTS:
        results[variant] = tmp_path / f"{variant.replace('/', '_')}.parquet"
        bulk.run_sql_variant(con, pack, variant, "parquet", cases, results[variant])
    assert bulk.check_agreement(con, pack, results["generated"], results["handwritten"]) == N
    for other in ("generated+checks",):
        assert bulk.check_agreement(con, pack, results["generated"], results[other]) == N
    scalar = bulk.scalar_loop(pack, cases, 500)
    assert bulk.compare_scalar(pack, cases, scalar, results["generated"]) == 500


def test_agreement_check_catches_a_difference(
    cases: Path, pack: PolicyPack, tmp_path: Path
) -> None:
    con = duckdb.connect()
    good, bad = tmp_path / "good.parquet", tmp_path / "bad.parquet"
    bulk.run_sql_variant(con, pack, "handwritten", "parquet", cases, good)
    con.execute(
        f"COPY (SELECT * REPLACE (CASE WHEN case_id = 7 THEN NOT is_rejection "
        f"ELSE is_rejection END AS is_rejection) FROM '{good}') TO '{bad}' (FORMAT parquet)"
    )
    with pytest.raises(bulk.Disagreement, match="is_rejection"):
        bulk.check_agreement(con, pack, good, bad)
