"""Disclosure control of published counts: no small count, and none that can be worked back."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from refuge.casework.disclosure import THRESHOLD, disclose

counts = st.dictionaries(st.sampled_from(["a", "b", "c", "d", "e"]), st.integers(0, 40))


@given(counts)
def test_no_published_count_is_small(cells: dict[str, int]) -> None:
    shown = disclose(cells)
    assert all(n is None or n == 0 or n >= THRESHOLD for n in shown.values())
    assert {s for s, n in shown.items() if n is not None} <= set(cells)
    assert all(shown[s] in (None, cells[s]) for s in cells)


@given(counts)
def test_a_single_hidden_count_is_never_alone(cells: dict[str, int]) -> None:
    hidden = [s for s, n in disclose(cells).items() if n is None]
    nonzero_shown = [s for s, n in disclose(cells).items() if n]
    # one hidden cell among shown ones could be worked back from a known total
    assert len(hidden) != 1 or not nonzero_shown


def test_the_next_smallest_count_is_hidden_with_a_lone_small_one() -> None:
    assert disclose({"a": 3, "b": 12, "c": 40}) == {"a": None, "b": None, "c": 40}
