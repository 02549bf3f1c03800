"""Spark benchmark: the same generated SQL on Spark local mode and on DuckDB, in one run.

    python bench/spark.py [--n 10000000] [--repeats 3] [--sinks hash parquet]
                          [--settings tuned defaults ...] [--jvm tuned|defaults]

For the cached caseload of N cases (bench/generate.py, in bench/data/), the Syria pack's SQL
from `refuge.bulk.compile.compile_sql(pack, table, dialect)` runs on:

* duckdb: in this process, over `read_parquet(...)`, default settings (threads = cores);
* duckdb+checks: the same through `refuge.bulk.evaluate.duckdb_relation`, which first scans
  the cases once for the input checks (nulls, dates before the pack);
* spark SETTINGS: Spark local[2] in a JVM this process starts, over `spark.read.parquet(...)`,
  through `refuge.bulk.spark.evaluate_spark` (the same input checks, one Spark job, then the
  same generated SQL), with the Spark SQL settings SETTINGS (`CANDIDATES` below; `tuned` is
  `refuge.bulk.spark.TUNED`). They are runtime settings, so one session serves them all; the
  JVM starts with `refuge.bulk.spark.JAVA_OPTIONS` (`--jvm tuned`) or without (`defaults`).

each into two sinks: `hash` (an aggregate over a hash of case_id and every rule column: every
column computed, no file written) and `parquet` (the result written as Parquet). Every variant
warms up on the 10,000-case file and once on the N-case file; then the variants take turns,
`--repeats` times (so that a burst of load from elsewhere hits them alike), and the best time
of each is kept. After the parquet runs, every Spark result must equal DuckDB's on every rule
column of every case (exit status 1 otherwise). Spark's ratio is against duckdb+checks, the
same work (checks and rules), in the same run and sink.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import platform
import shutil
import sys
import time
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import duckdb

from generate import DATA, DEFAULT_SEED, cases_parquet
from refuge.bulk.compile import compile_sql
from refuge.bulk.evaluate import duckdb_relation
from refuge.bulk.spark import JAVA_OPTIONS, TUNED, evaluate_spark, spark_session
from refuge.policy.country import load_country_pack
from refuge.policy.pack import PolicyPack

OUT = DATA / "out"
WARMUP_N = 10_000
# Spark SQL settings compared in one session (runtime settings: no restart between them)
CANDIDATES: dict[str, dict[str, str]] = {
    "defaults": {},  # Spark's own
    "tuned": TUNED,  # what refuge.bulk.spark.spark_session sets
    "no-wholestage": {"spark.sql.codegen.wholeStage": "false"},
    "huge-method-8000": {"spark.sql.codegen.hugeMethodLimit": "8000"},
    "split-256": {"spark.sql.codegen.methodSplitThreshold": "256"},
    "partitions-16m": {"spark.sql.files.maxPartitionBytes": "16m"},
    "max-fields-40": {**TUNED, "spark.sql.codegen.maxFields": "40"},
}


class Disagreement(AssertionError):
    """Spark and DuckDB differ on the same cases."""


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _b(name: str) -> str:
    return "`" + name.replace("`", "``") + "`"


def columns(pack: PolicyPack) -> list[str]:
    return ["case_id", *pack.rules]


# --- DuckDB ----------------------------------------------------------------------------------


def duckdb_run(
    con: duckdb.DuckDBPyConnection, pack: PolicyPack, cases: Path, sink: str, checks: bool
) -> Any:
    cols = ", ".join(_q(c) for c in columns(pack))
    if checks:
        rel = duckdb_relation(pack, cases, con).select(cols)
        query = rel.sql_query()
        del rel
    else:
        source = f"read_parquet('{cases}')"
        query = f"SELECT {cols} FROM ({compile_sql(pack, source, 'duckdb')})"
    if sink == "hash":
        return con.execute(f"SELECT count(*), bit_xor(hash({cols})) FROM ({query})").fetchall()
    out = OUT / f"duckdb{'_checks' if checks else ''}.parquet"
    con.execute(f"COPY ({query}) TO '{out}' (FORMAT parquet)")
    return out


# --- Spark -----------------------------------------------------------------------------------


def spark_run(spark: Any, pack: PolicyPack, cases: Path, sink: str, setting: str) -> Any:
    cols = ", ".join(_b(c) for c in columns(pack))
    result = evaluate_spark(pack, spark.read.parquet(str(cases)))
    result.createOrReplaceTempView("evaluated")
    try:
        if sink == "hash":
            return spark.sql(f"SELECT count(*), bit_xor(xxhash64({cols})) FROM evaluated").collect()
        out = OUT / f"spark_{setting}.parquet"
        spark.sql(f"SELECT {cols} FROM evaluated").write.mode("overwrite").parquet(str(out))
        return out
    finally:
        spark.catalog.dropTempView("evaluated")


def apply_setting(spark: Any, setting: str) -> None:
    for key in {k for c in CANDIDATES.values() for k in c}:
        spark.conf.unset(key)
    for key, value in CANDIDATES[setting].items():
        spark.conf.set(key, value)


# --- the floor: read the cases and hash them, no rule -------------------------------------


def duckdb_read(con: duckdb.DuckDBPyConnection, cases: Path) -> Any:
    names = [
        r[0] for r in con.execute(f"DESCRIBE SELECT * FROM read_parquet('{cases}')").fetchall()
    ]
    cols = ", ".join(_q(c) for c in names)
    return con.execute(
        f"SELECT count(*), bit_xor(hash({cols})) FROM read_parquet('{cases}')"
    ).fetchall()


def spark_read(spark: Any, cases: Path) -> Any:
    frame = spark.read.parquet(str(cases))
    cols = ", ".join(_b(c) for c in frame.columns)
    frame.createOrReplaceTempView("cases")
    try:
        return spark.sql(f"SELECT count(*), bit_xor(xxhash64({cols})) FROM cases").collect()
    finally:
        spark.catalog.dropTempView("cases")


# --- checking --------------------------------------------------------------------------------


def check_agreement(pack: PolicyPack, duck: Path, spark_dir: Path) -> int:
    """Raise `Disagreement` unless the Spark result holds the same cases as DuckDB's, with
    equal values in every rule column; the number of cases compared."""
    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")
    diffs = ", ".join(
        f"count(*) FILTER (WHERE x.{_q(r)} IS DISTINCT FROM y.{_q(r)})" for r in pack.rules
    )
    total, only_d, only_s, *bad = con.execute(
        f"SELECT count(*), count(*) FILTER (WHERE y.case_id IS NULL), "
        f"count(*) FILTER (WHERE x.case_id IS NULL), {diffs} "
        f"FROM read_parquet('{duck}') x FULL OUTER JOIN read_parquet('{spark_dir}/*.parquet') y "
        f"ON x.case_id = y.case_id"
    ).fetchone() or (0, 0, 0)
    con.close()
    wrong = {r: n for r, n in zip(pack.rules, bad, strict=True) if n}
    if only_d or only_s or wrong:
        raise Disagreement(
            f"{only_d} case(s) only on DuckDB, {only_s} only on Spark; "
            f"mismatching cases per rule: {wrong}"
        )
    return int(total)


# --- driver ----------------------------------------------------------------------------------


def timed(fn: Callable[[], Any]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def environment() -> str:
    with open("/proc/meminfo") as f:
        mem_kib = int(f.readline().split()[1])
    import pyspark

    return (
        f"{multiprocessing.cpu_count()} cores ({platform.machine()}), {mem_kib / 2**20:.0f} GiB "
        f"RAM, Python {platform.python_version()}, duckdb {duckdb.__version__}, "
        f"pyspark {pyspark.__version__}, {date.today().isoformat()}"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument(
        "--sinks", nargs="+", choices=("hash", "parquet"), default=["hash", "parquet"]
    )
    parser.add_argument("--settings", nargs="+", choices=list(CANDIDATES), default=["tuned"])
    parser.add_argument(
        "--jvm",
        choices=("tuned", "defaults"),
        default="tuned",
        help="start the JVM with refuge.bulk.spark.JAVA_OPTIONS or without",
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)

    pack = load_country_pack("SY")
    cases = cases_parquet(args.n, args.seed)
    warm = cases_parquet(WARMUP_N, args.seed)
    OUT.mkdir(parents=True, exist_ok=True)
    load_start = os.getloadavg()
    print(f"# {environment()}; load average {load_start[0]:.2f}", file=sys.stderr)
    start = time.perf_counter()
    spark = spark_session("local[2]", "refuge-bench", java_options=args.jvm == "tuned")
    print(f"# Spark started in {time.perf_counter() - start:.1f} s", file=sys.stderr)
    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")

    variants: dict[str, Callable[[Path, str], Any]] = {
        "duckdb": lambda path, sink: duckdb_run(con, pack, path, sink, checks=False),
        "duckdb+checks": lambda path, sink: duckdb_run(con, pack, path, sink, checks=True),
    }
    if "hash" in args.sinks:
        variants["duckdb read"] = lambda path, sink: duckdb_read(con, path)

        def read(path: Path, sink: str) -> Any:
            apply_setting(spark, "tuned")
            return spark_read(spark, path)

        variants["spark read"] = read
    for setting in args.settings:

        def run(path: Path, sink: str, setting: str = setting) -> Any:
            apply_setting(spark, setting)
            return spark_run(spark, pack, path, sink, setting)

        variants[f"spark {setting}"] = run

    best: dict[tuple[str, str], float] = {}
    for sink in args.sinks:
        measured = {k: f for k, f in variants.items() if sink == "hash" or "read" not in k}
        for fn in measured.values():  # warm up: JIT, codegen caches, page cache
            fn(warm, sink)
            fn(cases, sink)
        for _ in range(args.repeats):
            for name, fn in measured.items():
                seconds = timed(lambda fn=fn, sink=sink: fn(cases, sink))
                key = (name, sink)
                best[key] = min(best.get(key, seconds), seconds)
                print(f"  {name:16} {sink:8} {seconds:6.2f} s", file=sys.stderr)
        if sink == "parquet":
            for setting in args.settings:
                try:
                    n = check_agreement(
                        pack, OUT / "duckdb.parquet", OUT / f"spark_{setting}.parquet"
                    )
                except Disagreement as e:
                    print(f"DISAGREEMENT (spark {setting}): {e}", file=sys.stderr)
                    return 1
                print(
                    f"  agreement: spark {setting} == duckdb on all {len(pack.rules)} rules "
                    f"for {n:,} cases",
                    file=sys.stderr,
                )
    load_end = os.getloadavg()
    spark.stop()
    con.close()
    for setting in args.settings:
        shutil.rmtree(OUT / f"spark_{setting}.parquet", ignore_errors=True)

    print(f"Machine: {environment()}")
    print(f"Cases: {args.n:,} ({cases.name}); pack {pack.country}, {len(pack.rules)} rule columns")
    print(
        f"Load average (1, 5, 15 min) at start {', '.join(f'{x:.2f}' for x in load_start)}; "
        f"at end {', '.join(f'{x:.2f}' for x in load_end)}"
    )
    print(f"JVM options: {JAVA_OPTIONS if args.jvm == 'tuned' else '(Spark defaults)'}")
    for setting in args.settings:
        print(f"Spark settings {setting}: {CANDIDATES[setting] or '(Spark defaults)'}")
    print(f"Best of {args.repeats}, warm (after a run on {WARMUP_N:,} cases and one on all).\n")
    print("| engine | sink | time (s) | cases/s | time / DuckDB |")
    print("|---|---|---:|---:|---:|")
    for (name, sink), seconds in best.items():
        if "read" in name:
            ref, against = best[("duckdb read", sink)], "duckdb read"
        elif "spark" in name:
            ref, against = best[("duckdb+checks", sink)], "duckdb+checks"
        else:
            ref, against = best[("duckdb", sink)], "duckdb"
        ratio = f"{seconds / ref:.2f}x" + ("" if name == against else f" (vs {against})")
        print(f"| {name} | {sink} | {seconds:.2f} | {args.n / seconds:,.0f} | {ratio} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
