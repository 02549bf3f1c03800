"""Provenance: the country packs' citations of report library passages, resolved against the
library. Which rules and parameters rest on a passage; when a report has a newer revision
than the one a citation was written against, which of them to review, with the passage in
both revisions; and which citations dangle (no such document, revision or anchor).

A citation pins its revision (`coi:REF@2#2.3-p4`; without `@`, the first), so a newer
revision is noticed instead of silently taking the cited text's place. Citations resolve in
the library's own documents only: an individual report is never found (the pack loader refuses
its reference form, and any other reference of one is not in the library's scope).
Functions take `(session, actor, ...)`, like `refuge.coi.service`, and read only."""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from refuge.casework.actor import Actor
from refuge.casework.errors import NotFound
from refuge.coi import access
from refuge.coi.models import CoiDocument, CoiPassage
from refuge.coi.pack_citations import PackCitation, pack_citations, packs
from refuge.coi.provenance_errors import InvalidCitation
from refuge.coi.provenance_schemas import (
    CitationOut,
    CitationStatus,
    CitedBy,
    CitedPassage,
    DependentOut,
    Review,
    ToReview,
)
from refuge.coi.schemas import PassageOut
from refuge.coi.vocabulary import LIBRARY
from refuge.policy import coi_citation


def passage(session: Session, actor: Actor, name: str, anchor: str) -> CitedPassage:
    """The passage `anchor` of the library document `name` (`REF`: its newest revision;
    `REF@REV`: that revision): what a citation's link shows."""
    access.may_read_library(actor)
    reference, revision = parse_name(name)
    library = _Library(session)
    revisions = library.revisions(reference)
    document = revisions.get(revision or max(revisions, default=0))
    found = library.passage(document, anchor) if document else None
    if document is None or found is None:
        raise NotFound("passage", f"{name}#{anchor}")
    return CitedPassage(
        document_id=document.id,
        reference=reference,
        revision=document.revision,
        newest_revision=max(revisions),
        title=document.title,
        passage=_passage_out(found),
    )


def rules_resting_on(
    session: Session, actor: Actor, reference: str, anchor: str, country: str | None = None
) -> CitedBy:
    """The rules, outcome rows and parameter values (with the days and pack versions they are
    in force) that rest on passage `anchor` of `reference` (`REF@REV`: citations of that
    revision only), in every country's pack or in `country`'s."""
    access.may_read_library(actor)
    name, revision = parse_name(reference)
    library = _Library(session)
    matching = [
        c
        for c in _citations(country)
        if c.citation.reference == name
        and c.citation.anchor == anchor
        and revision in (None, c.citation.revision)
    ]
    return CitedBy(
        reference=name,
        revision=revision,
        anchor=anchor,
        citations=[_citation_out(library, c) for c in matching],
    )


def review_after_supersession(
    session: Session, actor: Actor, reference: str, country: str | None = None
) -> Review:
    """Every citation of `reference` written against an older revision than its newest, with
    what rests on it, the passage's link in the cited and in the newest revision, whether the
    anchor still exists and whether its text changed."""
    access.may_read_library(actor)
    name, _ = parse_name(reference)
    library = _Library(session)
    revisions = library.revisions(name)
    if not revisions:
        raise NotFound("document", name)
    newest = revisions[max(revisions)]
    items = []
    for c in _citations(country):
        cited = c.citation
        if cited.reference != name or cited.revision >= newest.revision:
            continue
        old_document = revisions.get(cited.revision)
        old = library.passage(old_document, cited.anchor) if old_document else None
        new = library.passage(newest, cited.anchor)
        changed = None if old is None or new is None else _words(old) != _words(new)
        items.append(
            ToReview(
                citation=_citation_out(library, c),
                old_passage=cited.path if old else None,
                new_passage=coi_citation.passage_path(name, newest.revision, cited.anchor)
                if new
                else None,
                anchor_exists=new is not None,
                text_changed=changed,
            )
        )
    return Review(
        reference=name, newest_revision=newest.revision, document_id=newest.id, items=items
    )


def check_citations(
    session: Session, actor: Actor, country: str | None = None
) -> list[CitationOut]:
    """Every passage citation of every pack (or of `country`'s) with its status: `ok`,
    `superseded` (a newer revision exists: review), or dangling: `no-document`,
    `no-revision`, `no-anchor`."""
    access.may_read_library(actor)
    library = _Library(session)
    return [_citation_out(library, c) for c in _citations(country)]


def citations_of(
    session: Session, actor: Actor, name: str, country: str | None = None
) -> list[CitationOut]:
    """The citations of one document (`REF@REV`: of that revision), with their status."""
    access.may_read_library(actor)
    reference, revision = parse_name(name)
    library = _Library(session)
    return [
        _citation_out(library, c)
        for c in _citations(country)
        if c.citation.reference == reference and revision in (None, c.citation.revision)
    ]


def parse_name(name: str) -> tuple[str, int | None]:
    """`REF` or `REF@REV` as (reference, revision or None)."""
    reference, at, revision = name.partition("@")
    if not coi_citation.REFERENCE.fullmatch(reference):
        raise InvalidCitation(
            name,
            f"{name!r} is not a document reference: lower-case letters, digits, '.', '_' and "
            "'-' (see `refuge coi list`), optionally @REVISION",
        )
    if at and not re.fullmatch(r"[1-9]\d{0,5}", revision):
        raise InvalidCitation(name, f"{name!r}: write the revision as @1, @2, ...")
    return reference, int(revision) if at else None


class _Library:
    """The library's documents by reference and revision, read once per question."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._documents: dict[str, dict[int, CoiDocument]] = {}

    def revisions(self, reference: str) -> dict[int, CoiDocument]:
        if reference not in self._documents:
            rows = self.session.scalars(
                select(CoiDocument).where(
                    CoiDocument.scope == LIBRARY,
                    CoiDocument.kind != "individual",
                    CoiDocument.reference == reference,
                )
            )
            self._documents[reference] = {d.revision: d for d in rows}
        return self._documents[reference]

    def passage(self, document: CoiDocument, anchor: str) -> CoiPassage | None:
        return self.session.scalar(
            select(CoiPassage).where(
                CoiPassage.document_id == document.id, CoiPassage.anchor == anchor
            )
        )


def _citations(country: str | None) -> list[PackCitation]:
    return [c for pack in packs(country) for c in pack_citations(pack)]


def _citation_out(library: _Library, c: PackCitation) -> CitationOut:
    status, message, newest = _status(library, c)
    cited = c.citation
    return CitationOut(
        country=c.country,
        pack_sha256=c.pack_sha256,
        source=c.source,
        title=c.title,
        locator=c.locator,
        citation=cited.text,
        reference=cited.reference,
        revision=cited.revision,
        anchor=cited.anchor,
        passage=cited.path,
        status=status,
        message=message,
        newest_revision=newest,
        dependents=[DependentOut.model_validate(d, from_attributes=True) for d in c.dependents],
    )


def _status(library: _Library, c: PackCitation) -> tuple[CitationStatus, str, int | None]:
    cited = c.citation
    ref, rev = cited.reference, cited.revision
    revisions = library.revisions(ref)
    if not revisions:
        return (
            "no-document",
            f"the library holds no document {ref!r}: add it (`refuge coi add FILE --reference "
            f"{ref}`) or correct the citation of source {c.source!r}",
            None,
        )
    newest = max(revisions)
    document = revisions.get(rev)
    if document is None:
        stored = ", ".join(str(r) for r in sorted(revisions))
        return (
            "no-revision",
            f"{ref} has revision(s) {stored}, not {rev}: correct the @revision of source "
            f"{c.source!r}",
            newest,
        )
    if library.passage(document, cited.anchor) is None:
        return (
            "no-anchor",
            f"{ref} revision {rev} has no passage {cited.anchor!r}: find the anchor with "
            f"`refuge coi show {ref}@{rev} --passages` and correct source {c.source!r}",
            newest,
        )
    if newest > rev:
        return (
            "superseded",
            f"{ref} has a newer revision, {newest}: review what rests on it (`refuge coi review "
            f"{ref}`), then cite @{newest}",
            newest,
        )
    return "ok", "the cited passage is in the library", newest


def _words(p: CoiPassage) -> list[str]:
    return p.content.split()


def _passage_out(p: CoiPassage) -> PassageOut:
    return PassageOut(
        ordinal=p.ordinal,
        anchor=p.anchor,
        kind=p.kind,
        section=p.section,
        heading_path=list(p.heading_path),
        text=p.content,
        page=p.page,
        page_end=p.page_end,
        start=p.start_offset,
        end=p.end_offset,
    )
