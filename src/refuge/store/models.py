"""Every storage model, imported in one place so that the metadata is complete (Alembic)."""

from refuge.accounts.models import ApiToken, Team, User, WebSession
from refuge.accounts.throttle import ThrottleRow
from refuge.analytics.run_models import ScenarioRun
from refuge.audit.models import AuditEvent
from refuge.casework.models import (
    Application,
    Assessment,
    CoiRequest,
    Deadline,
    Decision,
    Finding,
    Hearing,
    IntendedDecision,
    Permit,
    Person,
    Reassessment,
    ReturnCase,
    WrittenView,
)
from refuge.coi.models import CoiDocument, CoiPassage
from refuge.coi.redaction_models import CoiRedaction, CoiRedactionProposal
from refuge.store.base import Base
from refuge.store.idempotency_keys import IdempotencyKey

__all__ = [
    "ApiToken",
    "Application",
    "Assessment",
    "AuditEvent",
    "Base",
    "CoiDocument",
    "CoiPassage",
    "CoiRedaction",
    "CoiRedactionProposal",
    "CoiRequest",
    "Deadline",
    "Decision",
    "Finding",
    "Hearing",
    "IdempotencyKey",
    "IntendedDecision",
    "Permit",
    "Person",
    "Reassessment",
    "ReturnCase",
    "ScenarioRun",
    "Team",
    "ThrottleRow",
    "User",
    "WebSession",
    "WrittenView",
]
