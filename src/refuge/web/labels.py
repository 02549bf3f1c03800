"""Names the pages show for the platform's codes (roles), as gettext messages."""

from __future__ import annotations


def N_(message: str) -> str:
    """Marks `message` for the catalogue without translating it here."""
    return message


ROLE_LABELS = {
    "caseworker": N_("caseworker"),
    "supervisor": N_("supervisor"),
    "analyst": N_("analyst"),
    "publisher": N_("publisher"),
    "auditor": N_("auditor"),
    "admin": N_("administrator"),
}

STATE_LABELS = {
    "registered": N_("registered"),
    "first_hearing": N_("first hearing held"),
    "detailed_hearing": N_("detailed hearing held"),
    "intended_decision": N_("intended decision notified"),
    "written_view": N_("written view received"),
    "decided": N_("decided"),
    "withdrawn": N_("withdrawn"),
    "paused": N_("paused for a country report"),
}
HEARING_KINDS = {"first": N_("First hearing"), "detailed": N_("Detailed hearing")}
CREDIBILITY_LABELS = {
    "credible": N_("credible"),
    "not_credible": N_("not credible"),
    "undetermined": N_("undetermined"),
}
