"""Provenance over HTTP: a cited passage by its link (`/coi/documents/REF@REV/passages/ANCHOR`,
the path a pack citation and an assessment's sources carry), what in the packs rests on it,
the rules to review after a newer revision, and the status of each citation of a document.
Read-only, for those who read the library. Thin: each route calls `refuge.coi.provenance`."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel, Field

from refuge.api.auth import ActorDep
from refuge.api.deps import SessionDep
from refuge.coi import provenance
from refuge.coi.provenance_schemas import DANGLING, CitationOut, CitedBy, CitedPassage, Review

router = APIRouter(prefix="/coi", tags=["report library"])

Name = Annotated[
    str,
    Path(
        max_length=110,
        description="the document's reference (its newest revision) or REFERENCE@REVISION",
        examples=["kamervragen-syrie-terugkeer-2025-09-29@1"],
    ),
]
Anchor = Annotated[str, Path(max_length=64, description="the passage's anchor", examples=["p11"])]
Country = Annotated[
    str | None,
    Query(pattern=r"^[A-Z]{2}$", description="only this country's pack (ISO 3166-1 alpha-2)"),
]


class CitationList(BaseModel):
    items: list[CitationOut]
    dangling: int = Field(description="how many citations dangle")


@router.get("/documents/{name}/passages/{anchor}", response_model=CitedPassage)
def get_cited_passage(db: SessionDep, actor: ActorDep, name: Name, anchor: Anchor) -> CitedPassage:
    """One passage of one revision of a library document: where a citation's link leads."""
    return provenance.passage(db, actor, name, anchor)


@router.get("/documents/{name}/passages/{anchor}/cited-by", response_model=CitedBy)
def get_cited_by(
    db: SessionDep, actor: ActorDep, name: Name, anchor: Anchor, country: Country = None
) -> CitedBy:
    """The rules, outcome rows and parameter values of the packs that rest on the passage,
    with the days and pack versions they do (`REF@REV`: citations of that revision only)."""
    return provenance.rules_resting_on(db, actor, name, anchor, country)


@router.get("/documents/{name}/review", response_model=Review)
def get_review(db: SessionDep, actor: ActorDep, name: Name, country: Country = None) -> Review:
    """The citations written against an older revision than the newest, to review: each with
    what rests on it, the passage's link in the cited and in the newest revision, whether its
    anchor still exists and whether its text changed."""
    return provenance.review_after_supersession(db, actor, name, country)


@router.get("/documents/{name}/citations", response_model=CitationList)
def list_citations(
    db: SessionDep, actor: ActorDep, name: Name, country: Country = None
) -> CitationList:
    """Every passage citation of the document in the packs (`REF@REV`: of that revision), with
    its status: `ok`, `superseded` (a newer revision: review), or dangling (`no-document`,
    `no-revision`, `no-anchor`). Every pack's citations at once: `refuge coi check-citations`."""
    items = provenance.citations_of(db, actor, name, country)
    return CitationList(items=items, dangling=sum(c.status in DANGLING for c in items))
