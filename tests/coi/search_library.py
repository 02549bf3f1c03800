"""A small library to search, the same on SQLite and PostgreSQL: a Dutch general report on
Syria in two revisions, an English thematic report on Syria, a Dutch report on Iraq, and an
individual report (about one person) that mentions return too."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from coi_helpers import People, application_of
from sqlalchemy.orm import Session

from refuge.coi import service
from refuge.coi.schemas import DocumentMeta

SYRIA_NL_1 = """# Algemeen ambtsbericht Syrië

## 1 Veiligheidssituatie

De situatie in Damascus is volatiel. Er waren aanslagen in de stad.

## 2 Terugkeer

Sinds december 2024 keerden Syriërs terug uit Libanon en Turkije.

Een veilige terugkeer naar Noord-Syrië is niet gewaarborgd.

Terugkeer, terugkeer en nog eens terugkeer: het woord valt vaak in gesprekken.

Wie wil terugkeren, meldt zich bij de grens; veilige routes zijn er weinig.

Dit verouderde voorbehoud staat alleen in de eerste versie.
"""

# the next revision: the last paragraph is gone
SYRIA_NL_2 = SYRIA_NL_1.replace(
    "Dit verouderde voorbehoud staat alleen in de eerste versie.", "Zie ook hoofdstuk 1."
)

SYRIA_EN = """# Returns to Syria

## 1 Returns

UNHCR counted the returns of refugees from Lebanon in 2025.

A return to Damascus is possible for some; the road is controlled by checkpoints.

## 2 Documents

Civil documents are needed at the border crossing.
"""

IRAQ_NL = """# Algemeen ambtsbericht Irak

## 1 Terugkeer

Terugkeer naar Bagdad vindt op kleine schaal plaats.
"""

INDIVIDUAL = "1 Bevindingen\n\nBetrokkene wil terugkeren naar Damascus, zei de familie Haddad.\n"


@dataclass
class Library:
    people: People
    application: object


def make_library(session: Session, people: People) -> Library:
    def add(name: str, text: str, **meta: object) -> None:
        service.add_document(
            session, people.publisher, name, text.encode(), DocumentMeta.model_validate(meta)
        )
        session.commit()

    add(
        "syrie.md",
        SYRIA_NL_1,
        kind="general",
        country="SY",
        reference="syrie-2025",
        document_date=date(2025, 6, 1),
        status="published",
        disclosure_decision="Woo-besluit 2025-17",
        published_on=date(2025, 7, 1),
    )
    add("syrie.md", SYRIA_NL_2, reference="syrie-2025")
    add(
        "returns.md",
        SYRIA_EN,
        kind="thematic",
        country="SY",
        reference="returns-sy",
        document_date=date(2024, 3, 1),
    )
    add(
        "irak.md",
        IRAQ_NL,
        kind="general",
        country="IQ",
        reference="irak-2023",
        document_date=date(2023, 11, 1),
    )
    application = application_of(session, people.alice)
    meta = DocumentMeta(kind="individual", application_id=application, title="Individueel")
    service.add_document(session, people.alice, "haddad.txt", INDIVIDUAL.encode(), meta)
    session.commit()
    return Library(people, application)
