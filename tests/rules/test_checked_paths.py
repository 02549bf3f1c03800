"""The three DuckDB paths of the bulk evaluator check rows in different places: the relation
before the query (one aggregate), `evaluate_duckdb` and `write_parquet` inside it (a guard),
each leaving out what a Parquet footer proves. On varied case tables they must give what the
scalar evaluator gives, and on a bad one refuse it with the same error."""

from __future__ import annotations

import tempfile
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from vector_cases import fact_rows, mismatches

from refuge.bulk.evaluate import (
    CasesBeforePack,
    CaseTableError,
    duckdb_relation,
    evaluate_duckdb,
    facts_table,
    write_parquet,
)
from refuge.policy import PolicyPack
from refuge.policy.facts import FACTS
from refuge.rules.types import Type, Value

SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
SETS = [name for name, info in FACTS.items() if info.type == Type.STRSET]


def with_ids(rows: list[dict[str, Value]]) -> pa.Table:
    return facts_table([{"case_id": i, **r} for i, r in enumerate(rows)], FACTS)


def repeat_members(table: pa.Table, rows: set[int]) -> pa.Table:
    """The same sets, written with every member twice in `rows` (a list may repeat one)."""
    for name in SETS:
        lists = table.column(name).to_pylist()
        doubled = [v + v if i in rows else v for i, v in enumerate(lists)]
        table = table.set_column(
            table.column_names.index(name), name, pa.array(doubled, pa.list_(pa.string()))
        )
    return table


def every_path(pack: PolicyPack, table: pa.Table, folder: Path) -> dict[str, list[dict[str, Any]]]:
    """Each path's result rows, in case_id order."""
    source = folder / "cases.parquet"
    pq.write_table(table, source)
    out = folder / "out.parquet"
    write_parquet(pack, source, out)
    con = duckdb.connect()
    found = {
        "arrow": evaluate_duckdb(pack, table).to_pylist(),
        "parquet": evaluate_duckdb(pack, source).to_pylist(),
        "relation": duckdb_relation(pack, source, con).to_arrow_table().to_pylist(),
        "write_parquet": pq.read_table(out).to_pylist(),
    }
    return {k: sorted(rows, key=lambda r: r["case_id"]) for k, rows in found.items()}


@SETTINGS
@given(data=st.data())
def test_every_path_agrees_with_scalar(sy_pack: PolicyPack, data: st.DataObject) -> None:
    rows = data.draw(fact_rows(sy_pack, max_size=40))
    repeated = data.draw(st.sets(st.integers(0, len(rows) - 1)))
    table = repeat_members(with_ids(rows), repeated)
    with tempfile.TemporaryDirectory() as folder:
        results = every_path(sy_pack, table, Path(folder))
    for path, got in results.items():
        found = mismatches(sy_pack, rows, got)
        assert not found, f"{path}: " + "\n".join(found[:3])


def test_write_parquet_keeps_the_columns_and_types_of_evaluate(
    sy_pack: PolicyPack, tmp_path: Path
) -> None:
    from vector_cases import sample_rows

    table = with_ids(sample_rows(sy_pack, 500, seed=8))
    write_parquet(sy_pack, table, tmp_path / "all.parquet")
    write_parquet(sy_pack, table, tmp_path / "ids.parquet", keep=["case_id"])
    want = evaluate_duckdb(sy_pack, table)
    con = duckdb.connect()
    described = con.execute(f"DESCRIBE SELECT * FROM '{tmp_path / 'all.parquet'}'").fetchall()
    assert [(c, t) for c, t, *_ in described] == [
        (c, t) for c, t, *_ in con.execute("DESCRIBE SELECT * FROM want").fetchall()
    ]
    assert pq.read_table(tmp_path / "all.parquet").to_pylist() == want.to_pylist()
    ids = pq.read_table(tmp_path / "ids.parquet")
    assert ids.column_names == ["case_id", *sy_pack.rules]
    assert ids.schema.field("recommendation").type == pa.string()


def defect(kind: str, table: pa.Table, at: int, starts: date) -> pa.Table:
    """`table` with one bad row: a null fact, a null member of a set, an early decision."""
    if kind == "before the pack":
        i = table.column_names.index("decision_date")
        days = table.column(i).to_pylist()
        days[at] = starts - timedelta(days=1)
        apps = table.column("application_date").to_pylist()
        apps[at] = min(apps[at], days[at])
        table = table.set_column(i, "decision_date", pa.array(days, pa.date32()))
        j = table.column_names.index("application_date")
        return table.set_column(j, "application_date", pa.array(apps, pa.date32()))
    name = kind.split(":")[1]
    i = table.column_names.index(name)
    values = table.column(i).to_pylist()
    values[at] = [*values[at], None] if kind.startswith("member") else None
    return table.set_column(i, name, pa.array(values, table.schema.field(name).type))


KINDS = [
    "before the pack",
    *(f"null:{name}" for name in FACTS if name != "nationality"),
    *(f"member:{name}" for name in SETS),
]


@SETTINGS
@given(data=st.data())
def test_every_path_refuses_a_bad_row_with_the_same_error(
    sy_pack: PolicyPack, data: st.DataObject
) -> None:
    rows = data.draw(fact_rows(sy_pack, max_size=20))
    kind = data.draw(st.sampled_from(KINDS))
    at = data.draw(st.integers(0, len(rows) - 1))
    table = defect(kind, with_ids(rows), at, sy_pack.valid_from)
    errors: dict[str, Exception] = {}
    with tempfile.TemporaryDirectory() as folder:
        source, out = Path(folder) / "cases.parquet", Path(folder) / "out.parquet"
        pq.write_table(table, source)
        attempts = {
            "arrow": lambda: evaluate_duckdb(sy_pack, table),
            "parquet": lambda: evaluate_duckdb(sy_pack, source),
            "relation": lambda: duckdb_relation(sy_pack, source, duckdb.connect()),
            "write_parquet": lambda: write_parquet(sy_pack, source, out),
        }
        for path, attempt in attempts.items():
            with pytest.raises((CaseTableError, CasesBeforePack)) as caught:
                attempt()
            errors[path] = caught.value
        assert sorted(p.name for p in Path(folder).iterdir()) == ["cases.parquet"]
    shown = {path: (type(e), str(e), getattr(e, "column", None)) for path, e in errors.items()}
    assert len(set(shown.values())) == 1, shown
    if kind != "before the pack":
        assert errors["arrow"].column == kind.split(":")[1]  # type: ignore[attr-defined]
