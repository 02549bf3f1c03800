"""The scalar and vector evaluators are one language: on random cases, with decision dates
spread over every policy version, DuckDB must give what the scalar evaluator gives for every
rule, intermediate rules included, on every row."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from vector_cases import fact_rows, mismatches, sample_rows

from refuge.bulk.evaluate import evaluate_duckdb, facts_table
from refuge.policy import PolicyPack
from refuge.policy.facts import FACTS
from refuge.rules.types import Value

SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def agree(pack: PolicyPack, rows: list[dict[str, Value]]) -> None:
    out = evaluate_duckdb(pack, facts_table(rows, FACTS)).to_pylist()
    found = mismatches(pack, rows, out)
    assert not found, "\n".join(found[:5])


@SETTINGS
@given(data=st.data())
def test_duckdb_agrees_with_scalar_on_the_test_pack(
    vt_pack: PolicyPack, data: st.DataObject
) -> None:
    agree(vt_pack, data.draw(fact_rows(vt_pack)))


@SETTINGS
@given(data=st.data())
def test_duckdb_agrees_with_scalar_on_the_syria_pack(
    sy_pack: PolicyPack, data: st.DataObject
) -> None:
    agree(sy_pack, data.draw(fact_rows(sy_pack)))


def test_every_version_of_each_pack_is_reached(vt_pack: PolicyPack, sy_pack: PolicyPack) -> None:
    """The sample the Spark test uses covers each version, and DuckDB agrees on it too."""
    for pack in (vt_pack, sy_pack):
        rows = sample_rows(pack, 3000, seed=2025)
        seen = {pack.version_index(r["decision_date"]) for r in rows}  # type: ignore[arg-type]
        assert seen == set(range(len(pack.starts)))
        agree(pack, rows)
