"""Disclosure control for a table with its margins: counts by two variables (month x region,
outcome x ground ...) published with row totals, column totals and the grand total.

Primary suppression hides every count from 1 to `threshold - 1`, margins included. A hidden
count must also not be recomputable from what is shown: each row and each column (with its
total) is an equation, and a hidden count is exposed when the shown counts and those equations
fix its value. Secondary suppression hides further counts, the smallest first, until no hidden
count is fixed. Whether a count is fixed is decided exactly (rational Gaussian elimination over
the hidden counts), not by a rule of thumb.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from refuge.casework.disclosure import THRESHOLD

TOTAL = "total"
Cell = tuple[str, str]


@dataclass(frozen=True)
class DisclosedTable:
    """Every count of the table and its margins (row `total`, column `total`), None if hidden."""

    rows: tuple[str, ...]  # without the total
    columns: tuple[str, ...]
    cells: dict[Cell, int | None]

    def hidden(self) -> set[Cell]:
        return {cell for cell, n in self.cells.items() if n is None}


def disclose_table(
    counts: Mapping[Cell, int],
    rows: Sequence[str] | None = None,
    columns: Sequence[str] | None = None,
    threshold: int = THRESHOLD,
) -> DisclosedTable:
    """The table of `counts` (a missing cell counts 0) with its margins, fit to publish."""
    row_keys = tuple(rows if rows is not None else sorted({r for r, _ in counts}))
    col_keys = tuple(columns if columns is not None else sorted({c for _, c in counts}))
    full = _with_margins(counts, row_keys, col_keys)
    hidden = {cell for cell, n in full.items() if 0 < n < threshold}
    equations = _equations(row_keys, col_keys)
    while exposed := _fixed(hidden, equations):
        hidden |= _rectangle(exposed[0], hidden, full, (*row_keys, TOTAL), (*col_keys, TOTAL))
    return DisclosedTable(
        row_keys, col_keys, {cell: None if cell in hidden else n for cell, n in full.items()}
    )


def _with_margins(
    counts: Mapping[Cell, int], rows: tuple[str, ...], columns: tuple[str, ...]
) -> dict[Cell, int]:
    full = {(r, c): int(counts.get((r, c), 0)) for r in rows for c in columns}
    for r in rows:
        full[r, TOTAL] = sum(full[r, c] for c in columns)
    for c in columns:
        full[TOTAL, c] = sum(full[r, c] for r in rows)
    full[TOTAL, TOTAL] = sum(full[r, TOTAL] for r in rows)
    return full


def _equations(rows: tuple[str, ...], columns: tuple[str, ...]) -> list[dict[Cell, int]]:
    """Each line of the table: its counts minus its total is 0 (coefficients per cell)."""
    lines: list[dict[Cell, int]] = []
    for r in (*rows, TOTAL):
        line = {(r, c): 1 for c in columns}
        line[r, TOTAL] = -1
        lines.append(line)
    for c in (*columns, TOTAL):
        line = {(r, c): 1 for r in rows}
        line[TOTAL, c] = -1
        lines.append(line)
    return lines


def _fixed(hidden: set[Cell], equations: list[dict[Cell, int]]) -> list[Cell]:
    """The hidden cells whose value the shown cells and the equations determine: a hidden cell
    is free only if some solution of the homogeneous system over the hidden cells moves it."""
    unknowns = sorted(hidden)
    index = {cell: i for i, cell in enumerate(unknowns)}
    matrix = [
        [Fraction(0)] * len(unknowns)
        for _ in equations
        if any(cell in index for cell in _)  # only equations that touch a hidden cell
    ]
    row = 0
    for line in equations:
        touched = [cell for cell in line if cell in index]
        if not touched:
            continue
        for cell in touched:
            matrix[row][index[cell]] = Fraction(line[cell])
        row += 1
    pivots = _reduce(matrix)
    free = [j for j in range(len(unknowns)) if j not in pivots]
    fixed = []
    for j, cell in enumerate(unknowns):
        if j in pivots and all(matrix[pivots[j]][f] == 0 for f in free):
            fixed.append(cell)
    return fixed


def _reduce(matrix: list[list[Fraction]]) -> dict[int, int]:
    """Reduced row echelon form, in place; returns pivot column -> its row."""
    pivots: dict[int, int] = {}
    row = 0
    width = len(matrix[0]) if matrix else 0
    for col in range(width):
        found = next((r for r in range(row, len(matrix)) if matrix[r][col] != 0), None)
        if found is None:
            continue
        matrix[row], matrix[found] = matrix[found], matrix[row]
        lead = matrix[row][col]
        matrix[row] = [v / lead for v in matrix[row]]
        for r in range(len(matrix)):
            if r != row and matrix[r][col] != 0:
                factor = matrix[r][col]
                matrix[r] = [a - factor * b for a, b in zip(matrix[r], matrix[row], strict=True)]
        pivots[col] = row
        row += 1
    return pivots


def _rectangle(
    cell: Cell,
    hidden: set[Cell],
    full: dict[Cell, int],
    rows: tuple[str, ...],
    columns: tuple[str, ...],
) -> set[Cell]:
    """The cells to hide so that `cell` lies on a rectangle of hidden cells, which no line's
    total can undo: the rectangle whose newly hidden counts are smallest, margins last."""
    r, c = cell
    best: tuple[tuple[int, int, list[Cell]], set[Cell]] | None = None
    for r2 in rows:
        for c2 in columns:
            if r2 == r or c2 == c:
                continue
            new = {(r, c2), (r2, c), (r2, c2)} - hidden
            margins = sum(1 for x in new if TOTAL in x)
            key = (margins, sum(full[x] for x in new), sorted(new))
            if best is None or key < best[0]:
                best = (key, new)
    assert best is not None  # a table with margins has at least two rows and two columns
    return best[1]
