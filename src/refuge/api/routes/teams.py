"""Teams: caseworkers and supervisors see their own team's cases."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response, status

from refuge.accounts import service
from refuge.accounts.schemas import TeamCreate, TeamOut
from refuge.api.auth import PrincipalDep
from refuge.api.deps import SessionDep
from refuge.api.pagination import PageDep, PageOut, page_out

router = APIRouter(prefix="/teams", tags=["teams"])


@router.get("", response_model=PageOut[TeamOut])
def list_teams(
    page: PageDep, request: Request, response: Response, db: SessionDep
) -> PageOut[TeamOut]:
    teams, total = service.list_teams(db, page.offset, page.page_size)
    return page_out([TeamOut.of(t) for t in teams], total, page, request, response)


@router.post("", status_code=status.HTTP_201_CREATED, response_model=TeamOut)
def add_team(body: TeamCreate, principal: PrincipalDep, db: SessionDep) -> TeamOut:
    team = service.add_team(db, body.name, actor=principal.username)
    db.commit()
    return TeamOut.of(team)
