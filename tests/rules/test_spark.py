"""The same compiled rules on Apache Spark (local mode): Spark must agree with DuckDB on a
fixed sample of a few thousand cases spread over every policy version."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from vector_cases import normalise, sample_rows

from refuge.bulk.evaluate import (
    CasesBeforePack,
    CaseTableError,
    evaluate_duckdb,
    facts_table,
)
from refuge.bulk.spark import evaluate_spark
from refuge.policy import PolicyPack
from refuge.policy.facts import FACTS
from refuge.rules.sql import literal
from refuge.rules.types import Type

pytestmark = pytest.mark.spark


def by_case(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {r["case_id"]: {k: normalise(v) for k, v in r.items()} for r in rows}


def test_spark_agrees_with_duckdb_on_every_rule(
    spark: Any, vt_pack: PolicyPack, sy_pack: PolicyPack, tmp_path: Path
) -> None:
    for pack in (vt_pack, sy_pack):
        rows = [{"case_id": f"c{i}", **r} for i, r in enumerate(sample_rows(pack, 3000, seed=11))]
        path = tmp_path / f"{pack.country}.parquet"
        pq.write_table(facts_table(rows, FACTS), path)

        want = by_case(evaluate_duckdb(pack, path).to_pylist())
        got = by_case(evaluate_spark(pack, spark.read.parquet(str(path))).toArrow().to_pylist())

        assert got.keys() == want.keys()
        wrong = [
            f"{case_id} {rule_id}: duckdb {want[case_id][rule_id]!r}, spark {row[rule_id]!r}"
            for case_id, row in got.items()
            for rule_id in pack.rules
            if row[rule_id] != want[case_id][rule_id]
        ]
        assert not wrong, f"{pack.country}: {len(wrong)} differences, e.g.\n" + "\n".join(wrong[:5])


def test_spark_literals_and_checks(spark: Any, vt_pack: PolicyPack) -> None:
    values = [
        ("it's a \\ 'quote'\n é", Type.STR),
        (-(2**63), Type.INT),
        (2**63 - 1, Type.INT),
        (frozenset({"b", "a'"}), Type.STRSET),
        (frozenset(), Type.STRSET),
    ]
    select = ", ".join(literal(v, t, "spark") for v, t in values)
    (row,) = spark.sql(f"SELECT {select}").collect()
    assert [normalise(x) for x in row] == [v for v, _ in values]

    rows = sample_rows(vt_pack, 4, seed=3)
    df = spark.createDataFrame(facts_table(rows, FACTS))
    with pytest.raises(CaseTableError, match="no column 'minor'"):
        evaluate_spark(vt_pack, df.drop("minor"))
    early = df.withColumn("decision_date", df["application_date"].cast("date") - 3000)
    with pytest.raises(CasesBeforePack, match="before the VT pack starts on 2020-01-01"):
        evaluate_spark(vt_pack, early)
