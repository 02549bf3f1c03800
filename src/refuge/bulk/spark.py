"""The bulk evaluator on Apache Spark: the same compiled rules as on DuckDB
(`refuge.bulk.evaluate`), run as Spark SQL over a DataFrame."""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

from refuge.bulk.compile import check_columns, check_rows, check_sql, compile_sql
from refuge.policy.pack import PolicyPack

if TYPE_CHECKING:
    from pyspark.sql import DataFrame

_views = itertools.count()


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
