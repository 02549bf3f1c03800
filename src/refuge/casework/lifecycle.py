"""The lifecycles of an application, a permit re-assessment and a return case, as explicit
tables of allowed transitions. Guards that need facts (a date, the policy) are separate
functions so that the tables stay readable; docs/guide/casework.md explains them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from refuge.casework.errors import (
    ForcedReturnNotPossible,
    InvalidTransition,
    WrittenViewPeriodRunning,
)


@dataclass(frozen=True)
class StateMachine:
    name: str
    transitions: Mapping[str, frozenset[str]]
    initial: str

    @property
    def states(self) -> list[str]:
        return list(self.transitions)

    @property
    def final(self) -> frozenset[str]:
        return frozenset(s for s, nxt in self.transitions.items() if not nxt)

    def allowed(self, current: str) -> list[str]:
        """The states `current` may move to, sorted (empty for a final state)."""
        return sorted(self.transitions.get(current, frozenset()))

    def check(self, current: str, requested: str) -> None:
        """Raise InvalidTransition unless `current -> requested` is in the table."""
        if requested not in self.transitions.get(current, frozenset()):
            raise InvalidTransition(self.name, current, requested, self.allowed(current))


def _table(rows: Mapping[str, set[str]]) -> dict[str, frozenset[str]]:
    return {state: frozenset(nxt) for state, nxt in rows.items()}


# --- application -------------------------------------------------------------------------------
# `paused` is entered by requesting an individual country report and left by receiving it,
# back to the stage it was paused in (stored in Application.status while Application.paused is
# set). RESUME stands for that stage in the table.
RESUME = "<resume>"
APPLICATION = StateMachine(
    name="application",
    initial="registered",
    transitions=_table(
        {
            "registered": {"first_hearing", "paused", "withdrawn"},
            "first_hearing": {"detailed_hearing", "paused", "withdrawn"},
            # a grant needs no intended decision (art. 39 Vw concerns an intended rejection);
            # record_decision refuses a rejection from here
            "detailed_hearing": {"intended_decision", "decided", "paused", "withdrawn"},
            # `decided` straight from here only once the written-view period has passed
            "intended_decision": {"written_view", "decided", "withdrawn"},
            "written_view": {"decided", "paused", "withdrawn"},
            "paused": {RESUME, "withdrawn"},
            "decided": set(),
            "withdrawn": set(),
        }
    ),
)
APPLICATION_STATES = tuple(APPLICATION.states)
OPEN_STATES = tuple(s for s in APPLICATION.states if s not in APPLICATION.final)


def application_state(status: str, paused: bool) -> str:
    """The state a caseworker sees: `paused` while a report request is outstanding."""
    return "paused" if paused else status


def check_application(status: str, paused: bool, requested: str) -> tuple[str, bool]:
    """Check `requested` against the table; return what to store: (status, paused).
    Pausing keeps the stage in `status`; resuming is a request for that stage."""
    current = application_state(status, paused)
    if current == "paused":
        if requested == status:
            return status, False
        if requested != "withdrawn":
            raise InvalidTransition(APPLICATION.name, current, requested, [status, "withdrawn"])
        return requested, False
    APPLICATION.check(current, requested)
    if requested == "paused":
        return status, True
    return requested, False


def allowed_next(status: str, paused: bool) -> list[str]:
    return sorted([status, "withdrawn"]) if paused else APPLICATION.allowed(status)


def check_decision_after_intended(
    respond_by: date, written_view_received: bool, today: date
) -> None:
    """`intended_decision -> decided` without a written view: only once the period is over.
    The last day to respond is `respond_by` itself, so the earliest decision day is the next."""
    if not written_view_received and today <= respond_by:
        raise WrittenViewPeriodRunning(respond_by)


# --- permit re-assessment (revocation, art. 32 and 41 Vw) ---------------------------------------
REASSESSMENT = StateMachine(
    name="reassessment",
    initial="opened",
    transitions=_table(
        {
            "opened": {"intended_revocation", "decided_keep", "closed"},
            "intended_revocation": {"written_view", "decided_revoke", "decided_keep", "closed"},
            "written_view": {"decided_revoke", "decided_keep", "closed"},
            "decided_revoke": {"closed"},
            "decided_keep": {"closed"},
            "closed": set(),
        }
    ),
)


# --- return case ------------------------------------------------------------------------------
RETURN = StateMachine(
    name="return case",
    initial="opened",
    transitions=_table(
        {
            "opened": {
                "voluntary_departure",
                "facilitated_departure",
                "forced_departure",
                "closed",
            },
            "voluntary_departure": {"facilitated_departure", "departed", "closed"},
            "facilitated_departure": {"departed", "closed"},
            "forced_departure": {"departed", "closed"},
            "departed": set(),
            "closed": set(),
        }
    ),
)
FORCED = "forced_departure"


def check_return(
    current: str, requested: str, forced_return_possible: bool, why_not: str = ""
) -> None:
    """The table, plus the policy: forced departure only where the pack allows it."""
    RETURN.check(current, requested)
    if requested == FORCED and not forced_return_possible:
        allowed = [s for s in RETURN.allowed(current) if s != FORCED]
        raise ForcedReturnNotPossible(
            current, allowed, why_not or "the policy in force does not allow it"
        )
