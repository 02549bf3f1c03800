"""The engine's own words in each language it explains in (the pack's texts are translated
in the pack's catalogue, `refuge.policy.translations`)."""

from __future__ import annotations

LABELS = {
    "en": {
        "grant_refugee": "GRANT — asylum permit as a refugee",
        "grant_subsidiary": "GRANT — asylum permit, subsidiary protection",
        "reject": "REJECT",
        "reject_excluded": "REJECT — exclusion ground established",
        "no_decision_moratorium": "NO DECISION — moratorium in force",
        "further_investigation": "FURTHER INVESTIGATION needed before deciding",
    },
    "nl": {
        "grant_refugee": "INWILLIGEN — verblijfsvergunning asiel als vluchteling",
        "grant_subsidiary": "INWILLIGEN — verblijfsvergunning asiel, subsidiaire bescherming",
        "reject": "AFWIJZEN",
        "reject_excluded": "AFWIJZEN — uitsluitingsgrond vastgesteld",
        "no_decision_moratorium": "GEEN BESLISSING — moratorium van kracht",
        "further_investigation": "NADER ONDERZOEK nodig voor een beslissing",
    },
}

PHRASES = {
    "en": {
        "draft": "draft recommendation",
        "review": "permit review",
        "may": "revocation may be proposed",
        "may_not": "revocation cannot be proposed",
        "ext_may": "refusing the extension may be proposed",
        "ext_may_not": "refusing the extension cannot be proposed",
        "extension": (
            "The permit ended on {date} and the case records lawful residence: this reviews "
            "the extension of the permit, which art. 32(1) Vw 2000 lets be refused on the same "
            "grounds as a revocation. Assumed: the holder applied for the extension in time and "
            "resides lawfully while it is decided; check this. "
        ),
        "holder": (
            "For a permit holder this is not a recommendation on the permit (see the permit "
            "review): it is what an application on these facts would get on this date. "
        ),
        "notice": (
            "This is a recommendation, not a decision. A caseworker decides, records the "
            "decision and its reasons, and may depart from this recommendation with reasons."
        ),
    },
    "nl": {
        "draft": "conceptadvies",
        "review": "herbeoordeling vergunning",
        "may": "intrekking kan worden voorgesteld",
        "may_not": "intrekking kan niet worden voorgesteld",
        "ext_may": "afwijzing van de verlenging kan worden voorgesteld",
        "ext_may_not": "afwijzing van de verlenging kan niet worden voorgesteld",
        "extension": (
            "De vergunning is op {date} geëindigd en de zaak legt rechtmatig verblijf vast: dit "
            "beoordeelt de verlenging van de vergunning, die volgens art. 32 lid 1 Vw 2000 op "
            "dezelfde gronden als een intrekking kan worden afgewezen. Aangenomen: de houder "
            "heeft de verlenging tijdig aangevraagd en verblijft rechtmatig zolang daarop wordt "
            "beslist; controleer dit. "
        ),
        "holder": (
            "Voor een vergunninghouder is dit geen advies over de vergunning (zie de "
            "herbeoordeling): het is wat een aanvraag op deze feiten op deze datum zou krijgen. "
        ),
        "notice": (
            "Dit is een advies, geen beslissing. Een medewerker beslist, legt de beslissing en "
            "de motivering vast, en kan met redenen van dit advies afwijken."
        ),
    },
}
