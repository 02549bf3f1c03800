"""A cohort counted on Apache Spark: the caseload's tables (`cohort_sql.TABLES`) from the store
or as Parquet (local or on object storage), the cohort's SQL (`cohort_sql.count_sql`), the same
disclosure control as `count_cohort`."""

from __future__ import annotations

import itertools
import os
import tempfile
from collections.abc import Mapping
from typing import TYPE_CHECKING

import pyarrow as pa

from refuge.analytics.cohort import By, Cohort
from refuge.analytics.cohort_sql import TABLES, count_sql, counted
from refuge.analytics.scenario_spark import handed_over
from refuge.casework.disclosure import THRESHOLD

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

_runs = itertools.count()


def count_cohort_spark(
    spark: SparkSession,
    cohort: Cohort,
    caseload: str | Mapping[str, pa.Table],
    by: By | None = None,
    threshold: int = THRESHOLD,
) -> dict[str, int | None]:
    """`count_cohort` on `spark`, over `caseload`: the tables themselves (`caseload_tables`),
    or the folder (a path or URL) that holds them as `<name>.parquet`."""
    run = next(_runs)
    names = {name: f"refuge_{name}_{run}" for name in TABLES}
    with tempfile.TemporaryDirectory(prefix="refuge-spark-") as folder:
        try:
            for name, view in names.items():
                if isinstance(caseload, str):
                    frame = spark.read.parquet(f"{caseload.rstrip('/')}/{name}.parquet")
                else:
                    path = os.path.join(folder, f"{name}.parquet")
                    frame = handed_over(spark, caseload[name], path)
                frame.createOrReplaceTempView(view)
            rows = [(r[0], r[1]) for r in spark.sql(count_sql(cohort, by, names)).collect()]
            return counted(rows, threshold)
        finally:
            for view in names.values():
                spark.catalog.dropTempView(view)
