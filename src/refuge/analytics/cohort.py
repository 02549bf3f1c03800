"""Cohorts: who is in a group of persons the caseload holds, declared rather than queried.

A cohort says what its members have in common (nationality, region, a permit of a kind and
ground held on a date or granted in a period, an application pending or decided on a date);
`count_cohort` answers how many persons, in total or per region, nationality or permit ground,
from the store. Every count that leaves passes `refuge.casework.disclosure` first.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, time
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from sqlalchemy import ColumnElement, Select, and_, exists, func, select
from sqlalchemy.orm import Session

from refuge.casework.disclosure import THRESHOLD, disclose
from refuge.casework.models import Application, Decision, Permit, Person
from refuge.policy.vocabulary import PermitGround
from refuge.quote import reason

By = Literal["region", "nationality", "permit_ground"]
DECIDED = ("decided", "withdrawn")


class Cohort(BaseModel):
    """What the members of a cohort have in common; every criterion is optional."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    nationality: str | None = Field(default=None, pattern=r"^[A-Z]{2}$")
    region: str | None = Field(default=None, pattern=r"^[A-Z]{2}-[A-Z0-9]{1,3}$")
    permit: Literal["temporary_asylum"] | None = Field(
        default=None, description="holds a permit of this kind (on `at`, if given)"
    )
    permit_ground: PermitGround | None = None
    granted_from: date | None = None
    granted_to: date | None = None
    at: date | None = Field(default=None, description="the reference date")
    application: Literal["pending", "decided"] | None = Field(
        default=None, description="has an application pending or decided (on `at`, if given)"
    )

    @model_validator(mode="after")
    def _coherent(self) -> Cohort:
        if self.granted_from and self.granted_to and self.granted_to < self.granted_from:
            raise ValueError("granted_to is before granted_from")
        if (self.permit_ground or self.granted_from or self.granted_to) and not self.permit:
            raise ValueError("permit_ground, granted_from and granted_to need permit")
        return self

    def describe(self) -> str:
        shown = self.model_dump(exclude_none=True)
        return ", ".join(f"{k}={v}" for k, v in shown.items()) or "every person"


class CohortFileError(Exception):
    """A cohort file that cannot be read; the message names the file and the field."""


def read_cohort(path: Path) -> Cohort:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else 1
        raise CohortFileError(f"{path}:{line}: not YAML ({exc.problem})") from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise CohortFileError(f"{path}: cannot read it ({type(exc).__name__})") from None
    if data is not None and not isinstance(data, dict):
        raise CohortFileError(f"{path}: a cohort is a mapping of criteria, e.g. nationality: SY")
    try:
        return Cohort.model_validate(data or {})
    except ValidationError as exc:
        problems = "; ".join(
            f"field '{'.'.join(str(p) for p in e['loc']) or '(file)'}': {reason(e)}"
            for e in exc.errors()
        )
        raise CohortFileError(f"{path}: {problems}") from None


def members_of(cohort: Cohort) -> Select[uuid.UUID]:
    """The ids of the persons in the cohort."""
    query = select(Person.id)
    if cohort.nationality:
        query = query.where(Person.nationality == cohort.nationality)
    if cohort.region:
        query = query.where(Person.region_of_origin == cohort.region)
    if cohort.permit:
        query = query.where(exists().where(Permit.person_id == Person.id, *_held(cohort)))
    if cohort.application:
        query = query.where(exists().where(_application(cohort)))
    return query


def _held(cohort: Cohort) -> list[ColumnElement[bool]]:
    """A permit as the cohort asks: its kind and ground, granted when, held on `at` (or held
    now: active)."""
    held = [Permit.kind == (cohort.permit or "temporary_asylum")]
    if cohort.permit_ground:
        held.append(Permit.ground == cohort.permit_ground)
    if cohort.granted_from:
        held.append(Permit.granted >= cohort.granted_from)
    if cohort.granted_to:
        held.append(Permit.granted <= cohort.granted_to)
    if cohort.at:
        held += [
            Permit.granted <= cohort.at,
            Permit.valid_until >= cohort.at,
            Permit.status != "revoked",
        ]
    else:
        held.append(Permit.status == "active")
    return held


def _application(cohort: Cohort) -> ColumnElement[bool]:
    lodged = Application.person_id == Person.id
    if cohort.at is None:
        state = (
            Application.status.in_(DECIDED)
            if cohort.application == "decided"
            else Application.status.not_in(DECIDED)
        )
        return and_(lodged, state)
    end_of_day = datetime.combine(cohort.at, time.max)
    decided_by_then = exists().where(
        Decision.application_id == Application.id,
        Decision.status == "in_effect",
        Decision.decided_at <= end_of_day,
    )
    on_day = and_(lodged, Application.application_date <= cohort.at)
    if cohort.application == "decided":
        return and_(on_day, decided_by_then)
    return and_(on_day, ~decided_by_then, Application.status != "withdrawn")


def count_cohort(
    session: Session, cohort: Cohort, by: By | None = None, threshold: int = THRESHOLD
) -> dict[str, int | None]:
    """Persons in the cohort, in total (key "total") or per value of `by`; a count from 1 to
    `threshold - 1` is None (suppressed), with secondary suppression across the groups."""
    members = members_of(cohort).subquery()
    if by is None:
        total = session.scalar(select(func.count()).select_from(members)) or 0
        return disclose({"total": total}, threshold)
    if by == "permit_ground":
        column = Permit.ground
        query = (
            select(column, func.count(func.distinct(Permit.person_id)))
            .join(members, members.c.id == Permit.person_id)
            .where(*_held(cohort))
            .group_by(column)
        )
    else:
        column = Person.region_of_origin if by == "region" else Person.nationality
        query = (
            select(column, func.count()).join(members, members.c.id == Person.id).group_by(column)
        )
    counts = {str(key): n for key, n in session.execute(query)}
    return disclose(dict(sorted(counts.items())), threshold)
