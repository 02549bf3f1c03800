"""Compile a policy pack into one SQL query over a table of cases (DuckDB or Spark SQL).

The query keeps the input columns and adds one column per rule, named by the rule id. Each
row resolves the policy version in force on its own `decision_date`: a first stage adds a
`_version` column, then rules are added in stages by dependency depth, so a rule reads the
columns of the rules it depends on by name instead of repeating their expressions.
Why SQL text and not Ibis: docs/decisions/0002-vector-evaluation-as-generated-sql.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from functools import lru_cache

from refuge.bulk.errors import CasesBeforePack, CaseTableError
from refuge.policy.pack import PolicyPack
from refuge.rules import ir
from refuge.rules.sql import DIALECTS, DialectName, literal, render
from refuge.rules.types import Type

VERSION = "_version"
DECISION_DATE = "decision_date"

# Column types each engine may hand us for a fact of each rule type.
_ACCEPTED: dict[DialectName, dict[Type, frozenset[str]]] = {
    "duckdb": {
        Type.BOOL: frozenset({"BOOLEAN"}),
        Type.INT: frozenset(
            {"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "UTINYINT", "USMALLINT", "UINTEGER"}
        ),
        Type.STR: frozenset({"VARCHAR"}),
        Type.DATE: frozenset({"DATE"}),
        Type.STRSET: frozenset({"VARCHAR[]"}),
    },
    "spark": {
        Type.BOOL: frozenset({"boolean"}),
        Type.INT: frozenset({"tinyint", "smallint", "int", "bigint"}),
        Type.STR: frozenset({"string"}),
        Type.DATE: frozenset({"date"}),
        Type.STRSET: frozenset({"array<string>"}),
    },
}
_WANTED: dict[DialectName, dict[Type, str]] = {
    "duckdb": {
        Type.BOOL: "BOOLEAN",
        Type.INT: "BIGINT",
        Type.STR: "VARCHAR",
        Type.DATE: "DATE",
        Type.STRSET: "VARCHAR[] (a list of strings)",
    },
    "spark": {
        Type.BOOL: "boolean",
        Type.INT: "bigint",
        Type.STR: "string",
        Type.DATE: "date",
        Type.STRSET: "array<string>",
    },
}


def compile_sql(pack: PolicyPack, source: str, dialect: DialectName = "duckdb") -> str:
    """A SELECT over `source` (a table or view name, used as written) that adds a column per
    rule. The rule SQL is built once per pack and dialect; this only puts `source` in."""
    ident = DIALECTS[dialect].ident
    stages = _stages(pack, dialect)
    # SQL built from text is the point here: names are quoted and literals escaped by `sql.py`.
    ctes = [f"{ident('_s0')} AS (SELECT *, {stages[0]} FROM {source})"]  # noqa: S608
    for i, select in enumerate(stages[1:], start=1):
        prev = ident(f"_s{i - 1}")
        ctes.append(f"{ident(f'_s{i}')} AS (SELECT *, {select} FROM {prev})")  # noqa: S608
    # The input columns, then the rules in pack order (not stage order); no `_version`.
    drop = "EXCLUDE" if dialect == "duckdb" else "EXCEPT"
    rules = [ident(rid) for rid in pack.rules]
    last = ident(f"_s{len(stages) - 1}")
    return (
        "WITH "
        + ",\n".join(ctes)
        + f"\nSELECT * {drop} ({', '.join([ident(VERSION), *rules])}), {', '.join(rules)} "
        + f"FROM {last}"
    )


def rule_levels(pack: PolicyPack) -> list[list[str]]:
    """Rule ids grouped by dependency depth (as the folded rules read one another): level 0
    reads facts only, level n reads a rule of level n - 1. Pack order is kept in a level."""
    level: dict[str, int] = {}
    for rule_id in pack.rules:
        reads: set[str] = set()
        for version in pack.versions:
            reads |= ir.names(version.folded[rule_id], "rule")
        level[rule_id] = 1 + max((level[r] for r in reads), default=-1)
    levels: list[list[str]] = [[] for _ in range(max(level.values(), default=-1) + 1)]
    for rule_id, n in level.items():
        levels[n].append(rule_id)
    return levels


def rule_sql(pack: PolicyPack, rule_id: str, dialect: DialectName) -> str:
    """SQL for one rule over all versions: versions whose folded rule is the same share one
    branch of a CASE on `_version`; when every version agrees there is no CASE at all."""
    groups: dict[ir.Expr, list[int]] = {}
    for version in pack.versions:
        groups.setdefault(version.folded[rule_id], []).append(version.index)
    if len(groups) == 1:
        return render(next(iter(groups)), dialect)
    # The largest group goes to ELSE: the shortest text.
    ordered = sorted(groups.items(), key=lambda g: (-len(g[1]), g[1][0]))
    (default, _), rest = ordered[0], ordered[1:]
    column = DIALECTS[dialect].ident(VERSION)
    branches = []
    for expr, indexes in sorted(rest, key=lambda g: g[1][0]):
        test = (
            f"{column} = {indexes[0]}"
            if len(indexes) == 1
            else f"{column} IN ({', '.join(map(str, indexes))})"
        )
        branches.append(f"WHEN {test} THEN {render(expr, dialect)}")
    return f"(CASE {' '.join(branches)} ELSE {render(default, dialect)} END)"


def version_sql(pack: PolicyPack, dialect: DialectName) -> str:
    """The index of the version in force on each row's decision date."""
    column = DIALECTS[dialect].ident(DECISION_DATE)
    whens = " ".join(
        f"WHEN {column} < {literal(start, Type.DATE, dialect)} THEN {i}"
        for i, start in enumerate(pack.starts[1:])
    )
    case = f"CASE {whens} ELSE {len(pack.starts) - 1} END" if whens else "0"
    return f"CAST({case} AS SMALLINT)"


@lru_cache(maxsize=32)
def _stages(pack: PolicyPack, dialect: DialectName) -> tuple[str, ...]:
    ident = DIALECTS[dialect].ident
    stages = [f"{version_sql(pack, dialect)} AS {ident(VERSION)}"]
    for level in rule_levels(pack):
        stages.append(", ".join(f"{rule_sql(pack, rid, dialect)} AS {ident(rid)}" for rid in level))
    return tuple(stages)


def required_facts(pack: PolicyPack) -> dict[str, Type]:
    """The fact columns the pack's rules read (and `decision_date`, which picks the version)."""
    found: dict[str, Type] = {DECISION_DATE: Type.DATE}
    for rule in pack.rules.values():
        stack = [rule.expr]
        while stack:
            node = stack.pop()
            if isinstance(node, ir.Name) and node.kind == "fact":
                found[node.name] = node.type
            stack.extend(ir.children(node))
    return found


def check_columns(pack: PolicyPack, columns: Mapping[str, str], dialect: DialectName) -> None:
    """Raise `CaseTableError` unless `columns` (name -> engine type name) hold every fact the
    rules read, each with a type the rules can read, and no column a rule would add."""
    for name, typ in required_facts(pack).items():
        got = columns.get(name)
        if got is None:
            raise CaseTableError(
                "missing-fact-column",
                name,
                f"the case table has no column {name!r}; the {pack.country} rules read it "
                f"as {typ}. Add it with type {_WANTED[dialect][typ]}.",
            )
        if got not in _ACCEPTED[dialect][typ]:
            raise CaseTableError(
                "wrong-fact-type",
                name,
                f"column {name!r} has type {got}, but the rules read it as {typ}; "
                f"give it type {_WANTED[dialect][typ]}.",
            )
    for name in [VERSION, *pack.rules]:
        if name in columns:
            raise CaseTableError(
                "column-clash",
                name,
                f"the case table already has a column {name!r}, which the evaluation adds; "
                "rename or drop that column.",
            )


def check_sql(pack: PolicyPack, source: str, dialect: DialectName) -> str:
    """One aggregate over `source`: rows, rows before the pack, the earliest decision date,
    and the non-null count of every fact column the rules read. See `check_rows`."""
    ident = DIALECTS[dialect].ident
    when = ident(DECISION_DATE)
    start = literal(pack.valid_from, Type.DATE, dialect)
    counts = ", ".join(f"count({ident(name)})" for name in required_facts(pack))
    return (
        f"SELECT count(*), count(*) FILTER (WHERE {when} < {start}), min({when}), {counts} "  # noqa: S608
        f"FROM {source}"
    )


def check_rows(pack: PolicyPack, row: tuple[object, ...]) -> None:
    """Raise if the result of `check_sql` shows nulls or cases before the pack starts."""
    total, before, earliest, *non_null = row
    for name, count in zip(required_facts(pack), non_null, strict=True):
        if count != total:
            assert isinstance(total, int) and isinstance(count, int)
            raise CaseTableError(
                "null-fact",
                name,
                f"column {name!r} is empty (null) in {total - count} case(s); the rules "
                "have no null. Fill in the fact or leave those cases out.",
            )
    if before:
        assert isinstance(before, int) and isinstance(earliest, date)
        raise CasesBeforePack(pack.country, before, earliest, pack.valid_from)
