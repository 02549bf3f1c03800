"""A pack source's citation of one passage in the report library: `coi:` followed by
`REFERENCE[@REVISION]#ANCHOR`, e.g. `kamervragen-syrie-terugkeer-2025-09-29@1#p11`.

The reference is the document's short name in the library, the anchor the passage's stable
anchor (`2.3`, `2.3-p4`, `p7`, `h2`, `2.3~2-p1`), and the revision the one the citation was
written against: a report that gets a newer revision is then known to need review. Without
`@REVISION` the citation is to the first revision.

Only the form is checked here; whether the library holds that passage is the library's
question (`refuge.coi.provenance`), as the engine never reads the library. The passage's
address in the API is built from the citation alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# the same form as a library document's reference (`refuge.coi.schemas.REFERENCE`)
REFERENCE = re.compile(r"[a-z0-9][a-z0-9._-]{0,99}")
SECTION = r"\d{1,2}(?:\.\d{1,3}){0,5}(?:~[1-9]\d*)?"
ANCHOR = re.compile(rf"(?:{SECTION}(?:-p[1-9]\d*)?|[ph][1-9]\d*)")
CITATION = re.compile(r"(?P<reference>[^@#\s]+)(?:@(?P<revision>[^#\s]*))?#(?P<anchor>\S*)")
# the reference the library gives an individual report (`refuge.coi.service`)
INDIVIDUAL_PREFIX = "individual-"
EXAMPLE = "kamervragen-syrie-terugkeer-2025-09-29@1#p11"
PASSAGE_PATH = "/api/v1/coi/documents/{reference}@{revision}/passages/{anchor}"


class BadCoiCitation(ValueError):
    """The text is not a citation of a library passage; `code` says why."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True, slots=True)
class CoiCitation:
    reference: str
    revision: int
    anchor: str

    @property
    def text(self) -> str:
        return f"coi:{self.reference}@{self.revision}#{self.anchor}"

    @property
    def path(self) -> str:
        """The API path of the cited passage in the cited revision."""
        return passage_path(self.reference, self.revision, self.anchor)


def passage_path(reference: str, revision: int, anchor: str) -> str:
    return PASSAGE_PATH.format(reference=reference, revision=revision, anchor=anchor)


def parse(text: str) -> CoiCitation:
    """The citation written as `REFERENCE[@REVISION]#ANCHOR` (a leading `coi:` is allowed)."""
    body = text.strip().removeprefix("coi:")
    found = CITATION.fullmatch(body)
    if found is None:
        raise BadCoiCitation(
            "bad-coi-citation",
            f"{text!r} is not a passage citation; write REFERENCE#ANCHOR or "
            f"REFERENCE@REVISION#ANCHOR, e.g. {EXAMPLE!r}",
        )
    reference, revision, anchor = found["reference"], found["revision"], found["anchor"]
    if not REFERENCE.fullmatch(reference):
        raise BadCoiCitation(
            "bad-coi-citation",
            f"{reference!r} is not a document reference: lower-case letters, digits, '.', '_' "
            f"and '-', starting with a letter or digit (see `refuge coi list`), e.g. {EXAMPLE!r}",
        )
    if reference.startswith(INDIVIDUAL_PREFIX):
        raise BadCoiCitation(
            "coi-individual-report",
            f"{reference!r} is an individual report, about one person: a pack is public policy "
            "and cannot cite personal data; cite a general or thematic report instead",
        )
    if revision is not None and not re.fullmatch(r"[1-9]\d{0,5}", revision):
        raise BadCoiCitation(
            "bad-coi-citation",
            f"revision {revision!r} of {reference!r} is not a revision number: write @1, @2, "
            f"... (see `refuge coi show {reference}`), e.g. {EXAMPLE!r}",
        )
    if not ANCHOR.fullmatch(anchor):
        raise BadCoiCitation(
            "bad-coi-citation",
            f"{anchor!r} is not a passage anchor: write a section (2.3), a paragraph of one "
            f"(2.3-p4), or a paragraph or heading by place (p7, h2); see `refuge coi show "
            f"{reference} --passages`",
        )
    return CoiCitation(reference, int(revision) if revision else 1, anchor)
