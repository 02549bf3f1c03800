"""Refusals of the library's provenance questions (which rules rest on a passage, which to
review): each names what is wrong and what to do. Casework errors, so the API renders them as
problem+json."""

from __future__ import annotations

from refuge.coi.errors import CoiError


class InvalidCitation(CoiError):
    """A passage or document named as a citation is not written as one."""

    code = "invalid-citation"
    status = 400

    def __init__(self, written: str, message: str) -> None:
        super().__init__(message)
        self.extra = {
            "invalid_params": [{"name": "citation", "reason": message, "code": self.code}]
        }
        self.written = written


class PackNotReadable(CoiError):
    """A country's pack cannot be read, so what rests on a passage cannot be said."""

    code = "pack-not-readable"
    status = 409

    def __init__(self, country: str, why: str) -> None:
        super().__init__(
            f"the policy pack of {country} cannot be read ({why}); run `refuge policy check "
            f"policies/{country}.yaml` and fix it first"
        )
        self.country = country
