"""From facts to a decision: the engine's assessment (stored, immutable, never a decision),
the intended decision, the written view, and the decision a named person takes."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from refuge.assess import assess
from refuge.assess import errors as engine_errors
from refuge.assess.result import Assessment as Recommendation
from refuge.case.schema import Case
from refuge.casework import lifecycle
from refuge.casework.access import (
    load_application,
    load_application_and_person,
    require_case_role,
)
from refuge.casework.actor import Actor
from refuge.casework.applications import move
from refuge.casework.auditing import audit, audit_all, entry
from refuge.casework.case_facts import READS, case_of
from refuge.casework.decision_basis import decision_basis, newest_assessment, purpose_of
from refuge.casework.decisions import decision_out, standing_decision
from refuge.casework.errors import (
    ApprovalNeeded,
    AssessedBeforeApplication,
    AssessedBeforePermit,
    DateBeforePack,
    DecisionMoratoriumInForce,
    DeviationNeedsReasons,
    InvalidDate,
    NoPackForCountry,
    PermitLapsed,
    PermitWithoutResidence,
    RejectionNeedsIntendedDecision,
    RespondByTooEarly,
    UnknownRegion,
    WrittenViewBeforeIntendedDecision,
)
from refuge.casework.models import (
    Application,
    Assessment,
    Deadline,
    Decision,
    IntendedDecision,
    Person,
    WrittenView,
)
from refuge.casework.models.decisions import AWAITING_APPROVAL, IN_EFFECT
from refuge.casework.moratoria import moratorium_in_force
from refuge.casework.periods import period_of
from refuge.casework.schemas import (
    GRANTS,
    AssessmentOut,
    DecisionIn,
    DecisionOut,
    IntendedDecisionIn,
    IntendedDecisionOut,
    WrittenViewIn,
    WrittenViewOut,
)
from refuge.policy import PolicyNotInForce
from refuge.policy import country as packs


def assess_case(
    case: Case, as_of: date, *, lang: str = "en", all_steps: bool = False
) -> Recommendation:
    """The engine's assessment of `case` on `as_of`. A date or a country the engine cannot
    assess on is the caller's to fix (a casework error, 4xx), not a fault; nothing is stored."""
    try:
        return assess(case, as_of, all_steps=all_steps, lang=lang)
    except engine_errors.AssessedBeforeApplication as exc:
        raise AssessedBeforeApplication(exc.as_of, exc.application_date) from None
    except engine_errors.AssessedBeforePermit as exc:
        raise AssessedBeforePermit(exc.as_of, exc.granted) from None
    except engine_errors.PermitLapsed as exc:
        raise PermitLapsed(exc.as_of, exc.valid_until) from None
    except engine_errors.PermitWithoutResidence as exc:
        raise PermitWithoutResidence(exc.as_of, exc.granted, exc.valid_until) from None
    except PolicyNotInForce as exc:
        raise DateBeforePack(str(exc)) from None
    except packs.NoPackForCountry:
        raise NoPackForCountry(case.nationality) from None
    except engine_errors.UnknownRegion:
        raise UnknownRegion(case.region, case.nationality) from None


def run_assessment(
    session: Session,
    actor: Actor,
    application_id: uuid.UUID,
    as_of: date,
    today: date | None = None,
    *,
    lang: str = "en",
    all_steps: bool = False,
) -> AssessmentOut:
    """Assess the stored facts under the policy in force on `as_of` and store the engine's
    full output. It recommends; it never records a decision. Run on `today` (default: `as_of`,
    for callers without a clock) for `today` it is the basis of a decision of that day; for any
    other day, backdated or in the future, it is stored as `analysis` and never a basis."""
    require_case_role(actor, "run an assessment")
    app, person = load_application_and_person(session, actor, application_id, with_facts=True)
    result = assess_case(case_of(session, app, person), as_of, lang=lang, all_steps=all_steps)
    output = result.to_json_dict()
    stored = Assessment(
        application_id=app.id,
        as_of=as_of,
        recommendation=result.recommendation,
        policy_version=result.policy.version,
        pack_sha256=result.policy.pack_sha256,
        output=output,
        requested_by=actor.named_user("run an assessment"),
        purpose=purpose_of(as_of, as_of if today is None else today),
    )
    session.add(stored)
    session.flush()
    out = AssessmentOut.model_validate(stored).model_copy(update={"output": output})
    # audited last: the first audit append takes the chain's lock until the caller commits
    fields = ["as_of", "recommendation", "policy_version", "pack_sha256", "output", "purpose"]
    audit_all(
        session,
        [
            entry(actor, "read", "application", app.id, "run assessment", READS),
            entry(actor, "create", "assessment", stored.id, "run assessment", fields),
        ],
    )
    return out


def latest_assessment(session: Session, application_id: uuid.UUID) -> Assessment | None:
    """The newest stored assessment, of whatever date or purpose (not a decision's basis:
    that is `decision_basis.decision_basis`)."""
    return newest_assessment(session, application_id)


def read_newest_assessment(
    session: Session, actor: Actor, application_id: uuid.UUID, purpose: str
) -> Assessment | None:
    """The newest stored assessment of an application the actor may see, its output read for
    `purpose` (audited: its steps name the case's special-category facts)."""
    require_case_role(actor, "read an assessment")
    app = load_application(session, actor, application_id)
    found = newest_assessment(session, app.id)
    if found is not None:
        audit(session, actor, "read", "assessment", found.id, purpose, ["output"])
    return found


def issue_intended_decision(
    session: Session,
    actor: Actor,
    application_id: uuid.UUID,
    data: IntendedDecisionIn,
    today: date,
) -> IntendedDecisionOut:
    """Notify the intended decision (art. 39 Vw); the applicant may answer until respond_by."""
    require_case_role(actor, "issue an intended decision")
    app = load_application(session, actor, application_id)
    lifecycle.check_application(app.status, app.paused, "intended_decision")
    if data.respond_by <= today:
        raise RespondByTooEarly(data.respond_by, today)
    intended = IntendedDecision(
        application_id=app.id,
        outcome=data.outcome,
        reasons=data.reasons,
        issued_on=today,
        respond_by=data.respond_by,
        issued_by=actor.named_user("issue an intended decision"),
    )
    session.add(intended)
    session.flush()
    fields = ["outcome", "reasons", "issued_on", "respond_by"]
    audit(
        session,
        actor,
        "create",
        "intended_decision",
        intended.id,
        "issue intended decision",
        fields,
    )
    move(session, actor, app, "intended_decision", "intended decision issued")
    return IntendedDecisionOut.model_validate(intended)


def record_written_view(
    session: Session, actor: Actor, application_id: uuid.UUID, data: WrittenViewIn, today: date
) -> WrittenViewOut:
    """The applicant's written view on the intended decision (zienswijze), received on a day
    from the intended decision's issue to today."""
    app = load_application(session, actor, application_id)
    if data.received_on > today:
        raise InvalidDate("received_on", data.received_on, today)
    lifecycle.check_application(app.status, app.paused, "written_view")
    intended = _latest_intended(session, app.id)
    if intended is not None and data.received_on < intended.issued_on:
        raise WrittenViewBeforeIntendedDecision(data.received_on, intended.issued_on)
    view = WrittenView(application_id=app.id, received_on=data.received_on, summary=data.summary)
    session.add(view)
    session.flush()
    fields = ["received_on", "summary"]
    audit(session, actor, "create", "written_view", view.id, "record written view", fields)
    move(session, actor, app, "written_view", "written view received")
    return WrittenViewOut.model_validate(view)


def _latest_intended(session: Session, application_id: uuid.UUID) -> IntendedDecision | None:
    return session.scalar(
        select(IntendedDecision)
        .where(IntendedDecision.application_id == application_id)
        .order_by(IntendedDecision.issued_on.desc(), IntendedDecision.created_at.desc())
        .limit(1)
    )


def check_may_decide(session: Session, app: Application, outcome: str, today: date) -> None:
    """What the law asks before a decision takes effect `today`: the state allows it, a
    rejection came through an intended decision and its written-view period, no moratorium.

    The moratorium gives way for an application lodged from 12 June 2026 whose due date it
    would push past 21 months from lodging (`held_at_outer_limit`): art. 35(7) APR says the
    examination is concluded within those 21 months in any event, so it may be decided on
    any day, the limit day included (ADR 0006, "From 12 June 2026", rule 6)."""
    state = lifecycle.application_state(app.status, app.paused)
    lifecycle.check_application(app.status, app.paused, "decided")
    if state == "detailed_hearing" and outcome not in GRANTS:
        raise RejectionNeedsIntendedDecision(outcome)
    if state == "intended_decision":
        intended = _latest_intended(session, app.id)
        assert intended is not None  # the state is only reached by issuing one
        lifecycle.check_decision_after_intended(intended.respond_by, False, today)
    person = session.get_one(Person, app.person_id)
    if moratorium_in_force(person.nationality, today):
        rows = session.scalars(select(Deadline).where(Deadline.application_id == app.id))
        if not period_of(app, rows, person.nationality).held_at_outer_limit:
            raise DecisionMoratoriumInForce(person.nationality, today)


def record_decision(
    session: Session, actor: Actor, application_id: uuid.UUID, data: DecisionIn, today: date
) -> DecisionOut:
    """A named caseworker or supervisor decides on `today`. The decision is compared with the
    recommendation of the newest assessment run on `today` for `today` (a backdated or future
    assessment is analysis, never the basis; without a basis: 409, assess first). An outcome
    other than that recommendation needs reasons and is marked as departing from it. A
    caseworker's departure awaits a supervisor's approval (approvals.py) and leaves the
    application where it is; a supervisor's own departure takes effect at once."""
    require_case_role(actor, "record a decision")
    decided_by = actor.named_user("record a decision")
    app = load_application(session, actor, application_id)
    pending = standing_decision(session, app.id)
    if pending is not None and pending.status == AWAITING_APPROVAL:
        raise ApprovalNeeded(pending.id)
    check_may_decide(session, app, data.outcome, today)
    assessment = decision_basis(session, app.id, today)
    deviates = data.outcome != assessment.recommendation
    if deviates and not data.reasons.strip():
        raise DeviationNeedsReasons(data.outcome, assessment.recommendation)
    needs_approval = deviates and actor.role != "supervisor"
    decision = Decision(
        application_id=app.id,
        outcome=data.outcome,
        reasons=data.reasons,
        assessment_id=assessment.id,
        deviates_from_recommendation=deviates,
        decided_by=decided_by,
        status=AWAITING_APPROVAL if needs_approval else IN_EFFECT,
    )
    session.add(decision)
    session.flush()
    fields = ["outcome", "reasons", "assessment_id", "deviates_from_recommendation", "status"]
    if needs_approval:
        purpose = "record decision departing from the recommendation: awaits approval"
        audit(session, actor, "create", "decision", decision.id, purpose, fields)
    else:
        audit(session, actor, "create", "decision", decision.id, "record decision", fields)
        move(session, actor, app, "decided", f"decided: {data.outcome}")
    return decision_out(session, decision)
