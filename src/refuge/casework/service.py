"""The casework service: every operation on applications, permits' re-assessments and return
cases, with no HTTP. Functions take `(session, actor, ...)`, never commit (the caller does),
audit in the caller's transaction, and raise the errors in errors.py (each with a `code`)."""

from refuge.casework.applications import (
    get_application,
    list_applications,
    reassign,
    register_application,
    transition,
    update_facts,
)
from refuge.casework.approvals import approve_deviation, reject_deviation
from refuge.casework.deciding import (
    issue_intended_decision,
    latest_assessment,
    read_newest_assessment,
    record_decision,
    record_written_view,
    run_assessment,
)
from refuge.casework.investigation import (
    findings_of,
    hearings_of,
    receive_coi_report,
    record_finding,
    record_hearing,
    request_coi_report,
)
from refuge.casework.periods import deadline_list, deadline_status, extend_decision_period, overdue
from refuge.casework.reassessments import open_reassessment, transition_reassessment
from refuge.casework.returns import open_return_case, transition_return_case

__all__ = [
    "approve_deviation",
    "deadline_list",
    "deadline_status",
    "extend_decision_period",
    "findings_of",
    "get_application",
    "hearings_of",
    "issue_intended_decision",
    "latest_assessment",
    "list_applications",
    "open_reassessment",
    "open_return_case",
    "overdue",
    "read_newest_assessment",
    "reassign",
    "receive_coi_report",
    "record_decision",
    "record_finding",
    "record_hearing",
    "record_written_view",
    "register_application",
    "reject_deviation",
    "request_coi_report",
    "run_assessment",
    "transition",
    "transition_reassessment",
    "transition_return_case",
    "update_facts",
]
