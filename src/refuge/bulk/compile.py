"""Compile a policy pack into one SQL query over a table of cases (DuckDB or Spark SQL).

The query keeps the input columns and adds one column per rule, named by the rule id. Each
row resolves the policy version in force on its own `decision_date`: a first stage adds a
`_version` column, then rules are added in stages by dependency depth, so a rule reads the
columns of the rules it depends on by name instead of repeating their expressions.
Why SQL text and not Ibis: docs/decisions/0002-vector-evaluation-as-generated-sql.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from refuge.bulk.errors import CasesBeforePack, CaseTableError
from refuge.policy.pack import PolicyPack
from refuge.rules import ir
from refuge.rules.sql import DIALECTS, DialectName, fact_tests, literal, render
from refuge.rules.types import Type

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
    plan = _plan(pack, dialect)
    stages = plan.stages
    if not stages:
        return f"SELECT * FROM {source}"  # noqa: S608
    # SQL built from text is the point here: names are quoted and literals escaped by `sql.py`.
    ctes = [f"{ident('_s0')} AS (SELECT *, {stages[0]} FROM {source})"]  # noqa: S608
    for i, select in enumerate(stages[1:], start=1):
        prev = ident(f"_s{i - 1}")
        ctes.append(f"{ident(f'_s{i}')} AS (SELECT *, {select} FROM {prev})")  # noqa: S608
    # The input columns, then the rules in pack order (not stage order); no hidden column.
    drop = "EXCLUDE" if dialect == "duckdb" else "EXCEPT"
    rules = [ident(rid) for rid in pack.rules]
    last = ident(f"_s{len(stages) - 1}")
    hidden = [ident(name) for name in plan.hidden]
    return (
        "WITH "
        + ",\n".join(ctes)
        + f"\nSELECT * {drop} ({', '.join([*hidden, *rules])}), {', '.join(rules)} "
        + f"FROM {last}"
    )


def hidden_columns(pack: PolicyPack) -> tuple[str, ...]:
    """The columns the compiled query adds for its own use and drops again: the periods of
    `decision_date` and the tests of facts against constants (the same names in every
    dialect)."""
    return _plan(pack, "duckdb").hidden


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
    """SQL for one rule over all versions, as the compiled query computes it (reading the
    hidden period and fact-test columns of the first stage)."""
    return _plan(pack, dialect).rules[rule_id]


def version_groups(pack: PolicyPack, rule_id: str) -> dict[ir.Expr, frozenset[int]]:
    """The folded forms of one rule, each with the indexes of the versions that fold it so."""
    groups: dict[ir.Expr, set[int]] = {}
    for version in pack.versions:
        groups.setdefault(version.folded[rule_id], set()).add(version.index)
    return {expr: frozenset(indexes) for expr, indexes in groups.items()}


def period_sql(pack: PolicyPack, versions: frozenset[int], dialect: DialectName) -> str:
    """True on the rows whose decision date falls in one of `versions`: one date range per
    run of consecutive versions (no row is before the pack: the checks refuse it)."""
    column = DIALECTS[dialect].ident(DECISION_DATE)
    last = len(pack.starts) - 1
    ranges = []
    for first, end in _runs(sorted(versions)):
        test = []
        if first > 0:
            test.append(f"{column} >= {literal(pack.starts[first], Type.DATE, dialect)}")
        if end < last:
            test.append(f"{column} < {literal(pack.starts[end + 1], Type.DATE, dialect)}")
        ranges.append("(" + " AND ".join(test) + ")" if test else "TRUE")
    return "(" + " OR ".join(ranges) + ")" if len(ranges) > 1 else ranges[0]


def _runs(indexes: list[int]) -> list[tuple[int, int]]:
    """Consecutive runs of sorted integers as (first, last) pairs."""
    runs: list[tuple[int, int]] = []
    for i in indexes:
        if runs and runs[-1][1] == i - 1:
            runs[-1] = (runs[-1][0], i)
        else:
            runs.append((i, i))
    return runs


@dataclass(frozen=True)
class _Plan:
    stages: tuple[str, ...]  # the SELECT list of each stage; the first reads the source
    hidden: tuple[str, ...]  # the columns of the first stage other than rules
    rules: dict[str, str]  # rule id -> its SQL


@lru_cache(maxsize=32)
def _plan(pack: PolicyPack, dialect: DialectName) -> _Plan:
    """The stages of the compiled query. The first computes, once per row, every test of a
    fact against constants (`fact_tests`) and every period of decision dates a rule differs by; each
    later stage adds the rules of one dependency level, reading those columns by name."""
    ident = DIALECTS[dialect].ident
    tests: dict[ir.Expr, str] = {}
    for version in pack.versions:
        for expr in version.folded.values():
            for test in fact_tests(expr):
                tests.setdefault(test, f"_t{len(tests)}")
    periods = _Periods()
    rules = {
        rule_id: _rule_sql(
            pack.rules[rule_id].type, version_groups(pack, rule_id), periods, tests, dialect
        )
        for rule_id in pack.rules
    }
    first = [f"{period_sql(pack, v, dialect)} AS {ident(n)}" for v, n in periods.names.items()]
    first += [f"{render(test, dialect)} AS {ident(name)}" for test, name in tests.items()]
    stages = [", ".join(first)] if first else []
    for level in rule_levels(pack):
        stages.append(", ".join(f"{rules[rid]} AS {ident(rid)}" for rid in level))
    return _Plan(tuple(stages), (*periods.names.values(), *tests.values()), rules)


class _Periods:
    """The hidden column of each set of versions a rule tests, named in order of need."""

    def __init__(self) -> None:
        self.names: dict[frozenset[int], str] = {}

    def __call__(self, versions: frozenset[int]) -> str:
        return self.names.setdefault(versions, f"_p{len(self.names)}")


def _rule_sql(
    typ: Type,
    groups: Mapping[ir.Expr, frozenset[int]],
    period: _Periods,
    tests: Mapping[ir.Expr, str],
    dialect: DialectName,
) -> str:
    """One rule over all versions. A yes/no rule is an OR of (period AND its form), leaving
    out the periods where it folds to false; any other rule a CASE on the periods, the
    largest group of versions in ELSE."""
    ident = DIALECTS[dialect].ident
    if len(groups) == 1:
        return render(next(iter(groups)), dialect, tests)
    if typ == Type.BOOL:
        terms = []
        for expr, versions in sorted(groups.items(), key=lambda g: min(g[1])):
            if expr == ir.Const(True, Type.BOOL):
                terms.append(ident(period(versions)))
            elif expr != ir.Const(False, Type.BOOL):
                terms.append(f"({ident(period(versions))} AND {render(expr, dialect, tests)})")
        if not terms:
            return "FALSE"
        return terms[0] if len(terms) == 1 else "(" + " OR ".join(terms) + ")"
    ordered = sorted(groups.items(), key=lambda g: (-len(g[1]), min(g[1])))
    (default, _), rest = ordered[0], ordered[1:]
    branches = [
        f"WHEN {ident(period(versions))} THEN {render(expr, dialect, tests)}"
        for expr, versions in sorted(rest, key=lambda g: min(g[1]))
    ]
    return f"(CASE {' '.join(branches)} ELSE {render(default, dialect, tests)} END)"


def rule_values(pack: PolicyPack, rule_id: str) -> frozenset[str] | None:
    """Every value a text rule can take, when each is a constant of the pack (as for an
    outcome table); None when some value is read from a fact or computed."""

    def values(expr: ir.Expr) -> frozenset[str] | None:
        match expr:
            case ir.Const(value=str() as v):
                return frozenset({v})
            case ir.IfElse(then=t, orelse=e):
                a, b = values(t), values(e)
                return None if a is None or b is None else a | b
        return None

    found: frozenset[str] = frozenset()
    for version in pack.versions:
        these = values(version.folded[rule_id])
        if these is None:
            return None
        found |= these
    return found


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
    for name in [*hidden_columns(pack), *pack.rules]:
        if name in columns:
            raise CaseTableError(
                "column-clash",
                name,
                f"the case table already has a column {name!r}, which the evaluation adds; "
                "rename or drop that column.",
            )


def check_sql(pack: PolicyPack, source: str, dialect: DialectName) -> str:
    """One aggregate over `source`: rows, rows before the pack, the earliest decision date,
    the non-null count of every fact column the rules read, and for each set-valued one
    the rows with a null member. See `check_rows`."""
    ident = DIALECTS[dialect].ident
    when = ident(DECISION_DATE)
    start = literal(pack.valid_from, Type.DATE, dialect)
    facts = required_facts(pack)
    counts = [f"count({ident(name)})" for name in facts]
    counts += [
        f"count(*) FILTER (WHERE {null_member_sql(ident(name), dialect)})"
        for name, typ in facts.items()
        if typ == Type.STRSET
    ]
    return (
        f"SELECT count(*), count(*) FILTER (WHERE {when} < {start}), min({when}), "  # noqa: S608
        f"{', '.join(counts)} FROM {source}"
    )


def null_member_sql(column: str, dialect: DialectName) -> str:
    """True where the list in `column` holds a null member."""
    if dialect == "duckdb":
        return f"list_position({column}, NULL) IS NOT NULL"
    return f"exists({column}, x -> x IS NULL)"


def check_rows(pack: PolicyPack, row: tuple[object, ...]) -> None:
    """Raise if the result of `check_sql` shows nulls or cases before the pack starts."""
    facts = required_facts(pack)
    total, before, earliest, *counts = row
    non_null, null_members = counts[: len(facts)], counts[len(facts) :]
    for name, count in zip(facts, non_null, strict=True):
        if count != total:
            assert isinstance(total, int) and isinstance(count, int)
            raise CaseTableError(
                "null-fact",
                name,
                f"column {name!r} is empty (null) in {total - count} case(s); the rules "
                "have no null. Fill in the fact or leave those cases out.",
            )
    sets = [name for name, typ in facts.items() if typ == Type.STRSET]
    for name, count in zip(sets, null_members, strict=True):
        if count:
            raise CaseTableError(
                "null-fact",
                name,
                f"column {name!r} holds an empty (null) member in {count} case(s); a set of "
                "the rules has none. Drop the null members.",
            )
    if before:
        assert isinstance(before, int) and isinstance(earliest, date)
        raise CasesBeforePack(pack.country, before, earliest, pack.valid_from)
