"""Smoke test of the bulk benchmark (bench/): generator, every SQL variant, the agreement
checks. About 2,000 cases, and one agreement check of the hand-written SQL on 100,000 (the
smallest caseload that reaches every version and every reachable outcome row); nothing is
timed, so that the benchmark cannot rot unnoticed."""

from __future__ import annotations

import sys
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH))

import bulk  # noqa: E402
import generate  # noqa: E402
from refuge.policy.country import load_country_pack  # noqa: E402
from refuge.policy.facts import FACTS  # noqa: E402
from refuge.policy.pack import PolicyPack  # noqa: E402
from refuge.rules.types import Type  # noqa: E402

N = 2_000


@pytest.fixture(scope="module")
def pack() -> PolicyPack:
    return load_country_pack("SY")


@pytest.fixture(scope="module")
def cases(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate.cases_parquet(N, data_dir=tmp_path_factory.mktemp("data"))


def _version_periods(pack: PolicyPack) -> list[tuple[date, date]]:
    """[start, end) of each version, the last one ending after the generator's last date."""
    last = date.fromisoformat(generate.LAST_DECISION) + timedelta(days=1)
    return list(zip(pack.starts, [*pack.starts[1:], last], strict=True))


def test_generator_is_deterministic_and_draws_every_fact(
    cases: Path, pack: PolicyPack, tmp_path: Path
) -> None:
    again = generate.cases_parquet(N, data_dir=tmp_path)
    con = duckdb.connect()
    digest = "SELECT count(*), bit_xor(hash(COLUMNS(*))) FROM read_parquet('{}')"
    assert (
        con.execute(digest.format(cases)).fetchall() == con.execute(digest.format(again)).fetchall()
    )
    columns = [name for (name, *_) in con.execute(f"DESCRIBE FROM '{cases}'").fetchall()]
    assert columns == ["case_id", *FACTS]
    for name, info in FACTS.items():  # every value of every fact occurs, even the rare ones
        values = f"flatten(list({name}))" if info.type == Type.STRSET else f"list({name})"
        (found,) = con.execute(f"SELECT list_distinct({values}) FROM '{cases}'").fetchone() or ()
        if info.domain is not None:
            assert set(found) == info.domain, name
        elif info.type == Type.BOOL:
            assert set(found) == {False, True}, name
    (late,) = con.execute(
        f"SELECT count(*) FROM '{cases}' WHERE application_date > decision_date"
    ).fetchone() or (None,)
    assert late == 0


def test_generator_covers_every_version(cases: Path, pack: PolicyPack) -> None:
    """Every version with at least 10 expected cases in the sample must be in it (the chance
    of missing one is then below 1 in 20,000 for any seed or DuckDB `hash`). Two versions are
    short enough that 2,000 cases may miss them: 2012-07-06 .. 2012-08-01 (27 days between
    the first moratorium and the general presumption, about 4 cases) and 2024-12-08 (one day:
    the fall of the regime, the day before the second moratorium, about 1.4 cases). A caseload
    of 100,000 has every version (and about 70 cases on the one-day one)."""
    con = duckdb.connect()
    days = [d for (d,) in con.execute(f"SELECT decision_date FROM '{cases}'").fetchall()]
    assert min(days) >= pack.valid_from
    assert max(days) <= date.fromisoformat(generate.LAST_DECISION)
    expected = [N * generate.decision_share(s, e) for s, e in _version_periods(pack)]
    rare = {i for i, e in enumerate(expected) if e < 10}
    assert {pack.starts[i] for i in rare} == {date(2012, 7, 6), date(2024, 12, 8)}
    assert {pack.version_index(d) for d in days} >= set(range(len(pack.starts))) - rare

    big = generate.generator_sql(100_000)
    seen = {
        pack.version_index(d)
        for (d,) in con.execute(f"SELECT DISTINCT decision_date FROM ({big})").fetchall()
    }
    assert seen == set(range(len(pack.starts)))


@pytest.mark.parametrize("sink", bulk.SINKS)
def test_sql_variants_run(cases: Path, pack: PolicyPack, tmp_path: Path, sink: str) -> None:
    con = bulk.connect()
    for variant in bulk.SQL_VARIANTS:
        if sink != "parquet" and variant in bulk.PARQUET_ONLY:
            continue
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
    for other in ("generated+checks", "write_parquet"):
        assert bulk.check_agreement(con, pack, results["generated"], results[other]) == N
    scalar = bulk.scalar_loop(pack, cases, 500)
    assert bulk.compare_scalar(pack, cases, scalar, results["generated"]) == 500


def test_handwritten_agrees_with_generated_on_100000_cases(
    pack: PolicyPack, tmp_path: Path
) -> None:
    """Big enough to reach every version (the one-day one too) and every reachable outcome
    row, the rare ones included (an unresolved exclusion indication on a case that would
    qualify: about 50 cases). A few seconds; nothing timed."""
    n = 100_000
    cases = generate.cases_parquet(n, data_dir=tmp_path)
    con = bulk.connect()
    results = {}
    for variant in ("generated", "handwritten"):
        results[variant] = tmp_path / f"{variant}.parquet"
        bulk.run_sql_variant(con, pack, variant, "parquet", cases, results[variant])
    assert bulk.check_agreement(con, pack, results["generated"], results["handwritten"]) == n


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
