"""The decision moratoria of a country, read from its policy pack."""

from __future__ import annotations

from datetime import date

from refuge.casework.deadlines import Moratorium
from refuge.policy.country import NoPackForCountry, load_country_pack

PARAMETER = "decision_moratorium"


def decision_moratoria(country: str) -> list[Moratorium]:
    """Every period in which the pack says a decision moratorium (art. 43 Vw) is in force;
    none for a country without a pack or without the parameter."""
    try:
        pack = load_country_pack(country)
    except NoPackForCountry:
        return []
    parameter = pack.parameters.get(PARAMETER)
    if parameter is None:
        return []
    return [(v.valid_from, v.valid_to) for v in parameter.values if v.value is True]


def moratorium_in_force(country: str, day: date) -> bool:
    return any(
        start <= day and (end is None or day <= end) for start, end in decision_moratoria(country)
    )
