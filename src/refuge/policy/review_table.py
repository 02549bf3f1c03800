"""The legal review of a pack as data: every rule, outcome-table row and dated value with its
legal basis, its other sources and the assumptions it rests on, and each assumption with what
rests on it. `refuge.policy.review` writes it as Markdown (`refuge policy review`), the web app
as a page; both read the same statements, so they never disagree."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from refuge.policy.pack import (
    DatedValue,
    OutcomeRow,
    Parameter,
    PolicyPack,
    PolicyVersion,
    Rule,
    Source,
)

# What counts as a legal basis: an act, regulation or article (`law`) or a judgment (`court`).
LEGAL_BASIS_KINDS = frozenset({"law", "court"})


def legal_basis(pack: PolicyPack, cites: Iterable[str]) -> tuple[Source, ...]:
    """The cited sources that are a legal basis, in the order cited."""
    found = (pack.sources.get(c) for c in cites)
    return tuple(s for s in found if s is not None and s.kind in LEGAL_BASIS_KINDS)


def assumptions_in(pack: PolicyPack, cites: Iterable[str]) -> list[Source]:
    """The cited sources of kind `assumption`, in the order cited (repeats kept)."""
    found = (pack.sources.get(c) for c in cites)
    return [s for s in found if s is not None and s.kind == "assumption"]


def with_basis(pack: PolicyPack, cites: tuple[str, ...], basis: tuple[str, ...]) -> list[str]:
    """A rule's own citations and those of every dated value of its legal basis."""
    return [*cites, *(c for n in basis for v in pack.parameters[n].values for c in v.cite)]


@dataclass(frozen=True, slots=True)
class DatedBasis:
    """One dated value of a rule's legal basis (a `basis:` parameter), e.g. art. 43 Vw 2000
    from 2011-07-06 to 2026-06-11."""

    parameter: str
    value: DatedValue


@dataclass(frozen=True, slots=True)
class Citations:
    """What one statement cites, sorted for a reviewer."""

    dated_basis: tuple[DatedBasis, ...]  # its `basis:` parameters, value by value
    legal_basis: tuple[Source, ...]  # the law and court sources it cites itself
    others: tuple[str, ...]  # everything else it cites (letters, reports, assumptions)
    assumptions: tuple[Source, ...]  # what it rests on, its basis values' included (repeats kept)

    @property
    def assumed(self) -> bool:
        return bool(self.assumptions)

    @property
    def has_legal_basis(self) -> bool:
        return bool(self.dated_basis or self.legal_basis)

    @property
    def distinct_assumptions(self) -> tuple[Source, ...]:
        return tuple({s.id: s for s in self.assumptions}.values())


def citations(pack: PolicyPack, cites: tuple[str, ...], basis: tuple[str, ...] = ()) -> Citations:
    found = legal_basis(pack, cites)
    ids = {s.id for s in found}
    return Citations(
        tuple(DatedBasis(n, v) for n in basis for v in pack.parameters[n].values),
        found,
        tuple(c for c in cites if c not in ids),
        tuple(assumptions_in(pack, with_basis(pack, cites, basis))),
    )


@dataclass(frozen=True, slots=True)
class RuleStatement:
    """A rule; or an outcome table's heading (`row` None, `cited` None: its rows cite); or
    one row of an outcome table."""

    rule: Rule
    row: OutcomeRow | None
    cited: Citations | None

    @property
    def is_table(self) -> bool:
        return bool(self.rule.rows) and self.row is None


@dataclass(frozen=True, slots=True)
class ValueStatement:
    """The value of a parameter for a stretch of days."""

    parameter: Parameter
    value: DatedValue
    cited: Citations


@dataclass(frozen=True, slots=True)
class AssumptionUse:
    """An assumption with the statements that cite it (in review order, a statement once for
    each time it cites it) and the other rules that can change with it (through what they
    read)."""

    source: Source
    cited_by: tuple[RuleStatement | ValueStatement, ...]
    also_changes: tuple[str, ...]

    @property
    def distinct_cited_by(self) -> tuple[RuleStatement | ValueStatement, ...]:
        seen: list[RuleStatement | ValueStatement] = []
        for statement in self.cited_by:
            if not any(statement is s for s in seen):
                seen.append(statement)
        return tuple(seen)


@dataclass(frozen=True)
class LegalReview:
    pack: PolicyPack
    rules: tuple[RuleStatement, ...]  # in evaluation order
    values: tuple[ValueStatement, ...]
    assumptions: tuple[AssumptionUse, ...]
    documents: tuple[Source, ...]  # the sources that are not assumptions

    @property
    def assumed(self) -> int:
        """Rules, outcome rows and dated values that rest on an assumption."""
        rules = sum(1 for s in self.rules if s.cited is not None and s.cited.assumed)
        return rules + sum(1 for v in self.values if v.cited.assumed)

    @property
    def without_legal_basis(self) -> int:
        """Rules and outcome rows that cite no legal basis."""
        return sum(1 for s in self.rules if s.cited is not None and not s.cited.has_legal_basis)


def legal_review(pack: PolicyPack) -> LegalReview:
    rules: list[RuleStatement] = []
    cited_by: dict[str, list[RuleStatement | ValueStatement]] = {}
    cited_by_rule: dict[str, set[str]] = {}  # assumption id -> rules and tables citing it
    for rule in pack.rules.values():
        if not rule.rows:
            rules.append(RuleStatement(rule, None, citations(pack, rule.cite, rule.basis)))
        else:
            rules.append(RuleStatement(rule, None, None))
            rules += [RuleStatement(rule, r, citations(pack, r.cite, r.basis)) for r in rule.rows]
    for statement in rules:
        if statement.cited is not None:
            for a in statement.cited.assumptions:
                cited_by.setdefault(a.id, []).append(statement)
                cited_by_rule.setdefault(a.id, set()).add(statement.rule.id)
    values: list[ValueStatement] = []
    for p in pack.parameters.values():
        for v in p.values:
            value = ValueStatement(p, v, citations(pack, v.cite))
            values.append(value)
            for a in value.cited.assumptions:
                cited_by.setdefault(a.id, []).append(value)
    rests_on = _rests_on(pack)
    uses = tuple(
        AssumptionUse(
            s,
            tuple(cited_by.get(s.id, [])),
            tuple(
                r
                for r, on in rests_on.items()
                if s.id in on and r not in cited_by_rule.get(s.id, set())
            ),
        )
        for s in pack.sources.values()
        if s.kind == "assumption"
    )
    documents = tuple(s for s in pack.sources.values() if s.kind != "assumption")
    return LegalReview(pack, tuple(rules), tuple(values), uses, documents)


def _rests_on(pack: PolicyPack) -> dict[str, set[str]]:
    """For each rule, the assumptions it rests on directly or through what it reads."""
    by_param = {
        name: {a.id for v in p.values for a in assumptions_in(pack, v.cite)}
        for name, p in pack.parameters.items()
    }
    rests: dict[str, set[str]] = {}
    for rid, rule in pack.rules.items():  # evaluation order: what a rule reads comes first
        cites = [
            *with_basis(pack, rule.cite, rule.basis),
            *(c for row in rule.rows for c in with_basis(pack, row.cite, row.basis)),
        ]
        rests[rid] = {a.id for a in assumptions_in(pack, cites)}
        rests[rid] |= set().union(*(by_param.get(n, set()) for n in rule.reads_params))
        rests[rid] |= set().union(*(rests.get(r, set()) for r in rule.reads_rules))
    return rests


def citations_on(
    version: PolicyVersion, cites: tuple[str, ...], basis: tuple[str, ...] = ()
) -> Citations:
    """What a rule or outcome row cites in one policy version: its legal basis as that version
    has it (one value per `basis:` parameter) and the assumptions of those values."""
    pack = version.pack
    found = legal_basis(pack, cites)
    ids = {s.id for s in found}
    dated = tuple(DatedBasis(n, version.params[n]) for n in basis)
    return Citations(
        dated,
        found,
        tuple(c for c in cites if c not in ids),
        tuple(assumptions_in(pack, [*cites, *(c for b in dated for c in b.value.cite)])),
    )
