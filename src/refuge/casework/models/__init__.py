"""Storage models of casework. Names follow the word list (docs/architecture.md)."""

from refuge.casework.models.applications import Application, CoiRequest, Finding, Hearing
from refuge.casework.models.deadlines import Deadline
from refuge.casework.models.decisions import Assessment, Decision, IntendedDecision, WrittenView
from refuge.casework.models.people import Person
from refuge.casework.models.permits import Permit, Reassessment
from refuge.casework.models.returns import ReturnCase

__all__ = [
    "Application",
    "Assessment",
    "CoiRequest",
    "Deadline",
    "Decision",
    "Finding",
    "Hearing",
    "IntendedDecision",
    "Permit",
    "Person",
    "Reassessment",
    "ReturnCase",
    "WrittenView",
]
