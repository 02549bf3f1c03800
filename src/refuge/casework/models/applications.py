"""An asylum application and what is gathered for it: hearings, findings, report requests."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Mapped, mapped_column

from refuge.store.base import Base, Entity
from refuge.store.crypto import Encrypted

# the findings on the internal protection alternative, each in a column `internal_protection_<x>`
INTERNAL_PROTECTION = ("safe_there", "safe_and_legal_travel", "admittance", "reasonable_to_settle")
NOT_ASSESSED = "not_assessed"


class EncryptedFlag(Encrypted):
    """An encrypted yes/no fact that came after the table had rows: a row from before it holds
    no value (NULL) and reads as `False`, the fact's default. A server default cannot stand in
    for it: it would be one fixed ciphertext, the same in every row that has it."""

    cache_ok = True

    def process_result_value(self, value: bytes | None, dialect: Dialect) -> Any:
        return False if value is None else super().process_result_value(value, dialect)


def _finding() -> Mapped[str]:
    return mapped_column(String(20), default=NOT_ASSESSED, server_default=NOT_ASSESSED)


class Application(Entity, Base):
    __tablename__ = "applications"

    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("people.id"), index=True)
    team_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("teams.id"), index=True)
    caseworker_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20), default="first")  # first | subsequent
    application_date: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(30), index=True, default="registered")
    paused: Mapped[bool] = mapped_column(Boolean, default=False)  # waiting for a COI report
    # facts established so far; special-category ones encrypted at rest
    grounds: Mapped[list[Any]] = mapped_column(Encrypted("applications.grounds"))
    risk_profiles: Mapped[list[Any]] = mapped_column(Encrypted("applications.risk_profiles"))
    exclusion_grounds: Mapped[list[Any]] = mapped_column(
        Encrypted("applications.exclusion_grounds")
    )
    # indications (not established) of exclusion or of support for the former regime: about
    # criminal conduct and political opinion, so kept like exclusion_grounds
    exclusion_indications: Mapped[bool] = mapped_column(
        EncryptedFlag("applications.exclusion_indications"), nullable=True, default=False
    )
    regime_support_indications: Mapped[bool] = mapped_column(
        EncryptedFlag("applications.regime_support_indications"), nullable=True, default=False
    )
    credibility: Mapped[str] = mapped_column(String(20), default="not_assessed")
    # None: not assessed yet (the caseworker has not weighed the indicators); 0: none found
    individual_risk_indicators: Mapped[int | None] = mapped_column(Integer, nullable=True)
    internal_protection_safe_there: Mapped[str] = _finding()
    internal_protection_safe_and_legal_travel: Mapped[str] = _finding()
    internal_protection_admittance: Mapped[str] = _finding()
    internal_protection_reasonable_to_settle: Mapped[str] = _finding()
    legal_residence: Mapped[bool] = mapped_column(Boolean, default=False)
    minor: Mapped[bool] = mapped_column(Boolean, default=False)
    import_key: Mapped[str | None] = mapped_column(String(64), unique=True)  # bulk import

    @property
    def internal_protection(self) -> dict[str, str]:
        """The four findings as the engine's `internal_protection` (yes | no | not_assessed)."""
        return {name: getattr(self, f"internal_protection_{name}") for name in INTERNAL_PROTECTION}

    @internal_protection.setter
    def internal_protection(self, findings: Mapping[str, str]) -> None:
        """Set the findings given; the others stay as they are."""
        for name, value in findings.items():
            if name not in INTERNAL_PROTECTION:
                raise AttributeError(f"internal_protection has no finding {name!r}")
            setattr(self, f"internal_protection_{name}", value)


class Hearing(Entity, Base):
    __tablename__ = "hearings"

    application_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("applications.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # first | detailed
    held_on: Mapped[date] = mapped_column(Date)
    interpreter_language: Mapped[str | None] = mapped_column(String(40))
    summary: Mapped[Any] = mapped_column(Encrypted("hearings.summary"))


class Finding(Entity, Base):
    """The caseworker's credibility finding on one claimed element."""

    __tablename__ = "findings"

    application_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("applications.id"), index=True)
    element: Mapped[Any] = mapped_column(Encrypted("findings.element"))
    credible: Mapped[str] = mapped_column(String(20))  # credible | not_credible | undetermined
    notes: Mapped[Any] = mapped_column(Encrypted("findings.notes"))


class CoiRequest(Entity, Base):
    """An individual country-of-origin report requested for this application."""

    __tablename__ = "coi_requests"

    application_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("applications.id"), index=True)
    requested_on: Mapped[date] = mapped_column(Date)
    received_on: Mapped[date | None] = mapped_column(Date)
    question: Mapped[Any] = mapped_column(Encrypted("coi_requests.question"))
