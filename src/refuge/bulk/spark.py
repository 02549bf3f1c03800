"""The bulk evaluator on Apache Spark: the same compiled rules as on DuckDB
(`refuge.bulk.evaluate`), run as Spark SQL over a DataFrame."""

from __future__ import annotations

import itertools
import os
from typing import TYPE_CHECKING

from refuge.bulk.compile import check_columns, check_rows, check_sql, compile_sql
from refuge.policy.pack import PolicyPack

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

_views = itertools.count()

# The generated SQL is a deep stack of projections (48 rules, long CASE expressions). Fused by
# whole-stage code generation it becomes one Java method far above the 8,000 bytes of bytecode
# the JVM's JIT compiles, so by default it runs interpreted. With the limit at 8,000 such a
# stage falls back to compiled projections, split into methods the JIT compiles; stages that
# fit stay fused. Measured by bench/spark.py (docs/performance/spark.md).
TUNED: dict[str, str] = {"spark.sql.codegen.hugeMethodLimit": "8000"}
# ... and let the JIT compile the large methods that remain (driver and executors).
JAVA_OPTIONS = "-XX:-DontCompileHugeMethods"


def spark_session(
    master: str | None = None, app_name: str = "refuge", java_options: bool = True
) -> SparkSession:
    """A Spark session for the bulk evaluator, with `TUNED` (and `JAVA_OPTIONS` unless
    `java_options` is false): on `master` if given, else where Spark's own configuration
    points (`MASTER`, `spark-defaults.conf`), else local mode on every core. A session that
    runs already is returned with `TUNED` set (JVM options need a new JVM)."""
    from pyspark.sql import SparkSession

    if master is None or master.startswith("local"):
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")  # no search for a network address
    builder = SparkSession.builder.appName(app_name)
    if master is not None:
        builder = builder.master(master)
    builder = builder.config("spark.ui.showConsoleProgress", "false").config(
        "spark.sql.session.timeZone", "UTC"
    )
    if java_options:
        builder = builder.config("spark.driver.extraJavaOptions", JAVA_OPTIONS).config(
            "spark.executor.extraJavaOptions", JAVA_OPTIONS
        )
    for key, value in TUNED.items():
        builder = builder.config(key, value)
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session


def evaluate_spark(pack: PolicyPack, dataframe: DataFrame) -> DataFrame:
    """Evaluate every rule on every case of a Spark DataFrame; a lazy DataFrame with one more
    column per rule. Raises like `evaluate_duckdb` (the row checks run one Spark job now)."""
    spark = dataframe.sparkSession
    columns = {f.name: f.dataType.simpleString() for f in dataframe.schema.fields}
    check_columns(pack, columns, "spark")
    view = f"refuge_cases_{next(_views)}"
    dataframe.createOrReplaceTempView(view)
    try:
        row = spark.sql(check_sql(pack, f"`{view}`", "spark")).first()
        assert row is not None
        check_rows(pack, tuple(row))
        # The analysed plan holds the view's plan, so the view can go straight away.
        return spark.sql(compile_sql(pack, f"`{view}`", "spark"))
    finally:
        spark.catalog.dropTempView(view)
