"""What the API reads and writes about users, teams, tokens and sessions."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Annotated, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, PlainSerializer

from refuge.accounts.models import Team, User
from refuge.store.base import as_utc
from refuge.strict import Flag, Name

Role = Literal["caseworker", "supervisor", "analyst", "publisher", "auditor", "admin"]
USERNAME = r"^[a-z0-9][a-z0-9._-]{1,63}$"


def _utc(at: datetime) -> str:
    return as_utc(at).astimezone(UTC).isoformat().replace("+00:00", "Z")


# Responses give instants in UTC with a Z (NL API /core/date-time); requests: any offset.
Instant = Annotated[datetime, PlainSerializer(_utc, return_type=str, when_used="json")]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SignIn(Strict):
    username: Name = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=1024)


class UserCreate(Strict):
    username: Name = Field(pattern=USERNAME, description="lowercase letters, digits, . _ -")
    password: str = Field(
        min_length=12,
        max_length=1024,
        description="at least 12 characters; for one sign-in only: the user then sets their own",
    )
    role: Role
    team: Name | None = Field(default=None, max_length=100, description="team name or id")
    display_name: Name | None = Field(default=None, min_length=1, max_length=200)


class PasswordChange(Strict):
    current_password: str = Field(min_length=1, max_length=1024)
    new_password: str = Field(
        min_length=12, max_length=1024, description="at least 12 characters; not the current one"
    )


class UserUpdate(Strict):
    role: Role | None = None
    team: Name | None = Field(default=None, max_length=100)
    display_name: Name | None = Field(default=None, min_length=1, max_length=200)
    active: Flag | None = None


class UserOut(BaseModel):
    id: uuid.UUID
    username: str
    display_name: str
    role: Role
    team_id: uuid.UUID | None
    active: bool
    password_change_required: bool = Field(
        description="true: the user must set their own password "
        "(POST /sessions/current/password) before anything else"
    )
    created_at: Instant

    @classmethod
    def of(cls, user: User) -> UserOut:
        return cls.model_validate(user, from_attributes=True)


class TeamCreate(Strict):
    name: Name = Field(min_length=1, max_length=100)


class TeamOut(BaseModel):
    id: uuid.UUID
    name: str
    created_at: Instant

    @classmethod
    def of(cls, team: Team) -> TeamOut:
        return cls.model_validate(team, from_attributes=True)


class TokenCreate(Strict):
    name: Name = Field(default="api", min_length=1, max_length=100)
    expires_at: AwareDatetime | None = Field(
        default=None, description="RFC 3339, in the future; none: no expiry"
    )


class TokenOut(BaseModel):
    id: uuid.UUID
    name: str
    expires_at: Instant | None
    token: str = Field(description="shown once; only its SHA-256 is kept")


class SessionOut(BaseModel):
    """Who is signed in, and until when (session cookie) or by which means (token)."""

    user: UserOut
    method: Literal["cookie", "bearer"]
    expires_at: Instant | None = None
    idle_timeout_seconds: int | None = None
