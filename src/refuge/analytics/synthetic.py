"""Whether the store holds the synthetic demo caseload: every output made from it says so."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from refuge.casework.models import Application


def holds_synthetic(session: Session) -> bool:
    """True if any application was loaded by `refuge demo-data` (import key `synthetic:...`)."""
    found = session.scalar(
        select(Application.id).where(Application.import_key.like("synthetic:%")).limit(1)
    )
    return found is not None
