"""Smoke test of the scenario benchmark (bench/scenario.py): every phase runs on 300 synthetic
persons and the table it prints is complete; nothing is timed, so the benchmark cannot rot."""

from __future__ import annotations

import io
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH))

import scenario  # noqa: E402


def test_the_scenario_benchmark_runs_every_phase() -> None:
    out = io.StringIO()
    best = scenario.run(persons=300, months=2, repeats=1, out=out)
    printed = out.getvalue()
    for phase in ("read", "evaluate", "disclose", "write", "**total**"):
        assert f"| {phase} |" in printed
        assert best[phase.strip("*")] > 0
    assert "226 members x 2 months" in printed  # round(75,330 x 300 / 100,000) holders
    assert "load average" in printed
