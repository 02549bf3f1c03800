"""What the pages say when the casework service refuses something, in the viewer's language.

The service's errors carry a stable `code` and an English message for the API; the pages show
the translated text for the codes a user meets in a form, and the service's own message (with
its code) for the rest."""

from __future__ import annotations

from starlette.requests import Request

from refuge.casework.errors import CaseworkError
from refuge.web.labels import N_
from refuge.web.templating import gettext

BY_CODE = {
    "deviation-needs-reasons": N_(
        "This decision departs from the recommendation: give your reasons before saving it."
    ),
    "assessment-required": N_(
        "Run the assessment for today first: a decision is compared with today's recommendation."
    ),
    "rejection-needs-intended-decision": N_(
        "A rejection needs an intended decision first, and the period for the written view "
        "must have ended."
    ),
    "written-view-period-running": N_(
        "The applicant may still send a written view; decide after the period ends."
    ),
    "decision-moratorium-in-force": N_(
        "A decision moratorium is in force for this country: no decision can be taken now."
    ),
    "approval-needed": N_("A decision departing from the recommendation awaits approval."),
    "approver-is-decider": N_("You took this decision; another supervisor must approve it."),
    "not-awaiting-approval": N_("No decision of this case awaits approval."),
    "reasons-required": N_("Give the reasons."),
    "respond-by-too-early": N_("The period for the written view is too short."),
    "purpose-required": N_("Say why you open the facts of this case."),
    "application-closed": N_("This application is closed."),
    "invalid-transition": N_("This step is not possible in the case's present state."),
    "transition-needs-action": N_("This step is not possible in the case's present state."),
    "assessed-before-application": N_("The assessment date is before the application date."),
    "date-before-pack": N_("There is no policy in force on that date."),
    "assessed-before-permit": N_("The assessment date is before the permit was granted."),
    "permit-lapsed": N_(
        "The permit ended before this date and the application records no lawful residence."
    ),
    "permit-without-residence": N_(
        "The person holds a permit in force but the application records no lawful residence."
    ),
    "date-in-future": N_("That date is after today; use a past date."),
    "before-application": N_("That date is before the application was lodged."),
}


def refusal(request: Request, error: CaseworkError) -> str:
    known = BY_CODE.get(error.code)
    if known is not None:
        return gettext(request, known)
    return f"{error} ({error.code})"
