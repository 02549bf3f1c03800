"""The scan: proposes spans of a document to redact, for a person to accept or dismiss
(`refuge.coi.proposals`); it never redacts anything itself.

It proposes what the pattern recognisers find (`refuge.coi.recognisers`: names after a title,
V-numbers, BSNs passing the elfproef, telephone numbers, email addresses, IBANs passing mod-97,
dates of birth), names redacted (approved) in other documents of the library, and every other
occurrence in this document of text that is marked or redacted here (the repetition check:
a name withheld in one paragraph and left in the next would undo the redaction). Spans that
are marked, redacted or proposed already are not proposed again."""

from __future__ import annotations

import re
import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from refuge.casework.actor import Actor
from refuge.casework.auditing import audit
from refuge.coi.carry_over import carry_over
from refuge.coi.models import CoiDocument
from refuge.coi.proposal_rows import store
from refuge.coi.proposals import proposal_out
from refuge.coi.recognisers import Found, known_names, recognise
from refuge.coi.redaction_access import DocumentText, load_redactable, text_of
from refuge.coi.redaction_models import ACTIVE, APPROVED, OPEN, CoiRedaction
from refuge.coi.redaction_models import CoiRedactionProposal as Proposal
from refuge.coi.redaction_schemas import ScanResult
from refuge.coi.redaction_versions import current
from refuge.coi.vocabulary import LIBRARY


def scan(session: Session, actor: Actor, document_id: uuid.UUID) -> ScanResult:
    document = load_redactable(session, actor, document_id)
    text = text_of(session, document)
    carried = carry_over(session, actor, document, text)
    redactions = current(session, document.id)
    found = [
        *recognise(text.text),
        *known_names(text.text, _redacted_elsewhere(session, document)),
        *repetitions(text, redactions),
    ]
    new = store(session, document.id, text, found, redactions, actor.username)
    audit(session, actor, "create", "coi_document", document.id, f"scan: {len(new)} proposed")
    still_open = session.scalars(
        select(Proposal.id).where(Proposal.document_id == document.id, Proposal.status == OPEN)
    ).all()
    return ScanResult(
        document_id=document.id,
        new=[proposal_out(p) for p in new],
        open=len(still_open),
        carried_over=carried,
    )


def repetitions(text: DocumentText, redactions: list[CoiRedaction]) -> list[Found]:
    """Every occurrence of a marked or redacted text elsewhere in the document."""
    found = []
    for r in redactions:
        if r.status not in ACTIVE:
            continue
        for m in re.finditer(re.escape(r.text), text.text):
            if m.start() != r.start_offset:
                found.append(Found(m.start(), m.end(), "repetition", r.ground))
    return found


def _redacted_elsewhere(session: Session, document: CoiDocument) -> list[str]:
    """The texts of approved redactions in the library's other documents."""
    others = select(CoiDocument.id).where(
        CoiDocument.scope == LIBRARY, CoiDocument.id != document.id
    )
    rows = session.scalars(select(CoiRedaction).where(CoiRedaction.document_id.in_(others))).all()
    newest: dict[uuid.UUID, CoiRedaction] = {}
    for row in sorted(rows, key=lambda r: r.number):
        newest[row.redaction_id] = row
    return [str(r.text) for r in newest.values() if r.status == APPROVED]
