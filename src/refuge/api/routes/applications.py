"""Applications: register, list, read (audited, with a purpose), update facts, move, reassign,
and the decision period. Thin: each route calls `refuge.casework.service`."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, Header, Query, Request, Response, status
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict

from refuge.api import etags, idempotency
from refuge.api.auth import ActorDep, PrincipalDep
from refuge.api.deps import NowDep, SessionDep
from refuge.api.pagination import PageDep, PageOut, page_out
from refuge.casework import service
from refuge.casework.lifecycle import APPLICATION_STATES
from refuge.casework.schemas import (
    ApplicationCreate,
    ApplicationDetail,
    ApplicationOut,
    DeadlineStatus,
    ExtensionIn,
    FactsPatch,
)
from refuge.strict import Day, Name, QueryFlag

router = APIRouter(prefix="/applications", tags=["applications"])

State = Literal[APPLICATION_STATES]  # type: ignore[valid-type]
IfMatch = Annotated[str | None, Header(alias="If-Match", description='the ETag, e.g. "3"')]
IdempotencyKey = Annotated[
    str | None,
    Header(alias="Idempotency-Key", description="a retry with the same key creates nothing new"),
]
Purpose = Annotated[
    Name | None,
    Header(
        alias="Purpose",
        max_length=200,
        description="why you read this case (audited), e.g. 'prepare detailed hearing'",
    ),
]


class TransitionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    to_state: State


class CaseworkerIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    caseworker_id: uuid.UUID


def _location(app: ApplicationOut) -> dict[str, str]:
    return {"Location": f"/api/v1/applications/{app.id}", "ETag": etags.etag(app.version)}


def _optional_version(if_match: str | None) -> int | None:
    return None if if_match is None else etags.expected_version(if_match)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=ApplicationOut,
    responses={201: {"headers": {"ETag": {"schema": {"type": "string"}}}}},
)
def register(
    body: ApplicationCreate,
    request: Request,
    db: SessionDep,
    principal: PrincipalDep,
    actor: ActorDep,
    now: NowDep,
    idempotency_key: IdempotencyKey = None,
) -> JSONResponse:
    """Register an application (state `registered`, 6-month decision period). Send an
    Idempotency-Key so that a retry does not register it twice."""
    if idempotency_key is None:
        app = service.register_application(db, actor, body, now.date())
        db.commit()
        return JSONResponse(app.model_dump(mode="json"), status_code=201, headers=_location(app))
    # check: claim the key (committed on its own), or answer the first response again
    idempotency.check_key(idempotency_key)
    endpoint = idempotency.endpoint_of(request)
    digest = idempotency.request_digest(endpoint, body.model_dump_json().encode())
    claimed = idempotency.claim(db, principal.user_id, idempotency_key, endpoint, digest, now)
    if isinstance(claimed, idempotency.StoredResponse):
        return idempotency.replay(claimed)
    # work, and remember the answer in the same transaction
    try:
        app = service.register_application(db, actor, body, now.date())
        answer = idempotency.StoredResponse(201, app.model_dump(mode="json"), _location(app))
        idempotency.complete(db, claimed, answer, now)
        db.commit()
    except BaseException:
        idempotency.release(db, claimed)  # a retry with the key runs again
        raise
    return JSONResponse(answer.body, status_code=answer.status, headers=answer.headers)


@router.get("", response_model=PageOut[ApplicationOut])
def list_applications(
    page: PageDep,
    request: Request,
    response: Response,
    db: SessionDep,
    actor: ActorDep,
    state: Annotated[State | None, Query(description="the state, `paused` included")] = None,
    caseworker: Annotated[uuid.UUID | None, Query(description="caseworker's user id")] = None,
    overdue_on: Annotated[
        Day | None, Query(alias="overdueOn", description="open and past due before this day")
    ] = None,
    awaiting_approval: Annotated[
        QueryFlag | None,
        Query(
            alias="awaitingApproval",
            description="with (true) or without (false) a decision awaiting approval",
        ),
    ] = None,
) -> PageOut[ApplicationOut]:
    """Your team's applications, oldest first, without special-category facts."""
    items, total = service.list_applications(
        db, actor, state, caseworker, overdue_on, page.offset, page.page_size, awaiting_approval
    )
    return page_out(items, total, page, request, response)


@router.get("/{application_id}", response_model=ApplicationDetail)
def read(
    application_id: uuid.UUID,
    response: Response,
    db: SessionDep,
    actor: ActorDep,
    purpose: Purpose = None,
) -> ApplicationDetail:
    """One application with its facts. Say why in the Purpose header: the read is audited."""
    detail = service.get_application(db, actor, application_id, purpose or "")
    db.commit()  # the audit event of the read
    response.headers["ETag"] = etags.etag(detail.version)
    return detail


@router.patch("/{application_id}", response_model=ApplicationOut)
def update(
    application_id: uuid.UUID,
    body: FactsPatch,
    response: Response,
    db: SessionDep,
    actor: ActorDep,
    if_match: IfMatch = None,
) -> ApplicationOut:
    """Change the facts sent. If-Match is required (428 without it, 412 if stale)."""
    version = etags.expected_version(if_match)
    app = service.update_facts(db, actor, application_id, body, version)
    db.commit()
    response.headers["ETag"] = etags.etag(app.version)
    return app


@router.post("/{application_id}/transitions", response_model=ApplicationOut)
def move(
    application_id: uuid.UUID,
    body: TransitionIn,
    response: Response,
    db: SessionDep,
    actor: ActorDep,
    now: NowDep,
    if_match: IfMatch = None,
) -> ApplicationOut:
    """Move to first_hearing, detailed_hearing or withdrawn; 409 names the allowed next states."""
    version = _optional_version(if_match)
    app = service.transition(db, actor, application_id, body.to_state, now.date(), version)
    db.commit()
    response.headers["ETag"] = etags.etag(app.version)
    return app


@router.put("/{application_id}/caseworker", response_model=ApplicationOut)
def reassign(
    application_id: uuid.UUID,
    body: CaseworkerIn,
    response: Response,
    db: SessionDep,
    actor: ActorDep,
    if_match: IfMatch = None,
) -> ApplicationOut:
    """Give the application to a caseworker of the team (supervisors)."""
    version = _optional_version(if_match)
    app = service.reassign(db, actor, application_id, body.caseworker_id, version)
    db.commit()
    response.headers["ETag"] = etags.etag(app.version)
    return app


@router.get("/{application_id}/deadline", response_model=DeadlineStatus)
def deadline(
    application_id: uuid.UUID, db: SessionDep, actor: ActorDep, now: NowDep
) -> DeadlineStatus:
    """The decision period: due date, days left, pauses under a moratorium. The extensions'
    reasons may name case details: showing them is audited."""
    result = service.deadline_status(db, actor, application_id, now.date())
    db.commit()  # the audit event of the read of the extensions' reasons
    return result


@router.post(
    "/{application_id}/extensions",
    status_code=status.HTTP_201_CREATED,
    response_model=DeadlineStatus,
)
def extend(
    application_id: uuid.UUID, body: ExtensionIn, db: SessionDep, actor: ActorDep, now: NowDep
) -> DeadlineStatus:
    """Extend the decision period (art. 42(4) Vw) with a reason, before it ends."""
    result = service.extend_decision_period(db, actor, application_id, body, now.date())
    db.commit()
    return result
