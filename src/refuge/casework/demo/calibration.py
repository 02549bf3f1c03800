"""What the synthetic demo caseload is calibrated to: published figures with their source, and
the assumptions that fill what the sources leave open (each marked as one, with a note).

The figures are in `../shared/domain/law-and-figures.md` §3 and `syria-timeline.md`. The demo
caseload is a sample of persons, not the whole population: its default size (100,000 persons) is
chosen so that the one exact figure, 75,330 Syrian holders of a temporary asylum permit on
1 June 2025, is reproduced exactly; other sizes scale every group in proportion.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

DEFAULT_PERSONS = 100_000
REFERENCE_DATE = date(2025, 6, 1)
HOLDERS_AT_REFERENCE = 75_330  # brief 2025D42239, law-and-figures.md §3.1 (Q4 of the seed)
PENDING_AT_MORATORIUM = 16_000  # "about 16,000 Syrians awaiting a decision", 9 Dec 2024
MORATORIUM_START = date(2024, 12, 9)  # decision moratorium (art. 43 Vw), syria-timeline.md
MORATORIUM_END = date(2025, 6, 9)
DATA_DATE = date(2025, 10, 1)  # the statuses are those of this day (no decision is in the future)
PERMIT_YEARS = 5  # "almost all Syrians get a 5-year temporary permit" (syria-timeline.md, 2013-15)
# Returns to Syria with DTenV support since the fall of the regime (law-and-figures.md §3.3):
# "up to Sep 2025: about 700 supported returns plus the 84 on the 16 Sep 2025 charter"
SUPPORTED_RETURNS = 700
CHARTER_RETURNS = 84
CHARTER_DAY = date(2025, 9, 16)
FALL_OF_REGIME = date(2024, 12, 8)


@dataclass(frozen=True)
class Assumption:
    value: object
    note: str


ASSUMPTIONS: dict[str, Assumption] = {
    "expired_share": Assumption(
        0.03,
        "share of persons whose temporary permit ended before 1 June 2025 (a permanent permit "
        "or departure); the sources give no figure",
    ),
    "rejected_share": Assumption(
        0.015, "share of Syrians with a rejection in effect; the sources give no figure"
    ),
    "after_fall_share": Assumption(
        0.01,
        "share of Syrians who applied after the fall of the regime (9 Dec 2024 to 30 Sep 2025), "
        "still pending; Q1 2025 applications halved (law-and-figures.md §3.1) but no Syrian count",
    ),
    "permit_grounds": Assumption(
        {"subsidiary_general_risk": 0.6, "refugee": 0.3, "subsidiary_individual": 0.1},
        "grounds of the permits held; under the general presumption (2012-2024) most Syrians "
        "were granted on the general risk, but no split is published (Eurostat migr_asydcfsta "
        "not consulted)",
    ),
    "processing_days": Assumption(
        (90, 450),
        "days from application to decision, uniform; average processing 20-40 weeks in 2022 "
        "(law-and-figures.md §3.2)",
    ),
    "other_nationalities": Assumption(
        {"ER": 0.4, "AF": 0.3, "TR": 0.2, "YE": 0.1},
        "the other nationalities in the demo and their shares; only the Syrian figures are "
        "calibrated",
    ),
}

# Syrian applications per year, as weights for the month an application was lodged. Sourced
# where law-and-figures.md §3.1 gives a figure; the years between are assumptions (a level
# between the 2015 peak and the 2023-2024 figures).
YEAR_WEIGHTS: dict[int, tuple[float, str]] = {
    2014: (8_748, "asielinstroom.nl: 8,748 first applications in 2014"),
    2015: (27_000, "gelderlander.nl, schulinck.nl: about 27,000 in 2015"),
    2016: (9_000, "assumption: no figure"),
    2017: (4_000, "assumption: no figure"),
    2018: (4_000, "assumption: no figure"),
    2019: (4_500, "assumption: no figure"),
    2020: (4_000, "assumption: no figure"),
    2021: (8_000, "assumption: no figure"),
    2022: (12_000, "assumption: no figure"),
    2023: (16_000, "CBS: Q3 2023 4,300 Syrian applications (x4)"),
    2024: (12_800, "CBS: Q1 2024 2,900, Q3 2024 3,300"),
}
# October 2015: 5,249 of about 27,000 (gelderlander.nl); the other months share the rest
OCTOBER_2015_SHARE = 5_249 / 27_000


@dataclass(frozen=True)
class Groups:
    """How many persons of each kind a caseload of `persons` has."""

    persons: int
    holders: int  # Syrian, temporary asylum permit valid on REFERENCE_DATE
    pending_moratorium: int  # Syrian, lodged before the moratorium, undecided (still pending)
    returned: int  # of those pending then, withdrew and returned with support in 2025
    charter: int  # of those pending then, withdrew and left on the charter of 16 Sep 2025
    expired: int  # Syrian, permit ended before REFERENCE_DATE
    rejected: int  # Syrian, rejection in effect
    after_fall: int  # Syrian, lodged after the fall, pending
    others: int  # other nationalities

    @classmethod
    def of(cls, persons: int) -> Groups:
        if persons < MIN_PERSONS:
            raise ValueError(f"the demo caseload needs at least {MIN_PERSONS} persons")
        holders = round(HOLDERS_AT_REFERENCE * persons / DEFAULT_PERSONS)
        pending = round(PENDING_AT_MORATORIUM * persons / DEFAULT_PERSONS)
        returned = round(SUPPORTED_RETURNS * persons / DEFAULT_PERSONS)
        charter = round(CHARTER_RETURNS * persons / DEFAULT_PERSONS)
        pending -= returned + charter  # they were pending on 9 Dec 2024, and left in 2025
        expired = round(_share("expired_share") * persons)
        rejected = round(_share("rejected_share") * persons)
        after_fall = round(_share("after_fall_share") * persons)
        others = persons - holders - pending - returned - charter - expired - rejected - after_fall
        return cls(
            persons, holders, pending, returned, charter, expired, rejected, after_fall, others
        )


MIN_PERSONS = 100  # below it the rounded groups could add up to more than the persons


def _share(name: str) -> float:
    value = ASSUMPTIONS[name].value
    assert isinstance(value, float)
    return value
