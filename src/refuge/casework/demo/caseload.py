"""A synthetic caseload, deterministic per seed: the rows of people, applications, their decision
periods, decisions and permits, in chunks, calibrated as `calibration` says.

Every row is marked synthetic where a person would see it: pseudonyms `SYN-...`, V-numbers from
9000000000, import keys `synthetic:<seed>:<n>`, decision reasons saying so. Nothing here touches
the database (`demo.load` writes the rows).
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from refuge.casework.deadlines import BASE_MONTHS, add_months, regime_for
from refuge.casework.demo.calibration import (
    ASSUMPTIONS,
    CHARTER_DAY,
    DATA_DATE,
    MORATORIUM_START,
    OCTOBER_2015_SHARE,
    PERMIT_YEARS,
    REFERENCE_DATE,
    YEAR_WEIGHTS,
    Groups,
)

Row = dict[str, Any]
SYNTHETIC_REASONS = "synthetic demo data: no real person, no real decision"
OTHER_REGIONS = {"ER": "ER-MA", "AF": "AF-KAB", "TR": "TR-34", "YE": "YE-SA"}
OPEN_STAGES = ("registered", "first_hearing", "detailed_hearing")
GRANT_FACTS: dict[str, tuple[list[str], list[str]]] = {
    # permit ground -> (grounds claimed, risk profiles established)
    "refugee": (["sexual_orientation"], ["lgbtiq"]),
    "subsidiary_general_risk": (["generalised_violence"], []),
    "subsidiary_individual": (["fear_non_state_actor"], []),
}
REFUGEE_VARIANTS: tuple[tuple[list[str], list[str]], ...] = (
    (["sexual_orientation"], ["lgbtiq"]),
    (["religion"], ["christian"]),
    (["religion"], ["alawite"]),
    (["ethnicity"], ["kurd"]),
    (["political_opinion"], []),
)


@dataclass
class Chunk:
    """The rows of a run of persons, each table's rows in insert order."""

    people: list[Row] = field(default_factory=list)
    applications: list[Row] = field(default_factory=list)
    deadlines: list[Row] = field(default_factory=list)
    decisions: list[Row] = field(default_factory=list)
    permits: list[Row] = field(default_factory=list)
    return_cases: list[Row] = field(default_factory=list)


@dataclass(frozen=True)
class Context:
    seed: int
    team_id: uuid.UUID
    decider_id: uuid.UUID
    regions: tuple[str, ...]  # the Syrian regions the pack knows
    support_eur: Callable[[date, bool], int] = lambda _day, _minor: 0  # the pack's, by date


def group_labels(groups: Groups, rng: random.Random) -> list[str]:
    labels = (
        ["holder"] * groups.holders
        + ["pending_moratorium"] * groups.pending_moratorium
        + ["returned"] * groups.returned
        + ["charter"] * groups.charter
        + ["expired"] * groups.expired
        + ["rejected"] * groups.rejected
        + ["after_fall"] * groups.after_fall
        + ["other"] * groups.others
    )
    rng.shuffle(labels)
    return labels


def chunks(context: Context, groups: Groups, size: int = 2_000) -> Iterator[Chunk]:
    """The caseload in chunks of `size` persons (the last may be smaller)."""
    rng = random.Random(context.seed)  # noqa: S311 - synthetic data, reproducible per seed
    months = _month_weights()
    labels = group_labels(groups, rng)
    chunk = Chunk()
    for n, label in enumerate(labels):
        _person(chunk, context, rng, months, n, label)
        if len(chunk.people) == size:
            yield chunk
            chunk = Chunk()
    if chunk.people:
        yield chunk


def _uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 9, tzinfo=UTC)


def _month_weights() -> tuple[list[date], list[float]]:
    firsts: list[date] = []
    weights: list[float] = []
    for year, (total, _source) in YEAR_WEIGHTS.items():
        for month in range(1, 13):
            firsts.append(date(year, month, 1))
            if year == 2015:
                share = OCTOBER_2015_SHARE if month == 10 else (1 - OCTOBER_2015_SHARE) / 11
                weights.append(total * share)
            else:
                weights.append(total / 12)
    return firsts, weights


def _day_in(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randrange((last - first).days + 1))


def _lodged(rng: random.Random, months: tuple[list[date], list[float]], last: date) -> date:
    """An application date by the monthly weights, on or before `last`."""
    while True:
        first = rng.choices(months[0], months[1])[0]
        day = first + timedelta(days=rng.randrange(28))
        if day <= last:
            return day


def _weighted(rng: random.Random, name: str) -> str:
    table = ASSUMPTIONS[name].value
    assert isinstance(table, dict)
    return str(rng.choices(list(table), list(table.values()))[0])


def _processing(rng: random.Random) -> timedelta:
    bounds = ASSUMPTIONS["processing_days"].value
    assert isinstance(bounds, tuple)
    return timedelta(days=rng.randint(int(bounds[0]), int(bounds[1])))


def _person(
    chunk: Chunk,
    context: Context,
    rng: random.Random,
    months: tuple[list[date], list[float]],
    n: int,
    label: str,
) -> None:
    person_id, application_id = _uuid(rng), _uuid(rng)
    nationality = "SY" if label != "other" else _weighted(rng, "other_nationalities")
    region = rng.choice(context.regions) if nationality == "SY" else OTHER_REGIONS[nationality]
    before_moratorium = MORATORIUM_START - timedelta(days=1)
    grounds: list[str] = ["generalised_violence"]
    profiles: list[str] = []
    credibility, indicators = "credible", 0
    status, decision, permit = "decided", None, None
    departure: tuple[date, str] | None = None
    if label == "holder":
        lodged = _lodged(rng, months, before_moratorium - timedelta(days=90))
        decided = min(lodged + _processing(rng), before_moratorium)
        ground = _weighted(rng, "permit_grounds")
        variant = rng.choice(REFUGEE_VARIANTS) if ground == "refugee" else GRANT_FACTS[ground]
        grounds, profiles = variant
        indicators = 0 if ground == "subsidiary_general_risk" else rng.randint(1, 3)
        # the permit in force on the reference date: the first, or a renewal of it
        renewals = 0
        while add_months(decided, 12 * PERMIT_YEARS * (renewals + 1)) <= REFERENCE_DATE:
            renewals += 1
        granted = add_months(decided, 12 * PERMIT_YEARS * renewals)
        outcome = "grant_refugee" if ground == "refugee" else "grant_subsidiary"
        decision, permit = (outcome, decided), (ground, granted, "active")
    elif label == "expired":
        lodged = _lodged(rng, months, date(2016, 12, 31))
        decided = lodged + _processing(rng)
        decision = ("grant_subsidiary", decided)
        permit = ("subsidiary_general_risk", decided, "ended")  # ended by 2022 at the latest
    elif label == "rejected":
        lodged = _lodged(rng, months, before_moratorium - timedelta(days=90))
        grounds, credibility = ["fear_non_state_actor"], "not_credible"
        decision = ("reject", min(lodged + _processing(rng), before_moratorium))
    elif label in ("returned", "charter"):
        lodged = _day_in(rng, date(2023, 6, 1), before_moratorium)
        status = "withdrawn"  # voluntary return with support: the application is withdrawn
        departed = CHARTER_DAY if label == "charter" else _returned_on(rng)
        departure = (departed, "charter" if label == "charter" else "supported")
    elif label == "pending_moratorium":
        lodged = _day_in(rng, date(2023, 6, 1), before_moratorium)
        status = rng.choice(OPEN_STAGES)
        credibility = "credible" if status == "detailed_hearing" else "not_assessed"
    elif label == "after_fall":
        lodged = _day_in(rng, MORATORIUM_START, DATA_DATE - timedelta(days=1))
        status, credibility = "registered", "not_assessed"
        grounds = ["fear_former_regime"]
    else:
        lodged = _day_in(rng, date(2023, 1, 1), DATA_DATE - timedelta(days=1))
        status = rng.choice((*OPEN_STAGES, "decided"))
        if status == "decided":
            decision = ("grant_subsidiary", min(lodged + _processing(rng), DATA_DATE))
        grounds, credibility = ["fear_non_state_actor"], "credible"
    chunk.people.append(
        {
            "id": person_id,
            "created_at": _at(lodged),
            "version": 1,
            "pseudonym": f"SYN-{n:07d}",
            "v_number": f"9{n:09d}",
            "nationality": nationality,
            "region_of_origin": region,
        }
    )
    chunk.applications.append(
        {
            "id": application_id,
            "created_at": _at(lodged),
            "version": 1,
            "person_id": person_id,
            "team_id": context.team_id,
            "caseworker_id": None,
            "kind": "first",
            "application_date": lodged,
            "status": status,
            "paused": False,
            "grounds": grounds,
            "risk_profiles": profiles,
            "exclusion_grounds": [],
            "exclusion_indications": False,
            "regime_support_indications": False,
            "credibility": credibility,
            # nothing weighed yet where the account is not assessed
            "individual_risk_indicators": None if credibility == "not_assessed" else indicators,
            "internal_protection_safe_there": "not_assessed",
            "internal_protection_safe_and_legal_travel": "not_assessed",
            "internal_protection_admittance": "not_assessed",
            "internal_protection_reasonable_to_settle": "not_assessed",
            "legal_residence": permit is not None and permit[2] == "active",
            "minor": rng.random() < 0.2,
            "import_key": f"synthetic:{context.seed}:{n}",
        }
    )
    chunk.deadlines.append(
        {
            "id": _uuid(rng),
            "created_at": _at(lodged),
            "version": 1,
            "application_id": application_id,
            "kind": "decision_period",
            "months": BASE_MONTHS,
            "legal_basis": regime_for(lodged).base_basis,
            "reason": "decision period from the application date",
            "granted_by": None,
        }
    )
    if decision is not None:
        outcome, decided_on = decision
        chunk.decisions.append(
            {
                "id": _uuid(rng),
                "created_at": _at(decided_on),
                "version": 1,
                "application_id": application_id,
                "outcome": outcome,
                "reasons": SYNTHETIC_REASONS,
                "assessment_id": None,
                "deviates_from_recommendation": False,
                "decided_by": context.decider_id,
                "decided_at": _at(decided_on),
                "status": "in_effect",
            }
        )
    if departure is not None:
        departed, route = departure
        minor = chunk.applications[-1]["minor"]
        chunk.return_cases.append(
            {
                "id": _uuid(rng),
                "created_at": _at(departed - timedelta(days=30)),
                "version": 1,
                "person_id": person_id,
                "application_id": application_id,
                "status": "departed",
                "track": "facilitated",
                "opened_on": departed - timedelta(days=30),
                "support_amount_eur": context.support_eur(departed, minor),
                "departed_on": departed,
                "route": route,
            }
        )
    if permit is not None:
        ground, granted, permit_status = permit
        chunk.permits.append(
            {
                "id": _uuid(rng),
                "created_at": _at(granted),
                "version": 1,
                "person_id": person_id,
                "application_id": application_id,
                "kind": "temporary_asylum",
                "ground": ground,
                "granted": granted,
                "valid_until": add_months(granted, 12 * PERMIT_YEARS) - timedelta(days=1),
                "status": permit_status,
            }
        )


def _returned_on(rng: random.Random) -> date:
    """A supported return from January to September 2025: about 20 of the 700 in January and
    February (law-and-figures.md §3.3), then rising; the shape after February is an assumption."""
    months = [date(2025, m, 1) for m in range(1, 10)]
    first = rng.choices(months, weights=(1, 2, 8, 10, 12, 14, 16, 18, 20))[0]
    return first + timedelta(days=rng.randrange(28))
