"""Vector evaluator: a whole table of cases -> one column per rule.

DuckDB runs in-process by default (`evaluate_duckdb`); Spark runs the same compiled rules at
scale (`refuge.bulk.spark.evaluate_spark`). Both run the SQL of `compile.compile_sql`, in which
every row picks the policy version in force on its own `decision_date`.

A case table has one column per fact the rules read, typed as `facts_table` builds them:
bool -> BOOLEAN, int -> BIGINT (any signed integer), str -> VARCHAR, date -> DATE,
set[str] -> list of strings. Other columns (a case id, say) are kept as they are.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TypeAlias

import duckdb
import pyarrow as pa

from refuge.bulk.compile import check_columns, check_rows, check_sql, compile_sql
from refuge.bulk.errors import CasesBeforePack, CaseTableError
from refuge.policy.pack import PolicyPack
from refuge.rules.check import NameInfo
from refuge.rules.types import Type, Value

__all__ = [
    "CaseTableError",
    "CasesBeforePack",
    "compile_sql",
    "duckdb_relation",
    "evaluate_duckdb",
    "facts_table",
]

CaseData: TypeAlias = "pa.Table | str | Path"
_ARROW: dict[Type, pa.DataType] = {
    Type.BOOL: pa.bool_(),
    Type.INT: pa.int64(),
    Type.STR: pa.string(),
    Type.DATE: pa.date32(),
    Type.STRSET: pa.list_(pa.string()),
}


def evaluate_duckdb(
    pack: PolicyPack, data: CaseData, con: duckdb.DuckDBPyConnection | None = None
) -> pa.Table:
    """Evaluate every rule on every case of `data` (an Arrow table, or the path of a Parquet
    file or glob) and return the cases with one more column per rule, in input order.

    Runs on `con` if given, else on a fresh in-memory DuckDB. Raises `CaseTableError` for a
    missing, mistyped or null fact column and `CasesBeforePack` for a decision date before
    the pack starts."""
    own = con is None
    con = duckdb.connect() if con is None else con
    try:
        return duckdb_relation(pack, data, con).to_arrow_table()
    finally:
        if own:
            con.close()


def duckdb_relation(
    pack: PolicyPack, data: CaseData, con: duckdb.DuckDBPyConnection
) -> duckdb.DuckDBPyRelation:
    """Like `evaluate_duckdb`, but a lazy relation on `con` to filter or aggregate further
    before anything is fetched (the checks on the data run now)."""
    rel = con.from_arrow(data) if isinstance(data, pa.Table) else con.read_parquet(str(data))
    check_columns(pack, dict(zip(rel.columns, map(str, rel.types), strict=True)), "duckdb")
    # `query` names the relation for one statement only: nothing is left on `con`.
    checked = rel.query("cases", check_sql(pack, '"cases"', "duckdb"))
    assert checked is not None
    (found,) = checked.fetchall()
    check_rows(pack, found)
    result = rel.query("cases", compile_sql(pack, '"cases"', "duckdb"))
    assert result is not None
    return result


def facts_table(rows: Sequence[Mapping[str, Value]], facts: Mapping[str, NameInfo]) -> pa.Table:
    """An Arrow case table from fact dicts (as `case_facts` gives them). Columns follow the
    first row's keys; a key named in `facts` gets the column type of its rule type (sets
    become sorted lists of strings), any other key the type Arrow infers."""
    if not rows:
        return pa.table({n: pa.array([], _ARROW[i.type]) for n, i in facts.items()})
    columns: dict[str, pa.Array] = {}
    for name in rows[0]:
        values = [row[name] for row in rows]
        info = facts.get(name)
        if info is None:
            columns[name] = pa.array(values)
        elif info.type == Type.STRSET:
            lists = [sorted(v) for v in values if isinstance(v, frozenset | set)]
            if len(lists) != len(values):
                raise CaseTableError(
                    "wrong-fact-type", name, f"fact {name!r} needs a set of strings per case"
                )
            columns[name] = pa.array(lists, _ARROW[Type.STRSET])
        else:
            columns[name] = pa.array(values, _ARROW[info.type])
    return pa.table(columns)
