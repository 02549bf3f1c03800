"""Assess one case: its facts and the policy in force on a date -> a recommendation with steps.

Pure: the date is passed in, nothing is stored, nothing is decided.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from functools import lru_cache
from pathlib import Path

from refuge.assess.explain import explain, matched_row
from refuge.assess.result import Assessment, PermitReview, PolicyRef, ReturnOutlook
from refuge.case.facts import FACTS, case_facts
from refuge.case.schema import Case
from refuge.policy import PolicyPack, PolicyVersion, find_pack, load_pack, pack_dir
from refuge.rules.types import Type, Value

# What `refuge assess` reads from a pack; the loader refuses a pack without them.
REQUIRED_OUTPUTS: dict[str, Type] = {
    "recommendation": Type.STR,
    "permit_review_reason": Type.STR,
    "revocation_possible": Type.BOOL,
    "obliged_to_leave": Type.BOOL,
    "voluntary_return_support": Type.BOOL,
    "support_amount_eur": Type.INT,
    "forced_return_possible": Type.BOOL,
}
RETURN_RULES = (
    "obliged_to_leave",
    "voluntary_return_support",
    "support_amount_eur",
    "forced_return_possible",
)


class NoPackForCountry(Exception):
    """No pack for the case's nationality (or the pack offered is another country's)."""

    def __init__(self, country: str, offered: str | None = None) -> None:
        if offered is not None:
            message = f"the case's nationality is {country!r} but the pack is for {offered!r}"
        else:
            have = sorted(p.stem for p in pack_dir().glob("*.yaml"))
            message = (
                f"there is no policy pack for country {country!r}; packs exist for "
                f"{', '.join(have) or 'no country'} in {pack_dir()}"
            )
        super().__init__(message)
        self.code = "no-pack-for-country"


def load_country_pack(country: str) -> PolicyPack:
    """The pack of `country`, loaded once per file version. Raises NoPackForCountry or PackError."""
    path = find_pack(country)
    if path is None:
        raise NoPackForCountry(country)
    return _load_cached(path, path.stat().st_mtime_ns)


@lru_cache(maxsize=32)
def _load_cached(path: Path, _mtime: int) -> PolicyPack:
    return load_pack(path, FACTS, REQUIRED_OUTPUTS)


def assess(
    case: Case,
    as_of: date,
    pack: PolicyPack | None = None,
    overrides: Mapping[str, Value] | None = None,
) -> Assessment:
    """Recommend on `case` under the policy in force on `as_of`, explained step by step."""
    pack = pack or load_country_pack(case.nationality)
    if pack.country != case.nationality:
        raise NoPackForCountry(case.nationality, offered=pack.country)
    version: PolicyVersion = pack.as_of(as_of)
    if overrides:
        version = version.with_overrides(overrides)
    facts = case_facts(case, as_of)
    values = version.evaluate(facts)
    env: dict[str, Value] = {**facts, **{n: v.value for n, v in version.params.items()}, **values}

    roots = ["recommendation", *(["revocation_possible"] if case.permit else []), *RETURN_RULES]
    steps = explain(version, env, roots)
    _, row = matched_row(pack.rules["recommendation"], env)
    permit_review = None
    if case.permit is not None:
        _, reason = matched_row(pack.rules["permit_review_reason"], env)
        permit_review = PermitReview(
            revocation_possible=bool(values["revocation_possible"]),
            reason=reason.explain,
            reason_code=str(values["permit_review_reason"]),
        )
    return Assessment.model_validate(
        {
            "case_id": case.case_id,
            "as_of": as_of,
            "recommendation": values["recommendation"],
            "recommendation_explanation": row.explain,
            "steps": steps,
            "policy": PolicyRef(
                country=pack.country,
                version=version.label,
                valid_from=version.valid_from,
                valid_to=version.valid_to,
                pack_sha256=pack.sha256,
            ),
            "permit_review": permit_review,
            "return": ReturnOutlook.model_validate({k: values[k] for k in RETURN_RULES}),
        }
    )
