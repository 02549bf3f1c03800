"""Storage of the redaction workflow: redactions, kept as versions, and the scan's proposals.

A redaction is a character range of a document's normalized text (`start_offset`/`end_offset`,
as the passages' offsets) withheld on a Woo ground. It is never changed in place: each step
(marked, approved, rejected) is a new row with the next `number` under the same
`redaction_id`, saying who took it and when, so its whole history is kept; the row with the
highest number is its state. `(redaction_id, number)` is unique, so two people deciding the
same redaction at the same moment cannot both succeed.

A proposal is what the scan (`refuge.coi.scan`) found: never applied by itself. A person
accepts it (it becomes a marked redaction, which a second publisher still approves) or
dismisses it; that decision is the one change made to a proposal row.

The withheld text, notes and reasons are encrypted: they are what the redaction keeps from the
public (a name, a BSN, the reasoning about a person).
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from refuge.store.base import Base, utcnow
from refuge.store.crypto import Encrypted

# the states of a redaction
MARKED = "marked"  # awaits a second publisher's approval or rejection
APPROVED = "approved"  # withheld when the document is published
REJECTED = "rejected"  # not withheld (a marked span a second publisher refused)
ACTIVE = (MARKED, APPROVED)  # a span no other span may overlap

# the states of a proposal
OPEN = "open"
ACCEPTED = "accepted"
DISMISSED = "dismissed"


class CoiRedaction(Base):
    """One version of a redaction."""

    __tablename__ = "coi_redactions"
    __table_args__ = (UniqueConstraint("redaction_id", "number", name="uq_coi_redactions_version"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    redaction_id: Mapped[uuid.UUID] = mapped_column(index=True)  # the first version's id
    number: Mapped[int] = mapped_column(Integer)  # 1, 2, ...
    document_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("coi_documents.id"), index=True)
    start_offset: Mapped[int] = mapped_column(Integer)
    end_offset: Mapped[int] = mapped_column(Integer)
    anchor: Mapped[str] = mapped_column(String(64))  # the passage the span starts in
    ground: Mapped[str] = mapped_column(String(10))  # a Woo ground's code, e.g. 5.1.2e
    note: Mapped[Any] = mapped_column(Encrypted("coi_redactions.note"))
    text: Mapped[Any] = mapped_column(Encrypted("coi_redactions.text"))  # what is withheld
    status: Mapped[str] = mapped_column(String(10))  # marked | approved | rejected
    reason: Mapped[Any] = mapped_column(Encrypted("coi_redactions.reason"), nullable=True)
    actor: Mapped[str] = mapped_column(String(100))  # who took this step
    marked_by: Mapped[str] = mapped_column(String(100))  # who marked it
    marked_by_id: Mapped[uuid.UUID] = mapped_column()  # that user, whoever signs in how (4 eyes)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    proposal_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("coi_redaction_proposals.id"))
    # an approved redaction of the previous revision this one was carried over from
    carried_from_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("coi_redactions.id"))


class CoiRedactionProposal(Base):
    """A span the scan proposes to redact, for a person to accept or dismiss."""

    __tablename__ = "coi_redaction_proposals"
    __table_args__ = (
        UniqueConstraint(
            "document_id", "start_offset", "end_offset", name="uq_coi_redaction_proposals_span"
        ),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    document_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("coi_documents.id"), index=True)
    start_offset: Mapped[int] = mapped_column(Integer)
    end_offset: Mapped[int] = mapped_column(Integer)
    anchor: Mapped[str] = mapped_column(String(64))
    recogniser: Mapped[str] = mapped_column(String(20))  # name | bsn | iban | repetition | ...
    ground: Mapped[str] = mapped_column(String(10))  # the ground it suggests
    text: Mapped[Any] = mapped_column(Encrypted("coi_redaction_proposals.text"))
    status: Mapped[str] = mapped_column(String(10), default=OPEN)  # open|accepted|dismissed
    proposed_by: Mapped[str] = mapped_column(String(100))  # who ran the scan
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_by: Mapped[str | None] = mapped_column(String(100))
    decided_at: Mapped[datetime | None] = mapped_column()
