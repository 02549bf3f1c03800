"""Who is acting: the signed-in user as the casework service sees them."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

CASE_ROLES = frozenset({"caseworker", "supervisor"})


@dataclass(frozen=True, slots=True)
class Actor:
    """A named user. The API builds one from the session or token; the CLI from its user."""

    user_id: uuid.UUID
    username: str
    role: str  # caseworker | supervisor | analyst | publisher | auditor | admin
    team_id: uuid.UUID | None

    @property
    def works_cases(self) -> bool:
        """Caseworkers and supervisors see case content; every other role sees none."""
        return self.role in CASE_ROLES and self.team_id is not None
