"""A new revision of a report keeps the redactions of the one before, for a person to look at
again: each approved redaction of the previous revision whose exact text is found at the same
anchor in the new one is marked there again (carried over), and needs a second publisher's
approval like any mark (the new revision's context may have changed). Text found only
elsewhere in the new revision is proposed there (recogniser `earlier_revision`); text no
longer in it is counted as gone. Marked or rejected redactions of the previous revision are
not carried over.

It runs by itself whenever the new revision's redactions are listed, marked, scanned or read
for publishing, and does nothing the second time (a redaction carried over is not carried
again), so a new revision is never published without the previous revision's redactions."""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from refuge.casework.actor import Actor
from refuge.casework.auditing import audit
from refuge.coi.models import CoiDocument
from refuge.coi.proposal_rows import Found, store
from refuge.coi.redaction_access import DocumentText, text_of
from refuge.coi.redaction_models import APPROVED, CoiRedaction
from refuge.coi.redaction_schemas import CarriedOver
from refuge.coi.redaction_versions import current, first, overlapping


def carry_over(
    session: Session, actor: Actor, document: CoiDocument, text: DocumentText
) -> CarriedOver:
    if document.supersedes_id is None:
        return CarriedOver(carried=0, proposed=0, gone=0)
    previous = session.get(CoiDocument, document.supersedes_id)
    if previous is None:
        return CarriedOver(carried=0, proposed=0, gone=0)
    done = set(
        session.scalars(
            select(CoiRedaction.carried_from_id).where(
                CoiRedaction.document_id == document.id, CoiRedaction.carried_from_id.is_not(None)
            )
        )
    )
    todo = [r for r in current(session, previous.id) if r.status == APPROVED and r.id not in done]
    if not todo:
        return CarriedOver(carried=0, proposed=0, gone=0)
    mine = current(session, document.id)
    old_text = text_of(session, previous)
    carried, elsewhere, gone = 0, [], 0
    for old in todo:
        at = _at_same_anchor(old, old_text, text)
        if at is not None and overlapping(mine, at, at + len(old.text)) is None:
            row = first(
                document.id,
                at,
                at + len(old.text),
                old.anchor,
                old.text,
                old.ground,
                old.note,
                actor.username,
                actor.named_user("carry redactions over"),
                carried_from_id=old.id,
            )
            session.add(row)
            session.flush()
            mine.append(row)
            audit(session, actor, "create", "coi_redaction", row.redaction_id, "carry over")
            carried += 1
            continue
        hits = [m.start() for m in re.finditer(re.escape(old.text), text.text)]
        if at is None and not hits:
            gone += 1
        elsewhere += [Found(h, h + len(old.text), "earlier_revision", old.ground) for h in hits]
    proposed = store(session, document.id, text, elsewhere, mine, actor.username)
    return CarriedOver(carried=carried, proposed=len(proposed), gone=gone)


def _at_same_anchor(old: CoiRedaction, old_text: DocumentText, new: DocumentText) -> int | None:
    """Where the old span's text is in the passage of the same anchor in the new revision: at
    the same place within the passage if it is there, else its first occurrence there."""
    old_passage = old_text.passage(old.anchor)
    new_passage = new.passage(old.anchor)
    if old_passage is None or new_passage is None:
        return None
    same = new_passage[0] + (old.start_offset - old_passage[0])
    if new.text[same : same + len(old.text)] == old.text:
        return same
    found = new.text.find(old.text, new_passage[0])
    return found if 0 <= found < new_passage[1] else None
