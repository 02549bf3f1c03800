"""A country's pack: found by its country code, checked against the facts a rule may read and
the outputs an assessment reads, and loaded once per version of its file."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from refuge.policy.facts import FACTS
from refuge.policy.loader import load_pack
from refuge.policy.locate import find_pack, pack_dir
from refuge.policy.pack import PolicyPack
from refuge.rules.types import Type

# What an assessment reads from a country's pack; the loader refuses a pack without them.
REQUIRED_OUTPUTS: dict[str, Type] = {
    "recommendation": Type.STR,
    "permit_review_reason": Type.STR,
    "revocation_possible": Type.BOOL,
    "obliged_to_leave": Type.BOOL,
    "voluntary_return_support": Type.BOOL,
    "support_amount_eur": Type.INT,
    "forced_return_possible": Type.BOOL,
    "forced_return_reason": Type.STR,
    "is_rejection": Type.BOOL,
}


class NoPackForCountry(Exception):
    """No pack for the case's nationality (or the pack offered is another country's)."""

    def __init__(self, country: str, offered: str | None = None) -> None:
        self.country, self.offered = country, offered
        self.have = sorted(p.stem for p in pack_dir().glob("*.yaml"))
        if offered is not None:
            message = f"the case's nationality is {country!r} but the pack is for {offered!r}"
        else:
            message = (
                f"there is no policy pack for country {country!r}; packs exist for "
                f"{', '.join(self.have) or 'no country'} in {pack_dir()}"
            )
        super().__init__(message)
        self.code = "no-pack-for-country"


def load_country_pack(country: str) -> PolicyPack:
    """The pack of `country`, loaded once per file version. Raises NoPackForCountry or PackError."""
    path = find_pack(country)
    if path is None:
        raise NoPackForCountry(country)
    return _load_cached(path, path.stat().st_mtime_ns)


def load_pack_file(path: Path) -> PolicyPack:
    """A country pack from any file (`refuge policy check`), checked like one found by country
    code; not cached. Raises PackError naming every problem with file:line."""
    return load_pack(path, FACTS, REQUIRED_OUTPUTS)


@lru_cache(maxsize=32)
def _load_cached(path: Path, _mtime: int) -> PolicyPack:
    return load_pack_file(path)
