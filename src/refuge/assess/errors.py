"""Errors an assessment raises for a case it cannot assess on the date asked."""

from __future__ import annotations

from datetime import date


class AssessedBeforeApplication(Exception):
    """An assessment dated before the application was lodged: nothing can be decided
    on an application that did not exist yet."""

    code = "assessed-before-application"

    def __init__(self, as_of: date, application_date: date) -> None:
        super().__init__(
            f"the assessment date {as_of.isoformat()} is before the application date "
            f"{application_date.isoformat()}; assess on or after "
            f"{application_date.isoformat()}"
        )
        self.as_of = as_of
        self.application_date = application_date


class AssessedBeforePermit(Exception):
    """A permit holder's case assessed on a day before the permit was granted: the permit the
    review is about was not held then, so the case's facts contradict the date."""

    code = "assessed-before-permit"

    def __init__(self, as_of: date, granted: date) -> None:
        super().__init__(
            f"the assessment date {as_of.isoformat()} is before the permit was granted on "
            f"{granted.isoformat()}; assess on or after {granted.isoformat()}, or leave the "
            "permit out to assess the application as it stood before"
        )
        self.as_of = as_of
        self.granted = granted


class PermitLapsed(Exception):
    """A permit that ended before the assessment date, on a case that records no lawful
    residence: the permit lapsed, so there is no permit left to review."""

    code = "permit-lapsed"

    def __init__(self, as_of: date, valid_until: date) -> None:
        super().__init__(
            f"the permit ended on {valid_until.isoformat()}, before the assessment date "
            f"{as_of.isoformat()}, and the case records no lawful residence: the permit lapsed "
            "and there is no permit to review; if its extension was applied for in time, record "
            "legal_residence true; if it was extended, record the new valid_until; otherwise "
            f"leave the permit out (or assess on or before {valid_until.isoformat()})"
        )
        self.as_of = as_of
        self.valid_until = valid_until


class PermitWithoutResidence(Exception):
    """A permit in force on the assessment date on a case that records no lawful residence:
    a person holding a permit in force resides lawfully, so the facts contradict each other."""

    code = "permit-without-residence"

    def __init__(self, as_of: date, granted: date, valid_until: date) -> None:
        super().__init__(
            f"the permit (granted {granted.isoformat()}, valid until {valid_until.isoformat()}) "
            f"is in force on {as_of.isoformat()} but the case records no lawful residence; a "
            "person holding a permit in force resides lawfully: record legal_residence true, "
            "or correct the permit's dates"
        )
        self.as_of = as_of
        self.granted = granted
        self.valid_until = valid_until


DATE_ERRORS = (
    AssessedBeforeApplication,
    AssessedBeforePermit,
    PermitLapsed,
    PermitWithoutResidence,
)


class UnknownRegion(Exception):
    """A region of origin that the country's pack does not list."""

    code = "unknown-region"

    def __init__(self, region: str, known: list[str]) -> None:
        super().__init__(
            f"region {region!r} is not a region of the pack; use one of {', '.join(known)}"
        )
        self.region = region
        self.known = known
