"""Assess one case: its facts and the policy in force on a date -> a recommendation with steps.

Pure: the date is passed in, nothing is stored, nothing is decided.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import date
from functools import lru_cache

from refuge import __version__
from refuge.assess.errors import (
    AssessedBeforeApplication,
    AssessedBeforePermit,
    PermitLapsed,
    PermitWithoutResidence,
    UnknownRegion,
)
from refuge.assess.explain import Roles, cited, explain, fill, matched_row
from refuge.assess.relevance import resting_on
from refuge.assess.result import (
    Assessment,
    PermitReview,
    PolicyRef,
    Receipt,
    ReturnOutlook,
    Step,
)
from refuge.assess.wording import LABELS, PHRASES
from refuge.case.facts import case_facts
from refuge.case.schema import Case
from refuge.policy import PolicyPack, PolicyVersion
from refuge.policy.country import NoPackForCountry, load_country_pack
from refuge.policy.pack import Rule
from refuge.policy.translations import Translations, load_translations
from refuge.rules.types import Value

RETURN_RULES = (
    "obliged_to_leave",
    "voluntary_return_support",
    "support_amount_eur",
    "forced_return_possible",
)


def assess(
    case: Case,
    as_of: date,
    pack: PolicyPack | None = None,
    overrides: Mapping[str, Value] | None = None,
    all_steps: bool = False,
    lang: str = "en",
) -> Assessment:
    """Recommend on `case` under the policy in force on `as_of`, explained step by step.

    For a permit holder the headline is the permit review; the return outlook applies only
    where the recommendation is a rejection. `all_steps` lists every rule, not only those
    that decided. `lang` ("en" or "nl") is the language of every text a person reads.
    """
    pack = pack or load_country_pack(case.nationality)
    if pack.country != case.nationality:
        raise NoPackForCountry(case.nationality, offered=pack.country)
    if as_of < case.application_date:
        raise AssessedBeforeApplication(as_of, case.application_date)
    if case.permit is not None and as_of < case.permit.granted:
        raise AssessedBeforePermit(as_of, case.permit.granted)
    ended = case.permit is not None and case.permit.valid_until < as_of
    if case.permit is not None and not case.legal_residence:
        if ended:
            raise PermitLapsed(as_of, case.permit.valid_until)
        raise PermitWithoutResidence(as_of, case.permit.granted, case.permit.valid_until)
    if pack.regions and case.region not in pack.regions:
        raise UnknownRegion(case.region, sorted(pack.regions))
    tr = translations(pack, lang)
    version: PolicyVersion = pack.as_of(as_of)
    if overrides:
        version = version.with_overrides(overrides)
    facts = case_facts(case, as_of)
    values = version.evaluate(facts)
    env: dict[str, Value] = {**facts, **{n: v.value for n, v in version.params.items()}, **values}

    rejection = case.permit is None and bool(values["is_rejection"])
    headline_table = "permit_review_reason" if case.permit else "recommendation"
    roots = [
        headline_table,
        *(["revocation_possible"] if case.permit else []),
        *(["forced_return_reason", "support_amount_eur"] if rejection else []),
    ]
    steps = explain(version, env, roots, as_of, all_steps, tr)
    sources, parameters = cited(version, steps, as_of, tr)
    projected = {p.name for p in parameters if p.projection is not None}
    if projected:  # each step says which of the values it read are projections
        steps = [
            s.model_copy(update={"projections": [n for n in s.parameters if n in projected]})
            for s in steps
        ]
    _, row = matched_row(pack.rules["recommendation"], env)
    recommendation_text = fill(row.explain, env, pack, tr=tr)
    permit_review = None
    if case.permit is not None:
        _, reason = matched_row(pack.rules["permit_review_reason"], env)
        # a permit that ended while its holder still resides lawfully: its extension is what
        # is decided (art. 32(1) Vw 2000 lets it be refused on the grounds of a revocation)
        extension = (
            PHRASES[tr.lang]["extension"].format(date=case.permit.valid_until.isoformat())
            if ended
            else ""
        )
        permit_review = PermitReview(
            revocation_possible=bool(values["revocation_possible"]),
            reason=extension + fill(reason.explain, env, pack, tr=tr),
            reason_code=str(values["permit_review_reason"]),
        )
    _, forced = matched_row(pack.rules["forced_return_reason"], env)
    decided_by = sorted(_deciding_rules(pack.rules[headline_table], env))
    # every rule the headline's value rested on, through the rules between (a grant that rests
    # on a risk profile whose designation is a projection says so)
    projections = _projections_of(steps, Roles(pack, env, [headline_table]).decided)
    headline = _headline(env, recommendation_text, permit_review, tr.lang, ended)
    return Assessment.model_validate(
        {
            "case_id": case.case_id,
            "as_of": as_of,
            "headline": {**headline, "decided_by": decided_by, "projections": projections},
            "recommendation": values["recommendation"],
            # a lawful resident's permit is reviewed, not an application decided
            "recommendation_explanation": (PHRASES[tr.lang]["holder"] if case.permit else "")
            + recommendation_text,
            "steps": steps,
            "sources": sources,
            "parameters": parameters,
            "policy": PolicyRef(
                country=pack.country,
                version=version.label,
                valid_from=version.valid_from,
                valid_to=version.valid_to,
                pack_sha256=pack.sha256,
            ),
            "permit_review": permit_review,
            "return": ReturnOutlook.model_validate(
                {
                    "applies": rejection,
                    **{k: values[k] for k in RETURN_RULES},
                    "forced_return_reason": values["forced_return_reason"],
                    "forced_return_explanation": fill(forced.explain, env, pack, tr=tr),
                }
            ),
            "receipt": Receipt(
                engine=f"refuge {__version__}",
                pack_sha256=pack.sha256,
                case_sha256=case_digest(case),
            ),
            "language": tr.lang,
            "notice": PHRASES[tr.lang]["notice"],
        }
    )


SET_FIELDS = ("grounds", "risk_profiles", "exclusion_grounds")


def case_digest(case: Case) -> str:
    """SHA-256 of the case as canonical JSON: the same facts give the same digest."""
    data = case.model_dump(mode="json")
    for key in SET_FIELDS:  # a set of values: the order they were listed in is not a fact
        data[key] = sorted(data[key])
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _headline(
    env: Mapping[str, Value],
    recommendation_text: str,
    permit_review: PermitReview | None,
    lang: str,
    ended: bool,
) -> dict[str, str]:
    """The headline's kind, title and text (what decided it is added beside them)."""
    words = PHRASES[lang]
    if permit_review is None:
        return {
            "kind": "application",
            "title": f"{words['draft']}: {LABELS[lang][str(env['recommendation'])]}",
            "text": recommendation_text,
        }
    verdict = words["may" if permit_review.revocation_possible else "may_not"]
    if ended:  # the permit ended: what can be refused is its extension
        verdict = words["ext_may" if permit_review.revocation_possible else "ext_may_not"]
    return {
        "kind": "permit_review",
        "title": f"{words['review']}: {verdict}",
        "text": permit_review.reason,
    }


def _projections_of(steps: list[Step], rules: set[str]) -> list[str]:
    """The projections the steps of `rules` read (the headline's: its table and every rule
    its value rested on)."""
    return sorted({n for s in steps if s.rule in rules for n in s.projections})


def _deciding_rules(table: Rule, env: Mapping[str, Value]) -> frozenset[str]:
    """The rules that chose the matched row: its own condition's; for `otherwise`, the
    conditions of the earlier rows that would have given another outcome (each was false)."""
    last, row = matched_row(table, env)
    if row.when is not None:
        return resting_on(row.when, env)
    ruled_out = [r.when for r in table.rows[:last] if r.when is not None and r.value != row.value]
    return frozenset().union(*(resting_on(when, env) for when in ruled_out))


def translations(pack: PolicyPack, lang: str) -> Translations:
    """The pack's catalogue for `lang`, loaded once per pack (raises PackError if broken)."""
    return _translations(pack, lang)


@lru_cache(maxsize=32)
def _translations(pack: PolicyPack, lang: str) -> Translations:
    return load_translations(pack, lang)
