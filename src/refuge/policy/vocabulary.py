"""The words cases are told in and packs read: the values a fact may take.

A case (`refuge.case.schema`) is written in these words, the facts a rule reads
(`refuge.policy.facts`) are typed with them, and the pack loader refuses a rule that compares a
fact with a value outside them.
"""

from __future__ import annotations

from typing import Literal

Ground = Literal[
    "fear_former_regime",
    "fear_non_state_actor",
    "fear_current_authorities",
    "sexual_orientation",
    "religion",
    "ethnicity",
    "political_opinion",
    "generalised_violence",
    "military_service",
    "economic",
]
Credibility = Literal["credible", "partly_credible", "not_credible", "not_assessed"]
RiskProfile = Literal[
    "lgbtiq", "alawite", "christian", "druze", "kurd", "former_government_affiliate"
]
ExclusionGround = Literal["article_1F", "article_17"]
PermitGround = Literal["refugee", "subsidiary_general_risk", "subsidiary_individual"]
Finding = Literal["yes", "no", "not_assessed"]
