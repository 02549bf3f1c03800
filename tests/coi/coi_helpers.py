"""Helpers of the report library's tests: real files made with the libraries (python-docx,
fpdf2, Pillow), people of two teams, and an application of one of them."""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass
from datetime import date

from docx import Document
from fpdf import FPDF
from PIL import Image
from sqlalchemy.orm import Session

from refuge.accounts.models import Team, User
from refuge.casework import service as casework
from refuge.casework.actor import Actor
from refuge.casework.schemas import ApplicationCreate

REPORT_MD = """# Algemeen ambtsbericht Syrië

Inleiding zonder nummer.

## 1 Veiligheidssituatie

De situatie is volatiel en gefragmenteerd.

In Damascus is het relatief rustiger.

### 1.1 Kustgebied

Er was sektarisch geweld tegen **Alawieten**.

## 2 Terugkeer

Sinds december 2024 keerden Syriërs terug.
"""

# (kind, text): the same report as blocks, for the formats that are written by a library
REPORT = [
    ("heading", "1 Veiligheidssituatie"),
    ("paragraph", "De situatie is volatiel en gefragmenteerd."),
    ("paragraph", "In Damascus is het relatief rustiger."),
    ("heading", "1.1 Kustgebied"),
    ("paragraph", "Er was sektarisch geweld tegen Alawieten."),
    ("heading", "2 Terugkeer"),
    ("paragraph", "Sinds december 2024 keerden Syriërs terug."),
]
ANCHORS = ["1", "1-p1", "1-p2", "1.1", "1.1-p1", "2", "2-p1"]


def docx_bytes(blocks: list[tuple[str, str]] = REPORT) -> bytes:
    document = Document()
    for kind, text in blocks:
        if kind == "heading":
            document.add_heading(text, level=text.split()[0].count(".") + 1)
        else:
            document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def pdf_bytes(pages: list[list[tuple[str, str]]]) -> bytes:
    """A PDF with a text layer: each page its blocks, a blank line between them."""
    pdf = FPDF()
    pdf.set_font("helvetica", size=11)
    for blocks in pages:
        pdf.add_page()
        for _kind, text in blocks:
            pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(5)
    return bytes(pdf.output())


def scanned_pdf_bytes() -> bytes:
    """A PDF of one page holding only an image: what a scanner makes, without a text layer."""
    image = Image.new("RGB", (200, 100), "white")
    pdf = FPDF()
    pdf.add_page()
    pdf.image(image, x=10, y=10, w=100)
    pdf.add_page()  # and an empty page
    return bytes(pdf.output())


@dataclass
class People:
    publisher: Actor
    analyst: Actor
    alice: Actor  # caseworker, team A
    sam: Actor  # supervisor, team A
    carol: Actor  # caseworker, team B
    auditor: Actor


def make_people(session: Session) -> People:
    a, b = Team(name="Team A"), Team(name="Team B")
    session.add_all([a, b])
    session.flush()

    def user(name: str, role: str, team: Team | None) -> Actor:
        u = User(username=name, display_name=name.title(), password_hash="x", role=role)
        u.team_id = team.id if team else None
        session.add(u)
        session.flush()
        return Actor(u.id, name, role, u.team_id)

    people = People(
        publisher=user("pia", "publisher", None),
        analyst=user("ann", "analyst", None),
        alice=user("alice", "caseworker", a),
        sam=user("sam", "supervisor", a),
        carol=user("carol", "caseworker", b),
        auditor=user("aud", "auditor", None),
    )
    session.commit()
    return people


def application_of(session: Session, actor: Actor) -> uuid.UUID:
    body = ApplicationCreate.model_validate(
        {
            "v_number": "1234567890",
            "nationality": "SY",
            "region_of_origin": "SY-DI",
            "application_date": date(2025, 7, 1),
        }
    )
    app = casework.register_application(session, actor, body, date(2025, 7, 2))
    session.commit()
    return app.id
