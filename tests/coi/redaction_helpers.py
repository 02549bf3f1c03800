"""Helpers of the redaction tests: a second publisher (four eyes) and a report with personal
data in it, added to the library."""

from __future__ import annotations

import uuid

from sqlalchemy.orm import Session

from refuge.accounts.models import User
from refuge.casework.actor import Actor
from refuge.coi import service
from refuge.coi.schemas import DocumentMeta

REPORT = """# Ambtsbericht Syrië (test)

## 1 Bronnen

De heer Karim Haddad, woordvoerder van de lokale raad, sprak op 3 maart 2025 met de ambassade.

Mevrouw Layla Nasser bevestigde het verhaal van de heer Karim Haddad.

## 2 Terugkeer

Een terugkeerder met V-nummer 9123456789 en BSN 111222333 meldde zich bij de gemeente.

Contact: l.nasser@example.org of +31 6 12345678; rekening NL91ABNA0417164300.

Hij is geboren op 12 april 1990 in Homs.
"""
META = DocumentMeta(kind="general", country="SY", title="Ambtsbericht Syrië (test)")


def second_publisher(session: Session, name: str = "quinn") -> Actor:
    user = User(username=name, display_name=name.title(), password_hash="x", role="publisher")
    session.add(user)
    session.commit()
    return Actor(user.id, name, "publisher", None)


def add_report(
    session: Session, actor: Actor, text: str = REPORT, file_name: str = "syrie-test.md"
) -> uuid.UUID:
    """The text as a report of the library; under the same file name, its next revision."""
    added = service.add_document(session, actor, file_name, text.encode(), META)
    session.commit()
    return added.document.id
