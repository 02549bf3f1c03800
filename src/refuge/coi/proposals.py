"""The scan's proposals: listed for a publisher, who accepts one (it becomes a marked
redaction, which a second publisher still approves) or dismisses it. Both are audited; a
proposal is decided once."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from refuge.casework.actor import Actor
from refuge.casework.auditing import audit
from refuge.casework.errors import NotFound
from refuge.coi import redactions
from refuge.coi.redaction_access import load_redactable, may_redact
from refuge.coi.redaction_errors import ProposalDecided
from refuge.coi.redaction_models import ACCEPTED, DISMISSED, OPEN
from refuge.coi.redaction_models import CoiRedactionProposal as Proposal
from refuge.coi.redaction_schemas import MarkSpan, ProposalOut, RedactionOut
from refuge.store.base import utcnow

# the note of an accepted proposal when the publisher gives none
FOUND_AS = {
    "titled_name": "a person's name (after a title)",
    "redacted_elsewhere": "a name redacted in another document",
    "repetition": "the same text as a redaction elsewhere in this document",
    "earlier_revision": "redacted in the previous revision of this report",
    "v_number": "a V-number (vreemdelingennummer)",
    "bsn": "a BSN (citizen service number)",
    "phone": "a telephone number",
    "email": "an email address",
    "iban": "a bank account number (IBAN)",
    "date_of_birth": "a date of birth",
}


def list_proposals(
    session: Session, actor: Actor, document_id: uuid.UUID, status: str | None = OPEN
) -> list[ProposalOut]:
    document = redactions.opened(session, actor, document_id)[0]
    stmt = select(Proposal).where(Proposal.document_id == document.id)
    if status is not None:
        stmt = stmt.where(Proposal.status == status)
    rows = session.scalars(stmt.order_by(Proposal.start_offset, Proposal.end_offset))
    return [proposal_out(p) for p in rows]


def accept(
    session: Session,
    actor: Actor,
    proposal_id: uuid.UUID,
    ground: str | None = None,
    note: str | None = None,
) -> RedactionOut:
    proposal = _open(session, actor, proposal_id)
    span = MarkSpan(
        start=proposal.start_offset,
        end=proposal.end_offset,
        ground=ground or proposal.ground,
        note=note or f"proposed by the scan: {FOUND_AS.get(proposal.recogniser, 'found')}",
    )
    marked = redactions.mark(session, actor, proposal.document_id, span, proposal.id)
    _decide(proposal, ACCEPTED, actor)
    audit(session, actor, "accept", "coi_redaction_proposal", proposal.id, "accept")
    session.flush()
    return marked


def dismiss(session: Session, actor: Actor, proposal_id: uuid.UUID) -> ProposalOut:
    proposal = _open(session, actor, proposal_id)
    _decide(proposal, DISMISSED, actor)
    audit(session, actor, "dismiss", "coi_redaction_proposal", proposal.id, "dismiss")
    session.flush()
    return proposal_out(proposal)


def proposal_out(p: Proposal) -> ProposalOut:
    return ProposalOut(
        id=p.id,
        document_id=p.document_id,
        start=p.start_offset,
        end=p.end_offset,
        anchor=p.anchor,
        text=p.text,
        recogniser=p.recogniser,
        ground=p.ground,
        status=p.status,
        proposed_by=p.proposed_by,
        decided_by=p.decided_by,
    )


def _open(session: Session, actor: Actor, proposal_id: uuid.UUID) -> Proposal:
    may_redact(actor)
    proposal = session.get(Proposal, proposal_id)
    if proposal is None:
        raise NotFound("proposal", proposal_id)
    load_redactable(session, actor, proposal.document_id)
    if proposal.status != OPEN:
        raise ProposalDecided(proposal_id, proposal.status)
    return proposal


def _decide(proposal: Proposal, status: str, actor: Actor) -> None:
    proposal.status = status
    proposal.decided_by = actor.username
    proposal.decided_at = utcnow()
