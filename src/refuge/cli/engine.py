"""`--engine duckdb|spark` and `--spark-master` for the analyst commands, and the Spark session
they run on (PySpark is the optional extra `[spark]`)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from refuge.cli.options import fail

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

Engine = Literal["duckdb", "spark"]
ENGINES = ("duckdb", "spark")

EngineOption = Annotated[
    str,
    typer.Option(
        "--engine",
        help="duckdb: in this process; spark: on Apache Spark (extra [spark]; local mode "
        "unless --spark-master or Spark's own configuration names a cluster)",
    ),
]
SparkMasterOption = Annotated[
    str | None,
    typer.Option(
        "--spark-master",
        metavar="URL",
        help="With --engine spark: e.g. spark://host:7077, yarn, local[4] "
        "[default: MASTER or spark-defaults.conf, else local mode]",
    ),
]


def engine_of(engine: str, spark_master: str | None) -> Engine:
    """The checked `--engine` value; exits 2 on an unknown engine, on `--spark-master` without
    Spark, and on `--engine spark` without PySpark installed."""
    if engine not in ENGINES:
        fail(f"--engine {engine!r}: one of duckdb, spark")
    if spark_master is not None and engine != "spark":
        fail("--spark-master: only with --engine spark")
    if engine == "spark":
        try:
            import pyspark  # noqa: F401
        except ImportError:
            fail(
                "--engine spark needs PySpark, which is not installed: install the extra "
                "with pip install 'refuge[spark]' (and a Java 17+ runtime)"
            )
        return "spark"
    return "duckdb"


@contextmanager
def spark_on(master: str | None) -> Iterator[SparkSession]:
    """A Spark session on `master` for one command; stopped afterwards unless it was running
    already (a notebook's or a test's)."""
    from pyspark import SparkContext
    from pyspark.errors import PySparkException

    from refuge.bulk.spark import spark_session

    running = SparkContext._active_spark_context is not None
    try:
        session = spark_session(master)  # the running one, if there is one
    except (PySparkException, OSError) as exc:
        where = master or "local mode"
        fail(
            f"--engine spark: Spark did not start ({where}): {type(exc).__name__}; "
            "check the Java 17+ runtime (JAVA_HOME) and --spark-master"
        )
    try:
        yield session
    finally:
        if not running:
            session.stop()


@contextmanager
def spark_errors() -> Iterator[None]:
    """A Spark failure (a missing Parquet path, a lost cluster) as one line and exit 2."""
    from pyspark.errors import PySparkException

    try:
        yield
    except PySparkException as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        fail(f"--engine spark: {first}")
