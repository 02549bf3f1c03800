"""Who may add and read which document. The library's documents: read by publishers,
analysts, supervisors and caseworkers, added by publishers. An individual report follows the
access rules of its application (`refuge.casework.access`): its team's caseworkers and
supervisors add and read it; to anyone else it does not exist (404, not 403)."""

from __future__ import annotations

import uuid

from sqlalchemy.orm import Session

from refuge.casework.access import load_application
from refuge.casework.actor import Actor
from refuge.casework.errors import NotAllowed, NotFound
from refuge.coi.models import CoiDocument
from refuge.coi.vocabulary import ADDERS, READERS

CASE_TEAM = "caseworker or supervisor of the case's team"


def may_add(session: Session, actor: Actor, individual: bool, application_id: uuid.UUID) -> None:
    if individual:
        if not actor.works_cases:
            raise NotAllowed(actor.role, "add an individual report", CASE_TEAM)
        load_application(session, actor, application_id)
    elif actor.role not in ADDERS:
        raise NotAllowed(actor.role, "add a document to the report library", "publisher")


def may_read_library(actor: Actor) -> None:
    if actor.role not in READERS:
        raise NotAllowed(
            actor.role, "read the report library", "publisher, analyst, caseworker or supervisor"
        )


def may_read_application(session: Session, actor: Actor, application_id: uuid.UUID) -> None:
    """The individual reports of this application: its team only."""
    if not actor.works_cases:
        raise NotFound("application", application_id)
    load_application(session, actor, application_id)


def load_document(session: Session, actor: Actor, document_id: uuid.UUID) -> CoiDocument:
    """The document if the actor may read it; NotFound (or NotAllowed, for a role that reads
    no library at all) otherwise."""
    document = session.get(CoiDocument, document_id)
    if document is None:
        raise NotFound("document", document_id)
    if document.application_id is None:
        may_read_library(actor)
        return document
    try:
        may_read_application(session, actor, document.application_id)
    except NotFound:
        raise NotFound("document", document_id) from None
    return document
