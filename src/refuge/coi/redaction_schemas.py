"""The redaction workflow's input and output: a span to mark, a decision, and redactions and
proposals as shown (to publishers: the withheld text is shown to them, never published)."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, model_validator

from refuge.strict import Name, Text

NOTE = Field(min_length=1, max_length=2000, description="why the text is withheld")


class MarkSpan(BaseModel):
    """A span by its offsets in the document's text (`start`, `end`), or by the `anchor` of a
    passage and the exact `text` to withhold within it (found once in that passage)."""

    model_config = ConfigDict(extra="forbid")

    start: int | None = Field(default=None, ge=0, description="first character withheld")
    end: int | None = Field(default=None, ge=1, description="one past the last")
    anchor: Name | None = Field(default=None, max_length=64, description="a passage, e.g. 2.3-p4")
    text: Text | None = Field(default=None, max_length=5000, description="the exact text")
    ground: Name = Field(max_length=10, description="a Woo ground's code, e.g. 5.1.2e")
    note: Text = NOTE

    @model_validator(mode="after")
    def _one_way(self) -> MarkSpan:
        by_offsets = self.start is not None or self.end is not None
        by_text = self.anchor is not None or self.text is not None
        if by_offsets == by_text:
            raise ValueError("give either start and end, or anchor and text")
        if by_offsets and (self.start is None or self.end is None):
            raise ValueError("give both start and end")
        if by_text and (self.anchor is None or self.text is None):
            raise ValueError("give both anchor and text")
        return self


class Rejection(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: Text = Field(min_length=1, max_length=2000, description="why it is not withheld")


class Acceptance(BaseModel):
    model_config = ConfigDict(extra="forbid")

    ground: Name | None = Field(default=None, max_length=10, description="default: proposed")
    note: Text | None = Field(default=None, min_length=1, max_length=2000)


class RedactionStep(BaseModel):
    """One version of a redaction: who did what, when."""

    number: int
    status: str
    actor: str
    at: datetime
    reason: str | None


class RedactionOut(BaseModel):
    id: uuid.UUID  # the redaction (stable over its versions)
    document_id: uuid.UUID
    start: int
    end: int
    anchor: str
    text: str
    ground: str
    ground_label: str
    note: str
    status: str  # marked | approved | rejected
    marked_by: str
    version: int
    carried_from: uuid.UUID | None  # the redaction of the previous revision it came from
    proposal_id: uuid.UUID | None
    history: list[RedactionStep]


class ProposalOut(BaseModel):
    id: uuid.UUID
    document_id: uuid.UUID
    start: int
    end: int
    anchor: str
    text: str
    recogniser: str
    ground: str
    status: str  # open | accepted | dismissed
    proposed_by: str
    decided_by: str | None


class CarriedOver(BaseModel):
    """What became of the previous revision's approved redactions in this one."""

    carried: int  # found at the same anchor: marked again, awaiting approval
    proposed: int  # found elsewhere only: proposals
    gone: int  # not in this revision's text at all


class ScanResult(BaseModel):
    document_id: uuid.UUID
    new: list[ProposalOut]
    open: int  # every open proposal of the document, the new ones included
    carried_over: CarriedOver
