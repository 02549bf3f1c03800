"""Who is acting: the signed-in user as the casework service sees them."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from refuge.casework.errors import NamedUserRequired

CASE_ROLES = frozenset({"caseworker", "supervisor"})


@dataclass(frozen=True, slots=True)
class Actor:
    """Who acts. The API builds one from the session or token (always a stored user); the CLI
    from its user, or with no user at all (`refuge import cases` without `--as`): then
    `user_id` is None and only steps that record no person's name are open to it."""

    user_id: uuid.UUID | None
    username: str
    role: str  # caseworker | supervisor | analyst | publisher | auditor | admin
    team_id: uuid.UUID | None

    @property
    def works_cases(self) -> bool:
        """Caseworkers and supervisors see case content; every other role sees none."""
        return self.role in CASE_ROLES and self.team_id is not None

    def named_user(self, action: str) -> uuid.UUID:
        """The id of the person acting, for a step the law puts a name to (an assessment
        requested, a decision taken or approved); NamedUserRequired without one."""
        if self.user_id is None:
            raise NamedUserRequired(self.username, action)
        return self.user_id
