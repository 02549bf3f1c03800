"""Every transition table, pair by pair: the allowed moves pass, every other move is refused
with the allowed next states named."""

from __future__ import annotations

from datetime import date
from itertools import product

import pytest

from refuge.casework import lifecycle
from refuge.casework.errors import (
    ForcedReturnNotPossible,
    InvalidTransition,
    WrittenViewPeriodRunning,
)
from refuge.casework.lifecycle import APPLICATION, REASSESSMENT, RETURN, StateMachine

MACHINES = [APPLICATION, REASSESSMENT, RETURN]


def pairs(machine: StateMachine) -> list[tuple[str, str, bool]]:
    states = machine.states
    return [(a, b, b in machine.transitions[a]) for a, b in product(states, states)]


@pytest.mark.parametrize("machine", MACHINES, ids=lambda m: m.name)
def test_every_pair_of_states_is_allowed_exactly_when_the_table_says(
    machine: StateMachine,
) -> None:
    for current, requested, allowed in pairs(machine):
        if allowed:
            machine.check(current, requested)
            continue
        with pytest.raises(InvalidTransition) as err:
            machine.check(current, requested)
        e = err.value
        assert (e.code, e.current, e.requested) == ("invalid-transition", current, requested)
        assert e.allowed == sorted(machine.transitions[current])
        assert requested in e.message and current in e.message


def test_the_application_table_as_the_guide_states_it() -> None:
    t = APPLICATION.transitions
    assert t["registered"] == {"first_hearing", "paused", "withdrawn"}
    assert t["first_hearing"] == {"detailed_hearing", "paused", "withdrawn"}
    assert t["detailed_hearing"] == {"intended_decision", "decided", "paused", "withdrawn"}
    assert t["intended_decision"] == {"written_view", "decided", "withdrawn"}
    assert t["written_view"] == {"decided", "paused", "withdrawn"}
    assert APPLICATION.final == {"decided", "withdrawn"}


@pytest.mark.parametrize("final", ["decided", "withdrawn"])
def test_a_decided_or_withdrawn_application_is_final(final: str) -> None:
    for requested in APPLICATION.states:
        with pytest.raises(InvalidTransition) as err:
            lifecycle.check_application(final, False, requested)
        assert err.value.allowed == []
        assert "is final" in err.value.message


@pytest.mark.parametrize("stage", ["registered", "first_hearing", "detailed_hearing"])
def test_requesting_a_report_pauses_and_receiving_it_resumes_the_same_stage(stage: str) -> None:
    assert lifecycle.check_application(stage, False, "paused") == (stage, True)
    assert lifecycle.application_state(stage, True) == "paused"
    assert lifecycle.allowed_next(stage, True) == sorted([stage, "withdrawn"])
    assert lifecycle.check_application(stage, True, stage) == (stage, False)
    assert lifecycle.check_application(stage, True, "withdrawn") == ("withdrawn", False)


def test_a_paused_application_moves_only_back_or_to_withdrawn() -> None:
    for requested in ["first_hearing", "detailed_hearing", "decided", "paused", "registered"]:
        if requested == "first_hearing":
            continue  # the stage it was paused in
        with pytest.raises(InvalidTransition) as err:
            lifecycle.check_application("first_hearing", True, requested)
        assert err.value.current == "paused"
        assert err.value.allowed == ["first_hearing", "withdrawn"]


def test_no_report_request_while_the_intended_decision_awaits_a_view() -> None:
    with pytest.raises(InvalidTransition):
        lifecycle.check_application("intended_decision", False, "paused")


def test_deciding_after_an_intended_decision_waits_for_the_written_view_period() -> None:
    respond_by = date(2025, 11, 1)
    with pytest.raises(WrittenViewPeriodRunning) as err:
        lifecycle.check_decision_after_intended(respond_by, False, respond_by)
    assert err.value.code == "written-view-period-running" and "2025-11-01" in err.value.message
    lifecycle.check_decision_after_intended(respond_by, False, date(2025, 11, 2))
    lifecycle.check_decision_after_intended(respond_by, True, date(2025, 10, 20))


def test_forced_departure_only_where_the_policy_allows_it() -> None:
    lifecycle.check_return("opened", "forced_departure", forced_return_possible=True)
    with pytest.raises(ForcedReturnNotPossible) as err:
        lifecycle.check_return("opened", "forced_departure", False, "no cooperation")
    e = err.value
    assert e.code == "forced-return-not-possible" and "no cooperation" in e.message
    assert e.allowed == ["closed", "facilitated_departure", "voluntary_departure"]
    # not in the table at all: the table's answer comes first
    with pytest.raises(InvalidTransition) as err2:
        lifecycle.check_return("departed", "forced_departure", True)
    assert err2.value.code == "invalid-transition" and err2.value.allowed == []


def test_reassessment_decisions_are_revoke_or_keep_then_closed() -> None:
    assert REASSESSMENT.allowed("written_view") == ["closed", "decided_keep", "decided_revoke"]
    assert REASSESSMENT.allowed("decided_revoke") == ["closed"]
    assert REASSESSMENT.final == {"closed"}
    assert RETURN.final == {"departed", "closed"}
