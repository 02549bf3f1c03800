"""The whole pack on one page for a legal reviewer (`refuge policy review`): every rule,
outcome-table row and dated value with its legal basis, its other sources and whether it rests
on an assumption, with a last column in which the reviewer writes.

Notes survive regeneration: `read_notes` takes them from the previous file and `review` puts
each back on the row with the same key. A note whose row is gone is kept in a table of its own
at the end, never dropped."""

from __future__ import annotations

import re
from collections.abc import Container, Mapping
from datetime import date

from refuge.policy.pack import DatedValue, OutcomeRow, PolicyPack
from refuge.policy.review_table import (
    LEGAL_BASIS_KINDS,
    Citations,
    RuleStatement,
    ValueStatement,
    legal_basis,
    legal_review,
)
from refuge.rules.types import Value

__all__ = [
    "LEGAL_BASIS_KINDS",
    "Key",
    "Notes",
    "legal_basis",
    "read_notes",
    "review",
    "reviewed_country",
    "unmatched",
]

Key = tuple[str, str, str]  # (table, first key cell, second key cell or "")
Notes = dict[Key, str]
Row = tuple[Key, list[str]]  # the row's key and its cells, without the note

RULES, PARAMETERS, ASSUMPTIONS, SOURCES, ORPHANS = (
    "rules",
    "parameters",
    "assumptions",
    "sources",
    "orphans",
)
NOTE = "reviewer's note"
STATUS = "sourced or assumption"
# each table's header and how many of its first cells identify a row
HEADERS: dict[str, tuple[tuple[str, ...], int]] = {
    RULES: (
        (
            "rule or table",
            "when",
            "what it decides",
            "legal basis",
            "other sources",
            STATUS,
            "assumption note",
            NOTE,
        ),
        2,
    ),
    PARAMETERS: (
        (
            "parameter",
            "from",
            "to (last day)",
            "value",
            "meaning",
            "sources",
            STATUS,
            "assumption note",
            NOTE,
        ),
        2,
    ),
    ASSUMPTIONS: (
        ("assumption", "what is assumed", "cited by", "other rules it can change", NOTE),
        1,
    ),
    SOURCES: (
        ("source", "kind", "title", "date", "locator", "identifier", "what to know of it", NOTE),
        1,
    ),
    ORPHANS: (("table", "row", "when or from", NOTE), 3),
}
_TABLE_OF_HEADER = {header[0]: table for table, (header, _) in HEADERS.items()}
_UNESCAPED_BAR = re.compile(r"(?<!\\)\|")
_RULE_LINE = re.compile(r":?-+:?")


def review(pack: PolicyPack, notes: Mapping[Key, str] | None = None) -> str:
    """The review document in Markdown, with `notes` (from `read_notes`) in the last column."""
    notes = notes or {}
    tables = _tables(pack)
    title = f"{pack.country} — {pack.title}"
    lines = [f"# Legal review: {title}", "", *_header(pack, tables), ""]
    headings = {
        RULES: "Rules and outcome tables",
        PARAMETERS: "Parameter values",
        ASSUMPTIONS: "Assumptions",
        SOURCES: "Sources",
    }
    for table, heading in headings.items():
        lines += [f"## {heading}", "", *_table(table, tables[table], notes), ""]
    orphans = unmatched(pack, notes)
    if orphans:
        rows: list[Row] = [(key, list(key)) for key in orphans]
        lines += [
            "## Notes on rows no longer in the pack",
            "",
            "Their row was changed or removed. Move a note that still applies to its new row.",
            "",
            *_table(ORPHANS, rows, notes),
            "",
        ]
    return "\n".join(lines[:-1]) + "\n"


def reviewed_country(markdown: str) -> str | None:
    """The country of a review document made by `review`, or None if it is not one."""
    first = markdown.split("\n", 1)[0]
    found = re.fullmatch(r"# Legal review: ([A-Z]{2}) — .*", first.rstrip("\r"))
    return found.group(1) if found else None


def unmatched(pack: PolicyPack, notes: Mapping[Key, str]) -> list[Key]:
    """The keys of notes that belong to no row of the pack, in the order given."""
    keys = {key for rows in _tables(pack).values() for key, _ in rows}
    return [key for key, note in notes.items() if note and key not in keys]


def read_notes(markdown: str) -> Notes:
    """Every non-empty reviewer's note in a review document, by the key of its row."""
    notes: Notes = {}
    seen: set[Key] = set()  # every row's key, so that repeated keys count as in `review`
    table: str | None = None  # None between tables, "" in a table that is not ours
    width = 0
    for line in markdown.splitlines():
        if not line.lstrip().startswith("|"):
            table = None
            continue
        raw = _split(line)
        cells = [c.strip() for c in raw]
        if table is None:
            table, width = _TABLE_OF_HEADER.get(_plain(cells[0]).lower(), ""), len(cells)
            continue
        if not table or all(_RULE_LINE.fullmatch(c) for c in cells):
            continue
        # a bar the reviewer did not escape splits the note: put it back together
        note = "|".join(raw[width - 1 :]).strip() if len(cells) >= width else ""
        key_cells = [_plain(c) for c in cells[: HEADERS[table][1]]]
        key = _key(table, key_cells, seen)
        seen.add(key)
        if note:
            notes[key] = f"{notes[key]}; {note}" if notes.get(key) else note
    return notes


# -- rows ------------------------------------------------------------------------------------


def _tables(pack: PolicyPack) -> dict[str, list[Row]]:
    tables: dict[str, list[Row]] = {RULES: [], PARAMETERS: [], ASSUMPTIONS: [], SOURCES: []}
    seen: set[Key] = set()

    def add(table: str, cells: list[str]) -> None:
        key = _key(table, [_plain(c) for c in cells[: HEADERS[table][1]]], seen)
        seen.add(key)
        tables[table].append((key, cells))

    found = legal_review(pack)
    for statement in found.rules:
        rule, row, cited = statement.rule, statement.row, statement.cited
        if cited is None:
            what = f"Outcome table — {rule.description}. The first row whose `when` holds applies."
            add(RULES, [rule.id, "", what, "in its rows", "", "", ""])
        elif row is None:
            what = f"{rule.description}: `{_flat(rule.expression)}`"
            if rule.judgment:
                what += f" Caseworker's judgment: {rule.judgment}"
            add(RULES, [rule.id, "", what, *_cited(pack, cited)])
        else:
            what = f"{_value(row.value)}: {row.explain}"
            add(RULES, [rule.id, _when(row), what, *_cited(pack, cited)])
    for v in found.values:
        p = v.parameter
        until = v.value.valid_to.isoformat() if v.value.valid_to else "open-ended"
        value = _value(v.value.value) + (f" {p.unit}" if p.unit else "")
        value += f" ({v.value.note})" if v.value.note else ""
        sources = "; ".join(_ref(pack, c) for c in v.value.cite)
        cells = [p.name, v.value.valid_from.isoformat(), until, value, p.description, sources]
        add(PARAMETERS, cells + _cited(pack, v.cited)[2:])
    for use in found.assumptions:
        s = use.source
        others = [f"`{r}`" for r in use.also_changes]
        where = "; ".join(_where(c) for c in use.cited_by) or "nothing"
        add(ASSUMPTIONS, [s.id, f"{s.title}: {s.note}", where, "; ".join(others)])
    for s in found.documents:
        title = f"[{_bracketed(s.title)}]({s.url})" if s.url else s.title
        day = s.date.isoformat() if s.date else ""
        ref = f"`{s.ref}`" if s.ref else (f"none: {s.ref_unknown}" if s.ref_unknown else "")
        caveat = "" if s.kind == "assumption" else s.note or ""  # an assumption's is above
        add(SOURCES, [s.id, s.kind, title, day, s.locator or "", ref, caveat])
    return tables


def _when(row: OutcomeRow) -> str:
    return "otherwise" if row.when is None else f"`{_flat(row.when_text)}`"


def _where(statement: RuleStatement | ValueStatement) -> str:
    """Where an assumption is cited: `rule`, `table` when, or `parameter` and its days."""
    if isinstance(statement, ValueStatement):
        return f"`{statement.parameter.name}` {_days(statement.value)}"
    if statement.row is None:
        return f"`{statement.rule.id}`"
    return f"`{statement.rule.id}` {_when(statement.row)}"


def _cited(pack: PolicyPack, cited: Citations) -> list[str]:
    """The cells legal basis, other sources, sourced or assumption, and assumption note.

    A rule's dated legal basis (`basis:` parameters) is listed value by value with its days,
    so a reviewer sees which article applies when."""
    dated = [
        f"{b.value.value} ({_days(b.value)}): " + "; ".join(_ref(pack, c) for c in b.value.cite)
        for b in cited.dated_basis
    ]
    return [
        "; ".join([*dated, *(_ref(pack, s.id) for s in cited.legal_basis)]) or "none cited",
        "; ".join(_ref(pack, c) for c in cited.others),
        "assumption" if cited.assumed else "sourced",
        " ".join(f"`{a.id}`: {a.note}" for a in cited.distinct_assumptions),
    ]


def _days(v: DatedValue) -> str:
    return f"{v.valid_from} to {v.valid_to}" if v.valid_to else f"from {v.valid_from} on"


def _header(pack: PolicyPack, tables: Mapping[str, list[Row]]) -> list[str]:
    rules = sum(1 for r in pack.rules.values() if not r.rows)
    outcomes = [r for r in pack.rules.values() if r.rows]
    values = sum(len(p.values) for p in pack.parameters.values())
    # the status is the last cell but one of a rule or parameter row; legal basis the fourth
    assumed = sum(c[-2] == "assumption" for t in (RULES, PARAMETERS) for _, c in tables[t])
    no_basis = sum(c[3] == "none cited" for _, c in tables[RULES])
    command = f"refuge policy review {pack.country} --output docs/legal-review.md"
    return [
        f"- Pack `{pack.country}`, sha256 `{pack.sha256}`",
        f"- Policy from {pack.valid_from} onwards, in {len(pack.starts)} versions; "
        f"the latest starts on {pack.starts[-1]}.",
        f"- {rules} rules and {len(outcomes)} outcome tables with "
        f"{sum(len(r.rows) for r in outcomes)} rows; {len(pack.parameters)} parameters with "
        f"{values} dated values; {len(tables[SOURCES])} documents and "
        f"{len(tables[ASSUMPTIONS])} assumptions cited as sources.",
        f"- To review first: {assumed} rows rest on an assumption; {no_basis} rules or outcome "
        "rows cite no legal basis.",
        "",
        "## How to read this",
        "",
        "Each row is one statement of the pack: a rule, a row of an outcome table, or the value "
        "of a parameter for a stretch of days. *Legal basis* lists the cited sources of kind "
        "`law` or `court` (acts, articles, judgments); *other sources* are the letters, answers "
        "and country reports it also cites. A row is **sourced** when everything it cites is a "
        "document, and an **assumption** when it cites a source of kind `assumption`: there the "
        "sources are silent and the pack assumes what the note says. Read those first; the "
        "Assumptions table lists each one with everything that rests on it. Rules are listed in "
        "the order the engine evaluates them, each after the rules it reads. Write only in the "
        f"last column, *{NOTE}* (`\\|` for a vertical bar). After the pack changes, regenerate "
        f"this file with `{command}`: every other cell is rewritten from the pack and each note "
        "stays on the row with the same key (rule or table and `when`, parameter and first day, "
        "assumption or source id). A note whose row is gone is kept at the end.",
    ]


# -- Markdown --------------------------------------------------------------------------------


def _table(table: str, rows: list[Row], notes: Mapping[Key, str]) -> list[str]:
    header = HEADERS[table][0]
    lines = [_line(list(header)), _line(["---"] * len(header))]
    lines += [_line([*cells, notes.get(key, "")]) for key, cells in rows]
    return lines


def _line(cells: list[str]) -> str:
    return "| " + " | ".join(_flat(c).replace("|", "\\|") for c in cells) + " |"


def _split(line: str) -> list[str]:
    inner = line.strip()
    inner = inner[1:]
    if inner.endswith("|") and not inner.endswith("\\|"):
        inner = inner[:-1]
    return [c.replace("\\|", "|") for c in _UNESCAPED_BAR.split(inner)]


def _key(table: str, cells: list[str], seen: Container[Key]) -> Key:
    """The key of a row; a key seen before in this document gets `#2`, `#3`, ... added."""
    if table == ORPHANS:
        return (cells[0], cells[1], cells[2]) if len(cells) >= 3 else (cells[0], "", "")
    first, second = cells[0], cells[1] if len(cells) > 1 else ""
    key, n = (table, first, second), 1
    while key in seen:
        n += 1
        key = (table, first, f"{second}#{n}")
    return key


def _plain(cell: str) -> str:
    """A key cell without code marks or extra spaces, so a change of format keeps the key."""
    return _flat(cell.replace("`", ""))


def _flat(text: str) -> str:
    return " ".join(text.split())


def _bracketed(text: str) -> str:
    return text.replace("[", "\\[").replace("]", "\\]")


def _ref(pack: PolicyPack, cite: str) -> str:
    s = pack.sources.get(cite)
    return f"`{cite}` ({s.locator})" if s is not None and s.locator else f"`{cite}`"


def _value(value: Value) -> str:
    if isinstance(value, bool):
        return "`true`" if value else "`false`"
    if isinstance(value, frozenset):
        return f"`{{{', '.join(sorted(value))}}}`" if value else "`{}` (none)"
    if isinstance(value, date):
        return f"`{value.isoformat()}`"
    return f"`{value}`"
