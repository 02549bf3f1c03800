"""Text and JSON for `refuge policy show` and `refuge policy diff`."""

from __future__ import annotations

from typing import Any

from refuge.cli.render import shown
from refuge.policy.diff import PolicyDiff
from refuge.policy.pack import DatedValue, PolicyVersion
from refuge.rules.types import Value
from refuge.rules.unparse import unparse


def _value(value: Value) -> Any:
    if isinstance(value, frozenset):
        return sorted(value)
    return value.isoformat() if hasattr(value, "isoformat") else value


def _cites(version: PolicyVersion, cites: tuple[str, ...]) -> str:
    return "; ".join(_cite(version, c) for c in cites)


def _cite(version: PolicyVersion, cite: str) -> str:
    """`seed-q2 (Antwoord op vraag 2, passage /api/v1/coi/...)`: the source, where in it, and
    the report library passage it cites."""
    source = version.pack.sources.get(cite)
    if source is None:
        return cite
    where = [w for w in (source.locator, source.passage and f"passage {source.passage}") if w]
    return f"{cite} ({', '.join(where)})" if where else cite


def _span(d: DatedValue) -> str:
    return f"{d.valid_from} to {d.valid_to}" if d.valid_to else f"{d.valid_from} onwards"


def _header(version: PolicyVersion) -> str:
    pack = version.pack
    until = f"to {version.valid_to}" if version.valid_to else "onwards"
    return (
        f"{pack.country} — {pack.title}\n"
        f"Version {version.label}, in force {version.valid_from} {until}\n"
        f"pack {pack.path}, sha256 {pack.sha256}"
    )


def show_text(version: PolicyVersion) -> str:
    pack = version.pack
    lines = [_header(version), "", "Parameters:"]
    for name, p in pack.parameters.items():
        d = version.params[name]
        unit = f" {p.unit}" if p.unit else ""
        lines.append(f"  {name} = {shown(_value(d.value))}{unit}   ({_span(d)})")
        lines.append(f"      {p.description}. Sources: {_cites(version, d.cite)}")
    lines += ["", "Rules (with this version's parameters put in):"]
    for rid, rule in pack.rules.items():
        lines.append(f"  {rid}: {rule.description}")
        if rule.rows:
            for row in rule.rows:
                lines.append(
                    f"      {row.when_text} -> {row.value}   [{_cites(version, row.cite)}]"
                )
        else:
            lines.append(f"      = {rule.expression.strip()}")
            lines.append(
                f"      here: {unparse(version.folded[rid])}   [{_cites(version, rule.cite)}]"
            )
    return "\n".join(lines)


def show_json(version: PolicyVersion) -> dict[str, Any]:
    pack = version.pack
    return {
        "country": pack.country,
        "version": version.label,
        "valid_from": version.valid_from.isoformat(),
        "valid_to": version.valid_to.isoformat() if version.valid_to else None,
        "pack_sha256": pack.sha256,
        "parameters": {
            name: {
                "value": _value(d.value),
                "valid_from": d.valid_from.isoformat(),
                "valid_to": d.valid_to.isoformat() if d.valid_to else None,
                "cite": list(d.cite),
            }
            for name, d in version.params.items()
        },
        "rules": {
            rid: {
                "expression": rule.expression.strip(),
                "in_this_version": unparse(version.folded[rid]),
                "cite": list(rule.cite or {c for r in rule.rows for c in r.cite}),
            }
            for rid, rule in pack.rules.items()
        },
        "passages": {
            sid: {"coi": source.coi.text, "passage": source.passage}
            for sid, source in pack.sources.items()
            if source.coi
        },
    }


def diff_text(d: PolicyDiff) -> str:
    lines = [
        f"{d.pack.country}: changes from {d.start.label} to {d.end.label}",
        f"pack sha256 {d.pack.sha256}",
        "",
    ]
    if not d.parameters and not d.rules:
        return "\n".join([*lines, "Nothing changed: both dates fall in the same policy."])
    lines.append(f"Parameters ({len(d.parameters)} changed):")
    for p in d.parameters:
        lines.append(
            f"  {p.name}: {shown(_value(p.before.value))} -> {shown(_value(p.after.value))}"
        )
        lines.append(f"      before ({_span(p.before)}): {_cites(d.start, p.before.cite)}")
        lines.append(f"      after  ({_span(p.after)}): {_cites(d.end, p.after.cite)}")
    lines += ["", f"Rules ({len(d.rules)} changed):"]
    for r in d.rules:
        why = f" (because {', '.join(r.because_of)} changed)" if r.because_of else ""
        lines.append(f"  {r.id}{why}: {r.description}")
        lines.append(f"      before: {r.before}")
        lines.append(f"      after:  {r.after}")
        lines.append(f"      sources: {_cites(d.end, r.cite)}")
    return "\n".join(lines)


def diff_json(d: PolicyDiff) -> dict[str, Any]:
    def dated(v: DatedValue) -> dict[str, Any]:
        return {
            "value": _value(v.value),
            "valid_from": v.valid_from.isoformat(),
            "valid_to": v.valid_to.isoformat() if v.valid_to else None,
            "cite": list(v.cite),
        }

    return {
        "country": d.pack.country,
        "from": d.start.label,
        "to": d.end.label,
        "pack_sha256": d.pack.sha256,
        "parameters": [
            {"name": p.name, "before": dated(p.before), "after": dated(p.after)}
            for p in d.parameters
        ],
        "rules": [
            {
                "id": r.id,
                "before": r.before,
                "after": r.after,
                "cite": list(r.cite),
                "because_of": list(r.because_of),
            }
            for r in d.rules
        ],
    }
