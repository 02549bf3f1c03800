"""The workload a scenario brings (issue 8, section 3): cases x hours per case / capacity ->
weeks, as a timeline that starts with every case and ends with none; hidden counts stay out."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from refuge.analytics.workload import (
    DEFAULT_HOURS,
    Workload,
    WorkloadError,
    read_workload,
    timeline,
)

OUTCOMES = [*sorted(DEFAULT_HOURS), "permit: ground_persists"]


@given(
    counts=st.dictionaries(st.sampled_from(OUTCOMES), st.one_of(st.none(), st.integers(0, 50_000))),
    fte=st.floats(0.5, 500),
    hours=st.floats(1, 40),
)
def test_the_timeline_starts_with_every_case_and_ends_when_the_hours_run_out(
    counts: dict[str, int | None], fte: float, hours: float
) -> None:
    workload = Workload(fte=fte, hours_per_fte_week=hours)
    work = timeline(counts, workload)
    shown = {o: n for o, n in counts.items() if n and workload.hours.get(o, 0) > 0}
    assert work.cases == shown  # hidden (None) counts and outcomes without work stay out
    assert work.total_hours == pytest.approx(sum(n * workload.hours[o] for o, n in shown.items()))
    if not shown:
        assert work.weeks == 0
        return
    assert (work.weeks - 1) * workload.weekly_hours < work.total_hours
    assert work.total_hours <= work.weeks * workload.weekly_hours + 1e-6
    lefts = [left for _, left in work.remaining]
    assert lefts[0] == sum(shown.values()) and lefts[-1] == 0
    assert lefts == sorted(lefts, reverse=True)
    assert len(work.remaining) <= 14


def test_a_scenario_file_sets_its_own_workload(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(
        "name: x\ncountry: SY\nchanges: []\nworkload:\n  fte: 10\n"
        "  hours:\n    'permit: ground_lapsed': 2\n"
    )
    workload = read_workload(path)
    assert workload.fte == 10 and workload.hours_per_fte_week == 32
    assert workload.hours["permit: ground_lapsed"] == 2
    assert (
        workload.hours["permit: examination_needed"] == DEFAULT_HOURS["permit: examination_needed"]
    )
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\nworkload:\n  fte: -3\n")
    with pytest.raises(WorkloadError, match=r"workload\.fte"):
        read_workload(bad)
