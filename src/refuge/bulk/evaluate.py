"""Vector evaluator: a whole table of cases -> one column per rule.

DuckDB runs in-process by default (`evaluate_duckdb`); Spark runs the same compiled rules at
scale (`refuge.bulk.spark.evaluate_spark`). Both run the SQL of `compile.compile_sql`, in which
every row picks the policy version in force on its own `decision_date`.

A case table has one column per fact the rules read, typed as `facts_table` builds them:
bool -> BOOLEAN, int -> BIGINT (any signed integer), str -> VARCHAR, date -> DATE,
set[str] -> list of strings. Other columns (a case id, say) are kept as they are.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TypeAlias

import duckdb
import pyarrow as pa

from refuge.bulk.checks import check_now, guarded_source, is_stop, proven_by_statistics
from refuge.bulk.compile import check_columns, compile_sql, rule_values
from refuge.bulk.errors import CasesBeforePack, CaseTableError
from refuge.policy.pack import PolicyPack
from refuge.rules.check import NameInfo
from refuge.rules.sql import DIALECTS, literal
from refuge.rules.types import Type, Value

__all__ = [
    "CaseTableError",
    "CasesBeforePack",
    "compile_sql",
    "duckdb_relation",
    "evaluate_duckdb",
    "facts_table",
    "write_parquet",
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
    with _connection(con) as db:
        rel, proven = _cases(pack, data, db)
        result = rel.query("cases", compile_sql(pack, guarded_source(pack, '"cases"', proven)))
        assert result is not None
        try:
            return result.to_arrow_table()
        except duckdb.Error as error:
            _explain_stop(pack, rel, error)
            raise


def write_parquet(
    pack: PolicyPack,
    data: CaseData,
    path: str | Path,
    keep: Sequence[str] | None = None,
    con: duckdb.DuckDBPyConnection | None = None,
) -> None:
    """Evaluate every rule on every case of `data` (as `evaluate_duckdb`) and write the
    cases to a Parquet file at `path`: the input columns named in `keep` (all if None),
    then one column per rule, typed as `evaluate_duckdb` gives them.

    The checks run inside the evaluating query, with what the input's Parquet footer already
    proves left out, so the input is read once. A text rule whose values are all constants
    of the pack is written with those values as its dictionary (no string is hashed; it
    reads back as text). Nothing is left at `path` when a check fails."""
    target = Path(path)
    with _connection(con) as db:
        rel, proven = _cases(pack, data, db)
        ident = DIALECTS["duckdb"].ident
        columns = [ident(c) for c in (rel.columns if keep is None else keep)]
        for rule_id in pack.rules:
            values = rule_values(pack, rule_id)
            if values:
                kinds = ", ".join(literal(v, Type.STR, "duckdb") for v in sorted(values))
                columns.append(f"CAST({ident(rule_id)} AS ENUM({kinds})) AS {ident(rule_id)}")
            else:
                columns.append(ident(rule_id))
        query = compile_sql(pack, guarded_source(pack, '"cases"', proven))
        result = rel.query("cases", f"SELECT {', '.join(columns)} FROM ({query})")  # noqa: S608
        assert result is not None
        partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
        try:
            result.write_parquet(str(partial))
        except duckdb.Error as error:
            partial.unlink(missing_ok=True)
            _explain_stop(pack, rel, error)
            raise
        partial.replace(target)


def duckdb_relation(
    pack: PolicyPack, data: CaseData, con: duckdb.DuckDBPyConnection
) -> duckdb.DuckDBPyRelation:
    """Like `evaluate_duckdb`, but a lazy relation on `con` to filter or aggregate further
    before anything is fetched (the checks on the data run now)."""
    rel, proven = _cases(pack, data, con)
    check_now(pack, rel, proven)
    # `query` names the relation for one statement only: nothing is left on `con`.
    result = rel.query("cases", compile_sql(pack, '"cases"', "duckdb"))
    assert result is not None
    return result


def _cases(
    pack: PolicyPack, data: CaseData, con: duckdb.DuckDBPyConnection
) -> tuple[duckdb.DuckDBPyRelation, frozenset[str]]:
    """The case table as a relation, its columns checked, and the row checks its Parquet
    statistics answer (none for an Arrow table)."""
    if isinstance(data, pa.Table):
        rel, proven = con.from_arrow(data), frozenset[str]()
    else:
        rel, proven = con.read_parquet(str(data)), proven_by_statistics(pack, data, con)
    check_columns(pack, dict(zip(rel.columns, map(str, rel.types), strict=True)), "duckdb")
    return rel, proven


def _explain_stop(pack: PolicyPack, rel: duckdb.DuckDBPyRelation, error: duckdb.Error) -> None:
    """When the guard stopped the query, raise the error the checks give (named column,
    number of cases); any other error is left to the caller."""
    if is_stop(error):
        check_now(pack, rel, frozenset())


@contextmanager
def _connection(con: duckdb.DuckDBPyConnection | None) -> Iterator[duckdb.DuckDBPyConnection]:
    """`con`, or a fresh in-memory DuckDB closed afterwards."""
    if con is not None:
        yield con
        return
    own = duckdb.connect()
    try:
        yield own
    finally:
        own.close()


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
