"""A test pack for SY with decision moratoria of the test's choosing (the real Syria pack has
none after 2025). Built on `facts_pack`: the same rules, plus the `decision_moratorium`
parameter that `casework.moratoria.decision_moratoria` reads. Not policy."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

from facts_pack import SOURCE, write_facts_pack
from refuge.casework import moratoria
from refuge.policy import country as packs

PACK_STARTS = date(2011, 1, 1)  # the facts pack's valid_from


def _values(spans: list[tuple[date, date | None]]) -> list[dict[str, Any]]:
    """Dated values covering the pack from its first day: true in each span, false between."""
    values: list[dict[str, Any]] = []
    day = PACK_STARTS
    for start, end in sorted(spans, key=lambda s: s[0]):
        if start > day:
            values.append({"valid_from": day, "valid_to": start - timedelta(days=1)})
            values[-1].update(value=False, cite=SOURCE)
        value: dict[str, Any] = {"valid_from": start, "value": True, "cite": SOURCE}
        if end is None:
            values.append(value)
            return values
        values.append({**value, "valid_to": end})
        day = end + timedelta(days=1)
    values.append({"valid_from": day, "value": False, "cite": SOURCE})
    return values


def write_moratorium_pack(directory: Path, spans: list[tuple[date, date | None]]) -> Path:
    """Write `directory/SY.yaml` with a decision moratorium in each (first, last) span (last
    None: no end set yet); point REFUGE_POLICY_DIR at `directory` to use it."""
    path = write_facts_pack(directory)
    pack = yaml.safe_load(path.read_text(encoding="utf-8"))
    pack["parameters"][moratoria.PARAMETER] = {
        "description": "a decision moratorium is in force (test)",
        "type": "bool",
        "values": _values(spans),
    }
    path.write_text(yaml.safe_dump(pack, sort_keys=False), encoding="utf-8")
    forget_packs()
    return path


def forget_packs() -> None:
    """Drop every pack (and moratorium list, should it be cached) read so far, so the next
    read sees the pack now in REFUGE_POLICY_DIR."""
    packs._load_cached.cache_clear()
    cached = getattr(moratoria.decision_moratoria, "cache_clear", None)
    if cached is not None:
        cached()
