"""The words of the report library: the kinds of document, their status, their languages."""

from __future__ import annotations

from typing import Literal

KINDS = ("general", "thematic", "individual", "work_instruction", "policy_letter", "other")
Kind = Literal["general", "thematic", "individual", "work_instruction", "policy_letter", "other"]

# internal: not public; published: made public (by a Woo decision, or published as such)
STATUSES = ("internal", "published")
Status = Literal["internal", "published"]

LANGUAGES = ("nl", "en")
Language = Literal["nl", "en"]

# an individual report (about one person) belongs to one application; every other document to
# the library as a whole
LIBRARY = "library"

# the roles that read the library's documents (individual reports: the case's team only)
READERS = frozenset({"publisher", "analyst", "supervisor", "caseworker"})
# the role that adds documents to the library (individual reports: the case's team)
ADDERS = frozenset({"publisher"})


def application_scope(application_id: object) -> str:
    return f"application:{application_id}"
