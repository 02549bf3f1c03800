"""Example cases bundled with Refuge, used by `refuge demo`."""

from __future__ import annotations

from pathlib import Path


def example_cases() -> list[Path]:
    """The bundled example case files, in name order."""
    return sorted(Path(__file__).parent.glob("*.json"))
