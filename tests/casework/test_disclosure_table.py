"""Disclosure control of a table with margins (issue 8, section 5): no count from 1 to 9 is
shown, and no hidden count can be worked back from what is shown — checked by a criterion
independent of the implementation: a hidden count of a table whose every line has a known
total is fixed exactly when its cell is a bridge in the graph of hidden cells (rows and
columns as nodes)."""

from __future__ import annotations

from collections import defaultdict

from hypothesis import given, settings
from hypothesis import strategies as st

from refuge.casework.disclosure_table import TOTAL, Cell, disclose_table

ROWS = ["2025-01", "2025-02", "2025-03", "2025-04"]
COLUMNS = ["SY-DI", "SY-HL", "SY-HM", "SY-DR"]


@st.composite
def tables(draw: st.DrawFn) -> dict[Cell, int]:
    rows = ROWS[: draw(st.integers(1, 4))]
    columns = COLUMNS[: draw(st.integers(1, 4))]
    small_or_large = st.one_of(st.integers(0, 12), st.integers(10, 400))
    return {(r, c): draw(small_or_large) for r in rows for c in columns}


def _is_bridge(cell: Cell, hidden: set[Cell]) -> bool:
    """Removing this hidden cell's edge disconnects its row from its column."""
    graph: dict[str, set[str]] = defaultdict(set)
    for r, c in hidden - {cell}:
        graph["row:" + r].add("col:" + c)
        graph["col:" + c].add("row:" + r)
    start, goal = "row:" + cell[0], "col:" + cell[1]
    seen, todo = {start}, [start]
    while todo:
        node = todo.pop()
        for nxt in graph[node] - seen:
            seen.add(nxt)
            todo.append(nxt)
    return goal not in seen


@settings(max_examples=300, deadline=None)
@given(counts=tables())
def test_no_small_count_is_shown_and_no_hidden_count_can_be_worked_back(
    counts: dict[Cell, int],
) -> None:
    table = disclose_table(counts)
    hidden = table.hidden()
    for cell, shown in table.cells.items():
        if shown is not None:
            assert shown == 0 or shown >= 10, (cell, shown)
    for cell in hidden:
        assert not _is_bridge(cell, hidden), f"{cell} can be worked back"
    # what is shown is true: margins are the sums of the cells
    rows, columns = table.rows, table.columns
    full = {cell: counts.get(cell, 0) for cell in ((r, c) for r in rows for c in columns)}
    for r in rows:
        if table.cells[r, TOTAL] is not None:
            assert table.cells[r, TOTAL] == sum(full[r, c] for c in columns)
    if table.cells[TOTAL, TOTAL] is not None:
        assert table.cells[TOTAL, TOTAL] == sum(full.values())


def test_one_small_cell_takes_three_others_with_it() -> None:
    counts = {("a", "x"): 3, ("a", "y"): 40, ("b", "x"): 50, ("b", "y"): 60}
    table = disclose_table(counts)
    assert table.cells["a", "x"] is None
    # alone in its row and column it could be worked back: a rectangle of four is hidden
    assert table.hidden() == {("a", "x"), ("a", "y"), ("b", "x"), ("b", "y")}
    assert table.cells[TOTAL, TOTAL] == 153  # the margins still tell the true totals


def test_a_table_of_large_counts_is_shown_whole() -> None:
    counts = {("a", "x"): 30, ("a", "y"): 40, ("b", "x"): 50, ("b", "y"): 60}
    table = disclose_table(counts)
    assert not table.hidden()
    assert table.cells["a", TOTAL] == 70 and table.cells[TOTAL, "y"] == 100
