"""Load a policy pack from YAML: every problem found is reported with file:line:column and
how to fix it, never as a Python traceback."""

from __future__ import annotations

import ast
import difflib
import hashlib
import re
from collections.abc import Mapping
from datetime import date, timedelta
from pathlib import Path as FsPath
from typing import Any

from pydantic import ValidationError

from refuge.policy import coi_citation, identifiers
from refuge.policy.errors import PackError, PackProblem
from refuge.policy.pack import DatedValue, OutcomeRow, Parameter, PolicyPack, Rule, Source
from refuge.policy.schema import IDENT, PackSpec, ParameterSpec, RuleSpec, SourceSpec
from refuge.policy.yaml_source import Document, Path, YamlProblem, load_yaml
from refuge.quote import quote
from refuge.rules import ir
from refuge.rules.check import NameInfo, check, referenced_names
from refuge.rules.errors import RuleError
from refuge.rules.graph import RuleCycle, evaluation_order
from refuge.rules.parse import parse
from refuge.rules.types import Type, Value, written_as

_TYPES = {t.value: t for t in Type}
PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)\}")
REGION_CODE = re.compile(r"^[A-Z]{2}-[A-Z0-9]{1,3}$")


def load_pack(
    path: str | FsPath,
    facts: Mapping[str, NameInfo],
    required: Mapping[str, Type] | None = None,
) -> PolicyPack:
    """Load and check the pack at `path`. Raises `PackError` listing every problem.

    `facts` names the case facts rules may read; `required` names rules or outcome tables
    (and their types) that the caller needs the pack to define.
    """
    file = str(path)
    try:
        raw = FsPath(path).read_bytes()
        text = raw.decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PackError(
            [PackProblem(file, 1, 1, "unreadable-file", f"cannot read: {exc}")]
        ) from None
    try:
        doc = load_yaml(text)
    except YamlProblem as exc:
        raise PackError(
            [PackProblem(file, exc.mark.line, exc.mark.column, exc.code, exc.message)]
        ) from None
    try:
        spec = PackSpec.model_validate(doc.data)
    except ValidationError as exc:
        raise PackError(_schema_problems(file, doc, exc)) from None
    return _Builder(file, doc, spec, facts, hashlib.sha256(raw).hexdigest()).build(required)


def _schema_problems(file: str, doc: Document, exc: ValidationError) -> list[PackProblem]:
    problems = []
    union_seen: set[Path] = set()
    for err in exc.errors():
        loc: Path = tuple(p for p in err["loc"] if isinstance(p, str | int))
        kind = err["type"]
        # `value: bool | int | str` fails once per member: report it once
        if loc[-2:-1] == ("value",) and loc[-1] in _UNION_MEMBERS:
            loc = loc[:-1]
            if loc in union_seen:
                continue
            union_seen.add(loc)
            err["msg"] = "Input should be true or false, an integer or a string"
        mark = doc.mark(loc)
        where = ".".join(str(p) for p in loc) or "the file"
        if kind == "model_type" and not loc:
            msg = (
                "a pack is a YAML mapping with country, title, valid_from, sources, parameters, "
                f"rules and outcomes; this file holds {quote(err.get('input'))}"
            )
        elif kind == "missing":
            msg = f"{where}: missing field {loc[-1]!r}; add it"
        elif kind == "extra_forbidden":
            msg = f"{where}: unknown field {loc[-1]!r}; remove it or fix its spelling"
        elif kind == "literal_error":
            msg = f"{where}: {err['msg'].lower()}, got {quote(err.get('input'))}"
        elif kind in _OWN_CODES:
            msg = f"{where}: {err['msg']}"
        elif kind.startswith(("date", "datetime")):
            got = quote(err.get("input"))
            msg = f"{where}: {err['msg']} (got {got}); write a date as YYYY-MM-DD"
        else:
            msg = f"{where}: {err['msg']} (got {quote(err.get('input'))})"
        code = {"missing": "missing-field", "extra_forbidden": "unknown-field"}.get(
            kind, kind if kind in _OWN_CODES else "bad-value"
        )
        problems.append(PackProblem(file, mark.line, mark.column, code, msg))
    return problems


_UNION_MEMBERS = {"bool", "int", "str"}
_OWN_CODES = {"assumption-without-note", "no-citation"}  # raised by `schema` validators


class _Builder:
    def __init__(
        self, file: str, doc: Document, spec: PackSpec, facts: Mapping[str, NameInfo], sha: str
    ) -> None:
        self.file, self.doc, self.spec, self.facts, self.sha = file, doc, spec, facts, sha
        self.problems: list[PackProblem] = []

    def problem(self, path: Path, code: str, message: str) -> None:
        mark = self.doc.mark(path)
        self.problems.append(PackProblem(self.file, mark.line, mark.column, code, message))

    def build(self, required: Mapping[str, Type] | None) -> PolicyPack:
        sources = self._sources()
        params = self._parameters()
        rules = self._rules(params)
        if required and not self.problems:
            self._required(rules, required)
        if self.problems:
            raise PackError(self.problems)
        return PolicyPack(
            country=self.spec.country,
            title=self.spec.title,
            valid_from=self.spec.valid_from,
            sources=sources,
            parameters=params,
            rules=rules,
            sha256=self.sha,
            path=self.file,
            regions=self._regions(),
        )

    # -- sources and citations ---------------------------------------------------------

    def _sources(self) -> dict[str, Source]:
        out: dict[str, Source] = {}
        for i, s in enumerate(self.spec.sources):
            if s.id in out:
                self.problem(
                    ("sources", i, "id"), "duplicate-source", f"source id {s.id!r} is used twice"
                )
            ref = self._ref(("sources", i), s)
            coi = self._coi(("sources", i), s)
            out[s.id] = Source(
                s.id, s.title, s.kind, s.date, s.locator, s.url, s.note, ref, s.ref_unknown, coi
            )
        self._source_ids = set(out)
        return out

    def _ref(self, path: Path, s: SourceSpec) -> str | None:
        """The source's ref if it is well formed and fits the source's kind, else None (and
        a problem). Reference: docs/policy-packs.md, "Source identifiers"."""
        if s.kind == "assumption":
            for name in ("ref", "ref_unknown", "coi"):
                if getattr(s, name) is not None:
                    self.problem(
                        (*path, name),
                        "assumption-with-ref",
                        f"source {s.id!r} is an assumption, which cites no document, so it has "
                        f"no {name!r}: remove it, or give the source the kind of its document",
                    )
            return None
        if s.ref is not None and s.ref_unknown is not None:
            self.problem(
                (*path, "ref_unknown"),
                "ref-and-ref-unknown",
                f"source {s.id!r} has both 'ref' and 'ref_unknown': keep 'ref' if it is right, "
                "else remove it",
            )
        if s.ref is None:
            if (
                identifiers.REQUIRE_REFS
                and s.ref_unknown is None
                and s.kind in identifiers.KIND_SCHEMES
            ):
                self.problem(
                    (*path, "kind"),
                    "source-without-ref",
                    f"source {s.id!r} is of kind {s.kind!r} and has no 'ref': add its "
                    "identifier (see docs/policy-packs.md), or say in 'ref_unknown' why it "
                    "is not known",
                )
            return None
        try:
            ref = identifiers.parse(s.ref)
        except identifiers.BadRef as exc:
            self.problem((*path, "ref"), "bad-source-ref", f"source {s.id!r}: {exc.message}")
            return None
        mismatch = identifiers.kind_mismatch(s.kind, ref)
        if mismatch:
            self.problem((*path, "ref"), "source-ref-kind-mismatch", f"source {s.id!r}: {mismatch}")
            return None
        return ref.text

    def _coi(self, path: Path, s: SourceSpec) -> coi_citation.CoiCitation | None:
        """The report library passage the source cites, if it is written as one; whether
        the library holds it is checked by `refuge coi check-citations`."""
        if s.coi is None or s.kind == "assumption":
            return None
        try:
            return coi_citation.parse(s.coi)
        except coi_citation.BadCoiCitation as exc:
            self.problem((*path, "coi"), exc.code, f"source {s.id!r}: {exc.message}")
            return None

    def _cites(self, path: Path, cites: list[str]) -> tuple[str, ...]:
        for i, c in enumerate(cites):
            if c not in self._source_ids:
                close = difflib.get_close_matches(c, list(self._source_ids), n=1)
                hint = f"; did you mean {close[0]!r}?" if close else "; add it under 'sources'"
                self.problem(
                    (*path, "cite", i), "unknown-source", f"cites unknown source {c!r}{hint}"
                )
        return tuple(cites)

    # -- parameters ------------------------------------------------------------------

    def _parameters(self) -> dict[str, Parameter]:
        out: dict[str, Parameter] = {}
        for name, p in self.spec.parameters.items():
            path: Path = ("parameters", name)
            if not _is_ident(name):
                self.problem(path, "bad-name", f"parameter name {name!r}: use lower_snake_case")
            elif name in self.facts:
                self.problem(
                    path, "name-clash", f"parameter {name!r} has the name of a case fact; rename it"
                )
            out[name] = Parameter(
                name, p.description, _TYPES[p.type], p.unit, self._values(path, p)
            )
        return out

    def _values(self, path: Path, p: ParameterSpec) -> tuple[DatedValue, ...]:
        typ = _TYPES[p.type]
        values: list[DatedValue] = []
        for i, v in enumerate(p.values):
            vpath: Path = (*path, "values", i)
            value = self._typed(vpath, typ, v.value)
            values.append(
                DatedValue(value, v.valid_from, v.valid_to, self._cites(vpath, v.cite), v.note)
            )
            if v.valid_to is not None and v.valid_to < v.valid_from:
                self.problem(
                    (*vpath, "valid_to"),
                    "empty-range",
                    f"valid_to {v.valid_to} is before valid_from {v.valid_from}",
                )
        self._check_ranges(path, values)
        # an entry without valid_to ends the day before the next one starts
        return tuple(
            DatedValue(
                v.value,
                v.valid_from,
                v.valid_to
                if v.valid_to is not None or i + 1 == len(values)
                else values[i + 1].valid_from - timedelta(days=1),
                v.cite,
                v.note,
            )
            for i, v in enumerate(values)
        )

    def _check_ranges(self, path: Path, values: list[DatedValue]) -> None:
        start = self.spec.valid_from
        if values[0].valid_from != start:
            self.problem(
                (*path, "values", 0, "valid_from"),
                "gap",
                f"first value starts on {values[0].valid_from}, but the pack starts on "
                f"{start}: every parameter needs a value from the pack's valid_from on",
            )
        for i in range(1, len(values)):
            prev, cur = values[i - 1], values[i]
            at: Path = (*path, "values", i, "valid_from")
            if cur.valid_from <= prev.valid_from:
                self.problem(
                    at,
                    "out-of-order",
                    f"valid_from {cur.valid_from} is not after the previous entry's "
                    f"{prev.valid_from}: list values in date order",
                )
            elif prev.valid_to is not None and prev.valid_to >= cur.valid_from:
                self.problem(
                    at,
                    "overlap",
                    f"starts {cur.valid_from} but the previous value runs to "
                    f"{prev.valid_to}: end the previous one on "
                    f"{cur.valid_from - timedelta(days=1)}",
                )
            elif prev.valid_to is not None and prev.valid_to + timedelta(days=1) < cur.valid_from:
                self.problem(
                    at,
                    "gap",
                    f"no value from {prev.valid_to + timedelta(days=1)} to "
                    f"{cur.valid_from - timedelta(days=1)}: start this one on "
                    f"{prev.valid_to + timedelta(days=1)} or add a value for the gap",
                )
        last = values[-1]
        if last.valid_to is not None:
            self.problem(
                (*path, "values", len(values) - 1, "valid_to"),
                "gap",
                f"the last value ends on {last.valid_to} and nothing follows: remove "
                "valid_to or add a value from the next day on",
            )

    def _typed(self, path: Path, typ: Type, value: Any) -> Value:
        ok = written_as(typ, value)
        if ok and typ == Type.STRSET:
            if len(set(value)) != len(value):
                self.problem((*path, "value"), "type-mismatch", "a set lists a value twice")
            return frozenset(value)
        if not ok:
            self.problem(
                (*path, "value"),
                "type-mismatch",
                f"value {value!r} is not a {typ}"
                + (" (write a list of strings)" if typ == Type.STRSET else ""),
            )
            return _ZERO[typ]
        assert isinstance(value, bool | int | str | date)
        return value

    # -- rules and outcome tables ----------------------------------------------------

    def _rules(self, params: dict[str, Parameter]) -> dict[str, Rule]:
        exprs: dict[str, tuple[Path, str]] = {}  # every expression to check, by a key
        owners: dict[str, Path] = {}
        for i, r in enumerate(self.spec.rules):
            self._cites(("rules", i), r.cite)
            if self._name_free(("rules", i, "id"), r.id, owners, params):
                exprs[r.id] = (("rules", i, "expression"), r.expression)
        for i, o in enumerate(self.spec.outcomes):
            if not self._name_free(("outcomes", i, "id"), o.id, owners, params):
                continue
            for j, row in enumerate(o.rows):
                exprs[f"{o.id}#{j}"] = (("outcomes", i, "rows", j, "when"), row.when)
                self._cites(("outcomes", i, "rows", j), row.cite)
            self._cites(("outcomes", i, "otherwise"), o.otherwise.cite)

        trees: dict[str, ast.expr] = {}
        for key, (path, text) in exprs.items():
            try:
                trees[key] = parse(text)
            except RuleError as exc:
                self._rule_problem(path, exc)
        deps: dict[str, frozenset[str]] = {rid: frozenset() for rid in owners}
        for key, tree in trees.items():
            owner = key.split("#")[0]
            deps[owner] = deps[owner] | frozenset(n for n in referenced_names(tree) if n in owners)
        try:
            order = evaluation_order(deps)
        except RuleCycle as cyc:
            self.problem(
                owners[cyc.path[0]],
                "rule-cycle",
                f"rules read one another in a circle: {' -> '.join(cyc.path)}; break the circle",
            )
            return {}

        env: dict[str, NameInfo] = dict(self.facts)
        for name, p in params.items():
            known = frozenset().union(
                *(v.value for v in p.values if isinstance(v.value, frozenset))
            )
            known |= {v.value for v in p.values if isinstance(v.value, str)}
            env[name] = NameInfo(
                "param", p.type, known=known if p.type in (Type.STR, Type.STRSET) else None
            )
        specs: dict[str, RuleSpec] = {}
        for r in self.spec.rules:
            specs.setdefault(r.id, r)  # the first of a duplicated id is the one registered
        outcomes = {o.id: (i, o) for i, o in reversed(list(enumerate(self.spec.outcomes)))}
        built: dict[str, Rule] = {}
        failed: set[str] = set()
        for rid in order:
            if deps[rid] & failed:  # its own problem is reported where it stands
                failed.add(rid)
                continue
            rule = (
                self._rule(specs[rid], trees, env)
                if rid in specs
                else self._outcome(*outcomes[rid], trees, env)
            )
            if rule is None:
                failed.add(rid)
                continue
            built[rid] = rule
            # an outcome table's string values are a closed set: a typo in a rule that reads
            # the table is caught like a typo in a case fact's value
            outcome_values = frozenset(r.value for r in rule.rows if isinstance(r.value, str))
            env[rid] = NameInfo(
                "rule", rule.type, domain=outcome_values or None, known=outcome_values or None
            )
        return built

    def _name_free(
        self, path: Path, rid: str, owners: dict[str, Path], params: Mapping[str, Any]
    ) -> bool:
        """Register a rule or outcome id; False (and a problem) if the name is taken. A taken
        name is not registered, so rules reading it see the first owner, not a second error."""
        if rid in owners:
            self.problem(path, "duplicate-rule", f"{rid!r} is defined twice; rename one")
            return False
        if rid in self.facts or rid in params:
            what = "case fact" if rid in self.facts else "parameter"
            self.problem(path, "name-clash", f"{rid!r} is already a {what}; rename the rule")
            return False
        owners[rid] = path
        return True

    def _typecheck(
        self, key: str, trees: dict[str, ast.expr], env: dict[str, NameInfo], path: Path
    ) -> ir.Expr | None:
        tree = trees.get(key)
        if tree is None:
            return None
        try:
            return check(tree, env)
        except RuleError as exc:
            self._rule_problem(path, exc)
            return None

    def _rule(self, spec: Any, trees: dict[str, ast.expr], env: dict[str, NameInfo]) -> Rule | None:
        i = self.spec.rules.index(spec)
        expr = self._typecheck(spec.id, trees, env, ("rules", i, "expression"))
        if expr is None:
            return None
        for key in ("if_true", "if_false", "explain"):
            self._placeholders(("rules", i, key), getattr(spec, key), env)
        self._basis(("rules", i, "basis"), spec.basis, env)
        if spec.judgment_when is not None and expr.type != Type.BOOL:
            self.problem(
                ("rules", i, "judgment_when"),
                "type-mismatch",
                f"'judgment_when' needs a rule that is true or false, but this one is {expr.type}",
            )
        return Rule(
            spec.id,
            spec.description,
            expr,
            spec.expression,
            tuple(spec.cite),
            spec.if_true,
            spec.if_false,
            spec.explain,
            judgment=spec.judgment,
            judgment_when=spec.judgment_when,
            basis=tuple(spec.basis),
        )

    def _outcome(
        self, i: int, spec: Any, trees: dict[str, ast.expr], env: dict[str, NameInfo]
    ) -> Rule | None:
        rows: list[OutcomeRow] = []
        result_type = _const_type(spec.otherwise.value)
        for j, row in enumerate(spec.rows):
            path: Path = ("outcomes", i, "rows", j)
            when = self._typecheck(f"{spec.id}#{j}", trees, env, (*path, "when"))
            if when is not None and when.type != Type.BOOL:
                self.problem(
                    (*path, "when"),
                    "type-mismatch",
                    f"'when' must be true or false, but is {when.type}",
                )
            if _const_type(row.value) != result_type:
                self.problem(
                    (*path, "value"),
                    "type-mismatch",
                    f"value {row.value!r} is not a {result_type} like the 'otherwise' value",
                )
            if when is None:
                return None
            rows.append(
                OutcomeRow(
                    when,
                    row.when,
                    row.value,
                    tuple(row.cite),
                    row.explain,
                    tuple(row.basis),
                    why_not=row.why_not,
                )
            )
            self._placeholders((*path, "explain"), row.explain, env)
            self._basis((*path, "basis"), row.basis, env)
        o = spec.otherwise
        self._placeholders(("outcomes", i, "otherwise", "explain"), o.explain, env)
        self._basis(("outcomes", i, "otherwise", "basis"), o.basis, env)
        rows.append(
            OutcomeRow(None, "otherwise", o.value, tuple(o.cite), o.explain, tuple(o.basis))
        )
        chain: ir.Expr = ir.Const(o.value, result_type)
        for r in reversed(rows[:-1]):
            assert r.when is not None
            chain = ir.IfElse(r.when, ir.Const(r.value, result_type), chain, result_type)
        return Rule(spec.id, spec.description, chain, "outcome table", (), rows=tuple(rows))

    def _placeholders(self, path: Path, text: str | None, env: Mapping[str, NameInfo]) -> None:
        """An explanation may show a fact, parameter or rule value as {name}, and a rule's own
        value as {value}; any other name in braces is a typo."""
        for name in PLACEHOLDER.findall(text or ""):
            if name != "value" and name not in env:
                close = difflib.get_close_matches(name, [*env, "value"], n=1)
                hint = f"; did you mean {{{close[0]}}}?" if close else ""
                self.problem(
                    path,
                    "unknown-placeholder",
                    f"{{{name}}} names no case fact, parameter or rule{hint}",
                )

    def _basis(self, path: Path, names: list[str], env: Mapping[str, NameInfo]) -> None:
        """A legal basis names parameters of type str: the law in force is a dated value."""
        for j, name in enumerate(names):
            info = env.get(name)
            if info is None or info.kind != "param" or info.type != Type.STR:
                close = difflib.get_close_matches(
                    name, [n for n, i in env.items() if i.kind == "param"], n=1
                )
                hint = f"; did you mean {close[0]!r}?" if close else ""
                self.problem(
                    (*path, j),
                    "bad-basis",
                    f"basis {name!r} is not a parameter of type str holding a legal basis{hint}",
                )

    def _regions(self) -> dict[str, str]:
        """The pack's region names; every region code a parameter mentions must be one."""
        regions = dict(self.spec.regions)
        prefix = self.spec.country + "-"
        for code in regions:
            if not REGION_CODE.match(code) or not code.startswith(prefix):
                self.problem(
                    ("regions", code),
                    "bad-region",
                    f"region {code!r} is not an ISO 3166-2 code of {self.spec.country} "
                    f"(like {prefix}DI)",
                )
        if not regions:
            return regions
        for name, p in self.spec.parameters.items():
            for i, v in enumerate(p.values):
                items = v.value if isinstance(v.value, list) else [v.value]
                for item in items:
                    if isinstance(item, str) and item.startswith(prefix) and item not in regions:
                        self.problem(
                            ("parameters", name, "values", i, "value"),
                            "unknown-region",
                            f"{item!r} is not a region listed under 'regions'",
                        )
        return regions

    def _rule_problem(self, path: Path, exc: RuleError) -> None:
        line, column = self.doc.locate(path, exc.line, exc.column)
        where = ".".join(str(p) for p in path[:-1])
        self.problems.append(
            PackProblem(self.file, line, column, exc.code, f"{where}: {exc.message}")
        )

    def _required(self, rules: dict[str, Rule], required: Mapping[str, Type]) -> None:
        for rid, typ in required.items():
            rule = rules.get(rid)
            if rule is None:
                self.problem(
                    ("rules",),
                    "missing-rule",
                    f"the pack must define a rule or outcome table {rid!r} ({typ})",
                )
            elif rule.type != typ:
                self.problem(
                    ("rules",), "type-mismatch", f"{rid!r} must be a {typ}, but is {rule.type}"
                )


_ZERO: dict[Type, Value] = {
    Type.BOOL: False,
    Type.INT: 0,
    Type.STR: "",
    Type.DATE: date(1970, 1, 1),
    Type.STRSET: frozenset(),
}


def _const_type(value: bool | int | str) -> Type:
    return (
        Type.BOOL if isinstance(value, bool) else Type.INT if isinstance(value, int) else Type.STR
    )


def _is_ident(name: str) -> bool:
    import re

    return re.fullmatch(IDENT, name) is not None
