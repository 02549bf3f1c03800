"""Evaluation order of rules that read one another, and the cycle check."""

from __future__ import annotations

from collections.abc import Mapping


class RuleCycle(Exception):
    """Rules that read one another in a circle; `path` starts and ends with the same rule."""

    def __init__(self, path: list[str]) -> None:
        super().__init__(" -> ".join(path))
        self.path = path


def evaluation_order(deps: Mapping[str, frozenset[str]]) -> list[str]:
    """Rules ordered so that each comes after the rules it reads; declaration order is kept
    where the dependencies allow. Raises `RuleCycle`."""
    order: list[str] = []
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    path: list[str] = []

    def visit(rule: str) -> None:
        if state.get(rule) == 2:
            return
        if state.get(rule) == 1:
            raise RuleCycle([*path[path.index(rule) :], rule])
        state[rule] = 1
        path.append(rule)
        for dep in sorted(deps.get(rule, frozenset())):
            if dep in deps:
                visit(dep)
        path.pop()
        state[rule] = 2
        order.append(rule)

    for rule in deps:
        visit(rule)
    return order
