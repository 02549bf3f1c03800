"""Random case facts for the differential tests of the vector evaluator.

One generator, two sources of choices: Hypothesis (`fact_rows`, which shrinks a failure to a
small example) and a seeded `random.Random` (`sample_rows`, a fixed sample for Spark).
Values come from the fact domains and from the constants the pack's rules and parameters
mention (and their neighbours), so that every comparison in a rule goes both ways; decision
dates are spread over every policy version, with each version's first and last day likely.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Protocol, TypeVar

from hypothesis import strategies as st

from refuge.policy.facts import FACTS
from refuge.policy.pack import PolicyPack
from refuge.rules import ir
from refuge.rules.types import Type, Value

T = TypeVar("T")
_OPEN_END = timedelta(days=3 * 365)  # how far past the last version's start to go
_EXTRA_STRINGS = ("SY", "SY-DI", "IQ", "XX-1", "it's", "O'Reilly\\x", "")


class Pick(Protocol):
    def choice(self, options: Sequence[T]) -> T: ...
    def integer(self, lo: int, hi: int) -> int: ...
    def subset(self, options: Sequence[str]) -> frozenset[str]: ...


class RandomPick:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def choice(self, options: Sequence[T]) -> T:
        return self.rng.choice(options)

    def integer(self, lo: int, hi: int) -> int:
        return self.rng.randint(lo, hi)

    def subset(self, options: Sequence[str]) -> frozenset[str]:
        return frozenset(o for o in options if self.rng.random() < 0.3)


class DrawPick:
    def __init__(self, draw: Callable[[st.SearchStrategy[Any]], Any]) -> None:
        self.draw = draw

    def choice(self, options: Sequence[T]) -> T:
        return self.draw(st.sampled_from(options))  # type: ignore[no-any-return]

    def integer(self, lo: int, hi: int) -> int:
        return self.draw(st.integers(lo, hi))  # type: ignore[no-any-return]

    def subset(self, options: Sequence[str]) -> frozenset[str]:
        if not options:
            return frozenset()
        return frozenset(self.draw(st.sets(st.sampled_from(options))))


@dataclass(frozen=True)
class Domain:
    """What to draw each fact from, for one pack."""

    starts: tuple[date, ...]
    strings: tuple[str, ...]
    ints: tuple[int, ...]
    dates: tuple[date, ...]

    @classmethod
    def of(cls, pack: PolicyPack) -> Domain:
        consts: set[Value] = set()
        for rule in pack.rules.values():
            stack = [rule.expr]
            while stack:
                node = stack.pop()
                if isinstance(node, ir.Const):
                    consts.add(node.value)
                stack.extend(ir.children(node))
        for p in pack.parameters.values():
            consts.update(v.value for v in p.values)
        strings = {c for c in consts if isinstance(c, str)}
        for c in consts:
            if isinstance(c, frozenset):
                strings |= c
        ints = {0, 1}
        for c in consts:
            if isinstance(c, int) and not isinstance(c, bool) and abs(c) < 100_000:
                ints |= {c - 1, c, c + 1}
        dates = {c for c in consts if isinstance(c, date)} | set(pack.starts)
        return cls(
            pack.starts,
            tuple(sorted(strings | set(_EXTRA_STRINGS))),
            tuple(sorted(i for i in ints if i >= 0)),
            tuple(sorted(dates)),
        )

    def decision_date(self, pick: Pick) -> date:
        v = pick.integer(0, len(self.starts) - 1)
        lo = self.starts[v]
        hi = self.starts[v + 1] - timedelta(days=1) if v + 1 < len(self.starts) else lo + _OPEN_END
        where = pick.choice(("first", "last", "any", "any"))
        if where == "first":
            return lo
        if where == "last":
            return hi
        return lo + timedelta(days=pick.integer(0, (hi - lo).days))

    def application_date(self, pick: Pick, decided: date) -> date:
        how = pick.choice(("whole years", "near a date", "any"))
        if how == "whole years":  # the day years_between ticks over, and either side of it
            years = pick.integer(0, 8)
            day = date(decided.year - years, decided.month, min(decided.day, 28))
            day += timedelta(days=pick.integer(-1, 1))
        elif how == "near a date":
            day = pick.choice(self.dates) + timedelta(days=pick.integer(-2, 2))
        else:
            day = decided - timedelta(days=pick.integer(0, 4000))
        return min(day, decided)

    def row(self, pick: Pick) -> dict[str, Value]:
        decided = self.decision_date(pick)
        facts: dict[str, Value] = {}
        for name, info in FACTS.items():
            domain = sorted(info.domain) if info.domain is not None else None
            match info.type:
                case Type.BOOL:
                    facts[name] = pick.choice((False, True))
                case Type.INT:
                    near = pick.choice((True, False))
                    facts[name] = pick.choice(self.ints) if near else pick.integer(0, 40)
                case Type.STR:
                    facts[name] = pick.choice(domain or self.strings)
                case Type.STRSET:
                    facts[name] = pick.subset(domain or self.strings)
                case Type.DATE:
                    pass
        facts["decision_date"] = decided
        facts["application_date"] = self.application_date(pick, decided)
        return facts


def fact_rows(pack: PolicyPack, max_size: int = 60) -> st.SearchStrategy[list[dict[str, Value]]]:
    """Lists of random fact rows for `pack` (Hypothesis)."""
    domain = Domain.of(pack)

    @st.composite
    def one(draw: Callable[[st.SearchStrategy[Any]], Any]) -> dict[str, Value]:
        return domain.row(DrawPick(draw))

    return st.lists(one(), min_size=1, max_size=max_size)


def sample_rows(pack: PolicyPack, n: int, seed: int) -> list[dict[str, Value]]:
    """A fixed sample of `n` random fact rows for `pack`."""
    pick = RandomPick(random.Random(seed))
    domain = Domain.of(pack)
    return [domain.row(pick) for _ in range(n)]


def normalise(value: Any) -> Any:
    """An engine's value as the scalar evaluator gives it (lists of strings become sets)."""
    if isinstance(value, list | tuple):
        return frozenset(value)
    return value


def mismatches(
    pack: PolicyPack, rows: Sequence[Mapping[str, Value]], table: Sequence[Mapping[str, Any]]
) -> list[str]:
    """Where the engine's rows differ from the scalar evaluator's, one line each."""
    found: list[str] = []
    for i, (facts, got) in enumerate(zip(rows, table, strict=True)):
        want = pack.as_of(facts["decision_date"]).evaluate(dict(facts))  # type: ignore[arg-type]
        for rule_id, value in want.items():
            if normalise(got[rule_id]) != value or type(normalise(got[rule_id])) is not type(value):
                found.append(
                    f"row {i}, rule {rule_id!r}: scalar {value!r}, engine {got[rule_id]!r}; "
                    f"facts {dict(facts)!r}"
                )
    return found
