"""SQL rendering of each node kind and function, run on DuckDB and held to the Python meaning."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import duckdb
import pytest

from refuge.bulk.evaluate import facts_table
from refuge.policy.facts import FACTS
from refuge.rules import ir
from refuge.rules.check import check
from refuge.rules.parse import parse
from refuge.rules.scalar import compile_expr
from refuge.rules.sql import literal, render
from refuge.rules.types import Type, Value

BASE: dict[str, Value] = {
    "nationality": "SY",
    "region": "SY-DI",
    "application_date": date(2020, 2, 29),
    "decision_date": date(2024, 2, 28),
    "grounds": frozenset({"religion", "ethnicity"}),
    "credibility": "credible",
    "risk_profiles": frozenset(),
    "individual_risk_indicators": 3,
    "exclusion_grounds": frozenset({"article_1F"}),
    "has_permit": True,
    "permit_ground": "refugee",
    "legal_residence": False,
    "minor": False,
}
ROWS: list[dict[str, Value]] = [
    BASE,
    {
        **BASE,
        "nationality": "O'Reilly\\x",
        "decision_date": date(2024, 2, 29),
        "grounds": frozenset(),
        "risk_profiles": frozenset({"kurd", "lgbtiq"}),
        "individual_risk_indicators": 0,
        "exclusion_grounds": frozenset(),
        "has_permit": False,
        "permit_ground": "none",
        "legal_residence": True,
    },
    {  # the decision before the application: negative differences
        **BASE,
        "application_date": date(2021, 6, 1),
        "decision_date": date(2019, 7, 1),
        "credibility": "not_credible",
        "individual_risk_indicators": 1000,
        "minor": True,
    },
    {**BASE, "application_date": date(2023, 12, 31), "decision_date": date(2024, 1, 1)},
]


@pytest.fixture(scope="module")
def con() -> Iterator[duckdb.DuckDBPyConnection]:
    connection = duckdb.connect()
    connection.register("cases", facts_table(ROWS, FACTS))
    yield connection
    connection.close()


def engine_values(con: duckdb.DuckDBPyConnection, expr: ir.Expr) -> list[Any]:
    sql = render(expr, "duckdb")
    return [row[0] for row in con.sql(f"SELECT {sql} FROM cases").fetchall()]


def python_values(expr: ir.Expr) -> list[Value]:
    fn = compile_expr(expr)
    return [fn(row) for row in ROWS]


def agrees(con: duckdb.DuckDBPyConnection, expr: ir.Expr) -> None:
    got = [frozenset(v) if isinstance(v, list) else v for v in engine_values(con, expr)]
    assert got == python_values(expr), render(expr, "duckdb")


EXPRESSIONS = [
    # names of every fact type
    "nationality",
    "application_date",
    "grounds",
    "individual_risk_indicators",
    "has_permit",
    # Not, BoolOp
    "not has_permit",
    "has_permit and not minor and legal_residence",
    "minor or legal_residence or has_permit",
    # Compare on every ordered and unordered type
    "individual_risk_indicators >= 3",
    "individual_risk_indicators < 3",
    "individual_risk_indicators != 3",
    "decision_date <= date(2024, 2, 28)",
    "decision_date > application_date",
    "nationality == 'O\\'Reilly\\\\x'",
    "nationality != 'SY'",
    "has_permit == legal_residence",
    # Member: constant set, column, negated
    "credibility in {'credible', 'partly_credible'}",
    "credibility not in {'credible'}",
    "'religion' in grounds",
    "'religion' not in grounds",
    "permit_ground in {'refugee'}",
    # Arith, Neg
    "individual_risk_indicators * 3 - 7",
    "individual_risk_indicators + -individual_risk_indicators",
    "-(-individual_risk_indicators)",
    "individual_risk_indicators * 9000000000",
    # IfElse of every type
    "1 if minor else 2",
    "'a' if minor else nationality",
    "decision_date if minor else application_date",
    "grounds if minor else {'economic'}",
    "True if minor else has_permit",
    "(1 if minor else 2) if has_permit else 3",
    # functions
    "days_between(application_date, decision_date)",
    "years_between(application_date, decision_date)",
    "years_between(decision_date, application_date)",
    "years_between(date(2020, 2, 29), decision_date)",
    "size(grounds) + size(risk_profiles)",
    "overlaps(grounds, {'religion', 'economic'})",
    "overlaps(grounds, risk_profiles)",
    "overlaps({'kurd'}, risk_profiles)",
    "min(individual_risk_indicators, 2)",
    "max(individual_risk_indicators, 2) * -1",
]


@pytest.mark.parametrize("text", EXPRESSIONS)
def test_sql_computes_what_python_computes(con: duckdb.DuckDBPyConnection, text: str) -> None:
    agrees(con, check(parse(text), FACTS))


@pytest.mark.parametrize(
    ("value", "typ"),
    [
        (True, Type.BOOL),
        (False, Type.BOOL),
        (0, Type.INT),
        (-42, Type.INT),
        (2**63 - 1, Type.INT),
        (-(2**63), Type.INT),
        ("", Type.STR),
        ("it's a \\ 'quote'\n é ✓", Type.STR),
        (date(1, 1, 1), Type.DATE),
        (date(2024, 2, 29), Type.DATE),
        (frozenset(), Type.STRSET),
        (frozenset({"b", "a'"}), Type.STRSET),
    ],
)
def test_literal_round_trips(con: duckdb.DuckDBPyConnection, value: Value, typ: Type) -> None:
    (got,) = con.sql(f"SELECT {literal(value, typ, 'duckdb')}").fetchall()[0]
    assert (frozenset(got) if typ == Type.STRSET else got) == value
    assert type(frozenset(got) if typ == Type.STRSET else got) is type(value)


def test_integer_outside_bigint_is_refused() -> None:
    with pytest.raises(ValueError, match="64-bit"):
        literal(2**63, Type.INT, "duckdb")


def test_membership_in_an_empty_set_is_false(con: duckdb.DuckDBPyConnection) -> None:
    item = ir.Name("nationality", "fact", Type.STR)
    empty = ir.Const(frozenset(), Type.STRSET)
    agrees(con, ir.Member(item, empty, negated=False))
    agrees(con, ir.Member(item, empty, negated=True))
    agrees(con, ir.Call("overlaps", (ir.Name("grounds", "fact", Type.STRSET), empty), Type.BOOL))


def test_size_counts_a_repeated_list_member_once(con: duckdb.DuckDBPyConnection) -> None:
    sql = render(check(parse("size(grounds)"), FACTS), "duckdb")
    assert con.sql(f"SELECT {sql} FROM (SELECT ['a', 'a', 'b'] AS grounds)").fetchall() == [(2,)]


def test_an_unfolded_parameter_is_refused() -> None:
    with pytest.raises(ValueError, match="not folded"):
        render(ir.Name("moratorium", "param", Type.BOOL), "duckdb")


def test_spark_spelling() -> None:
    text = "'religion' in grounds and days_between(application_date, decision_date) > 1"
    expr = check(parse(text), FACTS)
    sql = render(expr, "spark")
    assert "array_contains(`grounds`, 'religion')" in sql
    assert "datediff(`decision_date`, `application_date`)" in sql
    assert literal("it's \\", Type.STR, "spark") == "'it\\'s \\\\'"
    assert literal(-3, Type.INT, "spark") == "(-3L)"
