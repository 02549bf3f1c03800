"""A person known to the service, by pseudonymous id and V-number."""

from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from refuge.store.base import Base, Entity


class Person(Entity, Base):
    __tablename__ = "people"

    pseudonym: Mapped[str] = mapped_column(String(32), unique=True)
    v_number: Mapped[str] = mapped_column(String(16), unique=True)  # vreemdelingennummer
    nationality: Mapped[str] = mapped_column(String(2), index=True)  # ISO 3166-1 alpha-2
    region_of_origin: Mapped[str] = mapped_column(String(6))  # ISO 3166-2
