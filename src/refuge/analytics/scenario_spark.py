"""The same scenario counts on Apache Spark: the cohort's facts as Parquet (local or on object
storage), evaluated by the bulk evaluator's Spark SQL under both packs, counted by the same SQL
as on DuckDB (`scenario_run.count_evaluated`), so the two engines give the same numbers."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

import pyarrow as pa
import pyarrow.parquet as pq

from refuge.analytics.scenario_run import ScenarioCounts, count_evaluated
from refuge.bulk.spark import evaluate_spark
from refuge.policy.pack import PolicyPack

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession


def count_spark(
    spark: SparkSession,
    baseline: PolicyPack,
    derived: PolicyPack,
    cases: str | pa.Table,
    months: Sequence[date],
) -> ScenarioCounts:
    """Evaluate `cases` (a facts table with `_row`, as `cohort_facts` gives it, or the path or
    URL of it as Parquet) on each day of `months` under both packs, on `spark`."""
    with tempfile.TemporaryDirectory(prefix="refuge-spark-") as folder:
        if isinstance(cases, str):
            members = spark.read.parquet(cases)
        else:
            members = handed_over(spark, cases, os.path.join(folder, "cases.parquet"))
        return _count(spark, baseline, derived, members, months)


def handed_over(spark: SparkSession, table: pa.Table, path: str) -> DataFrame:
    """`table` as a DataFrame that Spark evaluates in its tasks. In local mode it is written
    to Parquet at `path` and read back: a DataFrame made from local data is a local relation,
    which Spark's optimizer may evaluate in the driver, out of its memory for a large cohort."""
    if str(spark.sparkContext.master).startswith("local"):
        pq.write_table(table, path)
        return spark.read.parquet(path)
    return spark.createDataFrame(table).repartition(spark.sparkContext.defaultParallelism)


def _count(
    spark: SparkSession,
    baseline: PolicyPack,
    derived: PolicyPack,
    members: DataFrame,
    months: Sequence[date],
) -> ScenarioCounts:
    from pyspark.sql import functions as F

    days = spark.createDataFrame([(d,) for d in months], "day date")
    grid = members.crossJoin(days).withColumn("decision_date", F.col("day")).drop("day")
    evaluate_spark(baseline, grid).createOrReplaceTempView("base")
    evaluate_spark(derived, grid).createOrReplaceTempView("what_if")
    try:

        def fetch(sql: str) -> list[tuple[Any, ...]]:
            return [tuple(row) for row in spark.sql(sql).collect()]

        return count_evaluated(
            fetch, list(baseline.rules), months, members.count(), "NOT ({a} <=> {b})"
        )
    finally:
        spark.catalog.dropTempView("base")
        spark.catalog.dropTempView("what_if")
