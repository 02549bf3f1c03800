"""Casework errors. Each has a stable kebab-case `code` (the API's problem type) and a message
that says what to do. `status` is the HTTP status the API answers with."""

from __future__ import annotations

from datetime import date


class CaseworkError(Exception):
    code = "casework-error"
    status = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(CaseworkError):
    """No such record, or one outside the caller's scope (the same answer: 404, not 403)."""

    code = "not-found"
    status = 404

    def __init__(self, entity: str, entity_id: object) -> None:
        super().__init__(f"no {entity} {entity_id} that you can see; check the id")
        self.entity = entity


class NotAllowed(CaseworkError):
    """The record is in scope but the caller's role may not do this."""

    code = "role-not-allowed"
    status = 403

    def __init__(self, role: str, action: str, needed: str) -> None:
        super().__init__(
            f"{_article(role)} {role} may not {action}; ask {_article(needed)} {needed}"
        )


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"


class VersionConflict(CaseworkError):
    """The record changed since the caller read it (a stale ETag)."""

    code = "version-conflict"
    status = 412

    def __init__(self, entity: str, expected: int, current: int | None) -> None:
        now = f"it is now at version {current}" if current is not None else "it was changed"
        super().__init__(
            f"the {entity} you sent was based on version {expected}, but {now}; "
            "read it again, reapply your change and send it with the new version"
        )
        self.expected = expected
        self.current = current


class InvalidTransition(CaseworkError):
    code = "invalid-transition"
    status = 409

    def __init__(self, machine: str, current: str, requested: str, allowed: list[str]) -> None:
        nxt = ", ".join(allowed) if allowed else f"none: {current!r} is final"
        super().__init__(
            f"this {machine} is in state {current!r} and cannot move to {requested!r}; "
            f"allowed next: {nxt}"
        )
        self.machine = machine
        self.current = current
        self.requested = requested
        self.allowed = allowed


class TransitionNeedsAction(CaseworkError):
    """The state is reached by recording something (a decision, a view), not by a bare move."""

    code = "transition-needs-action"
    status = 409

    def __init__(self, requested: str, action: str) -> None:
        super().__init__(f"to move to {requested!r}, {action}")
        self.requested = requested


class WrittenViewPeriodRunning(CaseworkError):
    code = "written-view-period-running"
    status = 409

    def __init__(self, respond_by: date) -> None:
        super().__init__(
            f"the applicant may send a written view until {respond_by.isoformat()}; decide after "
            "that date, or record the written view first"
        )
        self.respond_by = respond_by


class RejectionNeedsIntendedDecision(CaseworkError):
    code = "rejection-needs-intended-decision"
    status = 409

    def __init__(self, outcome: str) -> None:
        super().__init__(
            f"an outcome {outcome!r} needs an intended decision and the chance of a written view "
            "first (art. 39 Vw); issue the intended decision"
        )


class DecisionMoratoriumInForce(CaseworkError):
    code = "decision-moratorium-in-force"
    status = 409

    def __init__(self, country: str, day: date) -> None:
        super().__init__(
            f"a decision moratorium for {country} is in force on {day.isoformat()}: no decision "
            "on the merits may be taken (art. 43 Vw); decide after the moratorium ends"
        )


class NoAssessment(CaseworkError):
    code = "assessment-required"
    status = 409

    def __init__(self) -> None:
        super().__init__("run the assessment on this application before recording the decision")


class DeviationNeedsReasons(CaseworkError):
    code = "deviation-needs-reasons"
    status = 400

    def __init__(self, outcome: str, recommendation: str) -> None:
        super().__init__(
            f"the outcome {outcome!r} departs from the recommendation {recommendation!r}; "
            "give the reasons for departing from it"
        )


class ExtensionNotAllowed(CaseworkError):
    code = "extension-not-allowed"
    status = 400


class PurposeRequired(CaseworkError):
    code = "purpose-required"
    status = 400

    def __init__(self) -> None:
        super().__init__("say why you read this case (purpose), e.g. 'prepare detailed hearing'")


class PersonMismatch(CaseworkError):
    """The V-number is registered with other details. The person may be another team's, so the
    answer is the same whichever detail differs and names none of the stored ones."""

    code = "person-mismatch"
    status = 409

    def __init__(self) -> None:
        super().__init__(
            "this V-number is already in use for a person registered with other details; check "
            "the V-number and the details you sent, and if they are right ask a supervisor (team "
            "lead) to have the registration of this V-number checked"
        )


class InvalidDate(CaseworkError):
    code = "date-in-future"
    status = 400

    def __init__(self, field: str, day: date, today: date) -> None:
        super().__init__(
            f"{field} {day.isoformat()} is after today ({today.isoformat()}); use a past date"
        )


class BeforeApplication(CaseworkError):
    """Something dated before the application was lodged (a hearing held before it)."""

    code = "before-application"
    status = 400

    def __init__(self, field: str, day: date, application_date: date) -> None:
        super().__init__(
            f"{field} {day.isoformat()} is before the application date "
            f"{application_date.isoformat()}; use a day on or after it"
        )
        self.extra = {field: day.isoformat(), "application_date": application_date.isoformat()}


class NoCoiRequestOutstanding(CaseworkError):
    code = "no-coi-request-outstanding"
    status = 409

    def __init__(self) -> None:
        super().__init__("no individual report request is outstanding; request one first")


class ForcedReturnNotPossible(InvalidTransition):
    """Forced departure is in the table, but the policy in force does not allow it."""

    code = "forced-return-not-possible"

    def __init__(self, current: str, allowed: list[str], why: str) -> None:
        super().__init__("return case", current, "forced_departure", allowed)
        self.message = f"forced departure is not possible: {why}; use one of: {', '.join(allowed)}"
        self.args = (self.message,)


class ApplicationClosed(CaseworkError):
    code = "application-closed"
    status = 409

    def __init__(self, state: str) -> None:
        super().__init__(f"the application is {state}; a closed application cannot be changed")


class DuplicateImport(CaseworkError):
    code = "duplicate-import-key"
    status = 409

    def __init__(self, import_key: str) -> None:
        # the stored application may be another team's: its id is not given
        super().__init__(
            f"the import key {import_key!r} is already in use; if this row was imported before, "
            "skip it, otherwise use another import key, or ask a supervisor (team lead) to find "
            "the application"
        )


class CaseworkerNotInTeam(CaseworkError):
    code = "caseworker-not-in-team"
    status = 400

    def __init__(self, user_id: object) -> None:
        super().__init__(
            f"user {user_id} is not an active caseworker or supervisor of this team; "
            "choose someone from the team"
        )


class WrittenViewBeforeIntendedDecision(CaseworkError):
    """A written view answers an intended decision: it cannot be received before it was issued."""

    code = "written-view-before-intended-decision"
    status = 400

    def __init__(self, received_on: date, issued_on: date) -> None:
        super().__init__(
            f"received_on {received_on.isoformat()} is before the intended decision it answers "
            f"was issued ({issued_on.isoformat()}); a written view is received on or after "
            f"{issued_on.isoformat()}"
        )
        self.extra = {
            "received_on": received_on.isoformat(),
            "issued_on": issued_on.isoformat(),
            "invalid_params": [
                {
                    "name": "body:received_on",
                    "reason": f"on or after the intended decision's date {issued_on.isoformat()}",
                    "code": "before-intended-decision",
                }
            ],
        }


class RespondByTooEarly(CaseworkError):
    code = "respond-by-too-early"
    status = 400

    def __init__(self, respond_by: date, today: date) -> None:
        super().__init__(
            f"respond_by {respond_by.isoformat()} leaves the applicant no time to answer; "
            f"give a day after today ({today.isoformat()})"
        )


class ImmutableRecord(CaseworkError):
    code = "immutable-record"
    status = 409

    def __init__(self, entity: str) -> None:
        super().__init__(
            f"a stored {entity} cannot be changed or deleted; run a new assessment instead"
        )


class ReasonsRequired(CaseworkError):
    code = "reasons-required"
    status = 400

    def __init__(self, what: str) -> None:
        super().__init__(f"{what} needs reasons; give them")


class NamedUserRequired(CaseworkError):
    """The actor is no stored user (the CLI without `--as`) and the step records a name."""

    code = "named-user-required"
    status = 403

    def __init__(self, actor: str, action: str) -> None:
        super().__init__(
            f"{actor!r} is not a named user and may not {action}; act as a user (sign in, or "
            "give the CLI `--as USERNAME`)"
        )


class ApprovalNeeded(CaseworkError):
    """A decision that departs from the recommendation waits for a supervisor."""

    code = "approval-needed"
    status = 409

    def __init__(self, decision_id: object) -> None:
        super().__init__(
            f"decision {decision_id} departs from the recommendation and awaits a supervisor's "
            "approval; ask a supervisor of the team to approve or reject it before deciding again"
        )
        self.decision_id = decision_id


class NotAwaitingApproval(CaseworkError):
    code = "not-awaiting-approval"
    status = 409

    def __init__(self) -> None:
        super().__init__(
            "no decision on this application awaits approval; only a caseworker's decision that "
            "departs from the recommendation needs one — record the decision first"
        )


class ApproverNotSupervisor(NotAllowed):
    code = "approver-not-supervisor"

    def __init__(self, role: str, action: str) -> None:
        super().__init__(role, action, "supervisor of the team")


class ApproverIsDecider(CaseworkError):
    """Four eyes: whoever recorded the decision does not also approve or reject it."""

    code = "approver-is-decider"
    status = 409

    def __init__(self) -> None:
        super().__init__(
            "you recorded this decision yourself; another supervisor of the team approves or "
            "rejects it"
        )


class AssessedBeforeApplication(CaseworkError):
    """An assessment dated before the application was lodged (the engine refuses it)."""

    code = "assessed-before-application"
    status = 400

    def __init__(self, as_of: date, application_date: date) -> None:
        super().__init__(
            f"the assessment date {as_of.isoformat()} is before the application date "
            f"{application_date.isoformat()}; assess on or after {application_date.isoformat()}"
        )
        self.as_of = as_of
        self.application_date = application_date
        self.extra = {"as_of": as_of.isoformat(), "application_date": application_date.isoformat()}


class AssessedBeforePermit(CaseworkError):
    """A permit holder assessed on a day before the permit was granted (the engine refuses)."""

    code = "assessed-before-permit"
    status = 400

    def __init__(self, as_of: date, granted: date) -> None:
        super().__init__(
            f"the assessment date {as_of.isoformat()} is before the permit was granted on "
            f"{granted.isoformat()}; assess on or after {granted.isoformat()}"
        )
        self.extra = {"as_of": as_of.isoformat(), "permit_granted": granted.isoformat()}


class PermitLapsed(CaseworkError):
    """The person's permit ended before the assessment date and the application records no
    lawful residence (the engine refuses: there is no permit left to review)."""

    code = "permit-lapsed"
    status = 409

    def __init__(self, as_of: date, valid_until: date) -> None:
        super().__init__(
            f"the permit ended on {valid_until.isoformat()}, before {as_of.isoformat()}, and "
            "the application records no lawful residence: record the lawful residence if the "
            "extension was applied for in time, or end the permit"
        )
        self.extra = {"as_of": as_of.isoformat(), "permit_valid_until": valid_until.isoformat()}


class PermitWithoutResidence(CaseworkError):
    """The person holds a permit in force while the application records no lawful residence
    (the engine refuses contradictory facts)."""

    code = "permit-without-residence"
    status = 409

    def __init__(self, as_of: date, granted: date, valid_until: date) -> None:
        super().__init__(
            f"the person holds a permit in force on {as_of.isoformat()} (valid until "
            f"{valid_until.isoformat()}) but the application records no lawful residence: "
            "record the lawful residence"
        )
        self.extra = {
            "as_of": as_of.isoformat(),
            "permit_granted": granted.isoformat(),
            "permit_valid_until": valid_until.isoformat(),
        }


class DateBeforePack(CaseworkError):
    """An assessment dated before the first day of the country's policy pack."""

    code = "date-before-pack"
    status = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)  # the pack's own words: its first day and the date asked


class NoPackForCountry(CaseworkError):
    """The application's nationality has no policy pack: the engine cannot assess it."""

    code = "no-pack-for-country"
    status = 409

    def __init__(self, country: str) -> None:
        super().__init__(
            f"there is no policy pack for country {country!r}, so its applications cannot be "
            "assessed; a policy officer adds the pack first"
        )


class UnknownRegion(CaseworkError):
    """The application's region of origin is not one the country's pack lists."""

    code = "unknown-region"
    status = 409

    def __init__(self, region: str, country: str) -> None:
        super().__init__(
            f"the region of origin {region!r} is not a region of the {country} policy pack, so "
            "the application cannot be assessed; check the region, or ask a policy officer to "
            "add it to the pack"
        )


class ReturnNotDue(CaseworkError):
    """A return case is opened only for an application whose rejection is in effect, or whose
    residence permit has ended."""

    code = "return-not-due"
    status = 409

    def __init__(self, why: str) -> None:
        super().__init__(
            f"{why}; a return case is opened only on an application whose rejection is in effect, "
            "or whose permit has ended"
        )


class ReturnCaseOpen(CaseworkError):
    """The person already has an open return case (perhaps another team's: it is not named)."""

    code = "return-case-open"
    status = 409

    def __init__(self) -> None:
        super().__init__(
            "this person already has an open return case; continue with that one, or close it "
            "before opening another (ask a supervisor if your team does not hold it)"
        )
