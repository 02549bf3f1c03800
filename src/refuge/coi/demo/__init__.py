"""The report library's demo documents, loaded by `refuge demo-data` and `refuge demo`: the
minister's answers to parliamentary questions on Syrian asylum seekers and return (29 September
2025, published), a SYNTHETIC general country report on Syria in Dutch and a SYNTHETIC thematic
report on return in English (neither a real report)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from importlib.resources import files

from sqlalchemy.orm import Session, sessionmaker

from refuge.casework.actor import Actor
from refuge.coi import service
from refuge.coi.errors import AlreadyInLibrary
from refuge.coi.schemas import Added, DocumentMeta

ACTOR = Actor(user_id=None, username="demo-data", role="publisher", team_id=None)


@dataclass(frozen=True)
class DemoDocument:
    file_name: str
    meta: DocumentMeta


DOCUMENTS = (
    DemoDocument(
        "kamervragen-syrie-terugkeer-2025-09-29.txt",
        DocumentMeta(
            kind="other",
            country="SY",
            reference="kamervragen-syrie-terugkeer-2025-09-29",
            title="Antwoorden van de minister van Asiel en Migratie op Kamervragen over Syrische "
            "asielzoekers en terugkeer (ontvangen 29 september 2025)",
            document_date=date(2025, 9, 29),
            status="published",
            language="nl",
        ),
    ),
    DemoDocument(
        "synthetisch-algemeen-ambtsbericht-syrie.md",
        DocumentMeta(
            kind="general",
            country="SY",
            reference="synthetisch-ambtsbericht-syrie",
            title="SYNTHETISCH — Algemeen ambtsbericht Syrië (oefenmateriaal)",
            document_date=date(2025, 11, 14),
            period_start=date(2025, 5, 1),
            period_end=date(2025, 10, 31),
            terms_of_reference="SYNTHETIC: the security situation per region, return, "
            "military service and groups at particular risk in Syria.",
            status="internal",
            language="nl",
        ),
    ),
    DemoDocument(
        "synthetic-thematic-report-return-syria.md",
        DocumentMeta(
            kind="thematic",
            country="SY",
            reference="synthetic-thematic-return-syria",
            title="SYNTHETIC — Thematic report: return to Syria after December 2024 "
            "(training material)",
            document_date=date(2025, 11, 20),
            period_start=date(2024, 12, 8),
            period_end=date(2025, 10, 31),
            terms_of_reference="SYNTHETIC: voluntary and forced return of Syrians from the "
            "Netherlands since the fall of the Assad regime, and conditions on return.",
            status="internal",
            language="en",
        ),
    ),
)


def load_demo_documents(factory: sessionmaker[Session]) -> list[Added]:
    """Add the demo documents to the library; ones already there are left as they are (the
    same file is recognised), so this may run on any store, any number of times."""
    folder = files(__package__)
    added: list[Added] = []
    with factory() as session:
        for doc in DOCUMENTS:
            data = folder.joinpath(doc.file_name).read_bytes()
            try:
                added.append(service.add_document(session, ACTOR, doc.file_name, data, doc.meta))
            except AlreadyInLibrary:
                continue  # this very file, added by someone under other metadata: theirs stands
        session.commit()
    return added
