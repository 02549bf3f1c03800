"""Smoke test of the API load benchmark (bench/api_load.py): the CLI set-up, `refuge serve` in a
subprocess, seeding, the open and closed loops and the flow, for 2 s at 20 requests/s on
SQLite. Nothing is timed; it checks that the machinery still runs and cleans up its server."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH))

import api_load  # noqa: E402


def _group_alive(pgid: int) -> list[int]:
    alive = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            raw = stat.read_text()
        except OSError:
            continue
        fields = raw[raw.rindex(")") + 2 :].split()
        if int(fields[2]) == pgid and fields[0] != "Z":
            alive.append(int(stat.parent.name))
    return alive


def test_percentile_and_summary() -> None:
    assert api_load.percentile([], 99) == 0.0
    values = [float(v) for v in range(1, 101)]
    assert api_load.percentile(values, 50) == 50.0
    assert api_load.percentile(values, 99) == 99.0
    assert api_load.percentile(values, 100) == 100.0
    samples = [api_load.Sample(0.0, 0.0, 0.010), api_load.Sample(0.0, 0.001, 0.5, "409 conflict")]
    row = api_load.summarize(
        samples,
        backend="sqlite",
        workers=1,
        scenario="GET x",
        mode="open",
        seconds=1.0,
        target_rate=2.0,
    )
    assert (row.requests, row.errors, row.rate, row.p99_ms) == (2, 1, 1.0, 10.0)
    assert row.error_kinds == {"409 conflict": 1}
    assert not row.meets_goal()
    assert "1 (1 409 conflict)" in api_load.markdown([row])


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc for the CPU meter")
def test_short_run_on_sqlite_and_server_is_stopped() -> None:
    servers: list[api_load.Server] = []
    settings = api_load.Settings(
        rate=20,
        duration=2,
        closed_duration=1,
        concurrency=1,
        flow_concurrency=1,
        cases=12,
        walked=4,
        warmup=0,
        threads=4,
    )
    rows = api_load.run_backend("sqlite", [1], settings, on_server=servers.append)

    scenarios = {(r.scenario, r.mode.split()[0]) for r in rows}
    for name in ("GET /applications/{id}", "POST /applications/{id}/assessments"):
        assert (name, "open") in scenarios and (name, "closed") in scenarios
    assert ("flow (5-6 requests)", "closed") in scenarios
    for row in rows:
        if row.scenario.startswith(("GET", "POST", "flow (")):
            assert row.requests > row.errors, row  # something was answered as expected
        # no server faults, nothing left unanswered (409s under concurrency are reported)
        assert not any(k.startswith("5") or k == "unanswered" for k in row.error_kinds), row
    open_get = next(r for r in rows if r.scenario.startswith("GET") and r.target_rate)
    assert open_get.requests == 40
    assert open_get.server_cpu_ms is not None
    table = api_load.markdown(rows)
    assert table.count("\n") == len(rows) + 1

    (server,) = servers
    assert server.process.poll() is not None
    assert _group_alive(server.process.pid) == []
