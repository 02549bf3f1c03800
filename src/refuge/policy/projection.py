"""Projections: an open-ended value used on a day after the newest source that reports on the
country says nothing about that day; it is projected, and explanations and pages mark it."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from refuge.policy.pack import DatedValue, PolicyPack

# Law, rulings and assumptions do not report on the country: their dates say nothing about
# whether a value still holds, so they do not count for projections.
NOT_ABOUT_THE_COUNTRY = frozenset({"law", "court", "assumption", "scenario"})


@lru_cache(maxsize=4096)
def last_source_date(pack: PolicyPack, cites: tuple[str, ...]) -> date | None:
    """The newest date among the dated sources a value cites (assumptions do not count).
    An open-ended value used after it is a projection: no source speaks of that day."""
    dates = [
        s.date
        for c in cites
        if (s := pack.sources.get(c)) is not None
        and s.date is not None
        and s.kind not in NOT_ABOUT_THE_COUNTRY
    ]
    return max(dates, default=None)


def projected_since(pack: PolicyPack, value: DatedValue, day: date) -> date | None:
    """The date of the newest source `value` rests on, if using it on `day` is a projection."""
    last = last_source_date(pack, value.cite)
    return last if value.valid_to is None and last is not None and day > last else None
