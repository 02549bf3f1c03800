"""Refusals of a search of the report library: each names what is wrong and where (the query,
a filter) and what to do. Casework errors, so the API renders them as problem+json (400)."""

from __future__ import annotations

from refuge.coi.errors import CoiError


class InvalidSearchQuery(CoiError):
    code = "invalid-search-query"
    status = 400

    def __init__(self, message: str, field: str = "q") -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.reason = message
        self.extra = {
            "invalid_params": [{"name": f"query:{field}", "reason": message, "code": self.code}]
        }


class IndividualReportsNotSearched(InvalidSearchQuery):
    code = "individual-reports-not-searched"

    def __init__(self) -> None:
        super().__init__(
            "individual reports are not searched (each is about one person); read them "
            "through their application: refuge coi list --application ID",
            field="kind",
        )
