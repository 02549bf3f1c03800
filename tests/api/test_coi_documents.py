"""The report library over HTTP on SQLite and PostgreSQL: a publisher uploads a Word report
(multipart) and everyone who reads the library sees it with its anchors; the same file again
answers 200 with the same document; bad files and fields are problem+json naming them, storing
nothing; an individual report is the case team's alone."""

from __future__ import annotations

import io
from typing import Any

from api_helpers import World, register
from docx import Document
from fastapi.testclient import TestClient
from fpdf import FPDF

URL = "/api/v1/coi/documents"
PROBLEM = "application/problem+json"


def docx_file() -> bytes:
    document = Document()
    document.add_heading("1 Veiligheidssituatie", level=1)
    document.add_paragraph("De situatie is volatiel en gefragmenteerd.")
    document.add_heading("2 Terugkeer", level=1)
    document.add_paragraph("Sinds december 2024 keerden ongeveer 700 Syriërs terug.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def upload(
    client: TestClient, world: World, user: str, name: str, data: bytes, **fields: str
) -> Any:
    return client.post(URL, files={"file": (name, data)}, data=fields, headers=world.auth(user))


def _count(client: TestClient, world: World) -> int:
    return int(client.get(URL, headers=world.auth("publisher")).json()["total"])


def test_a_publisher_uploads_and_readers_see_the_passages(client: TestClient, world: World) -> None:
    report = docx_file()
    created = upload(
        client,
        world,
        "publisher",
        "ab-syrie.docx",
        report,
        country="SY",
        document_date="2025-05-29",
        status="published",
        disclosure_decision="Woo-besluit 1",
        published_on="2025-06-06",
    )
    assert created.status_code == 201, created.text
    document = created.json()["document"]
    assert created.headers["Location"] == f"{URL}/{document['id']}"
    assert (document["reference"], document["revision"], document["kind"]) == (
        "ab-syrie",
        1,
        "general",
    )
    for reader in ("analyst", "caseworker", "supervisor", "publisher"):
        passages = client.get(f"{URL}/{document['id']}/passages", headers=world.auth(reader))
        assert passages.status_code == 200, (reader, passages.text)
        assert [p["anchor"] for p in passages.json()["items"]] == ["1", "1-p1", "2", "2-p1"]
    again = upload(client, world, "publisher", "ab-syrie.docx", report)
    assert again.status_code == 200
    assert again.json() == {"created": False, "document": document}
    listed = client.get(URL, params={"country": "SY"}, headers=world.auth("analyst")).json()
    assert [d["id"] for d in listed["items"]] == [document["id"]]


def test_roles_outside_the_library_are_refused(client: TestClient, world: World) -> None:
    for role in ("admin", "auditor"):
        assert client.get(URL, headers=world.auth(role)).status_code == 403
        assert upload(client, world, role, "r.docx", docx_file()).status_code == 403
    refused = upload(client, world, "analyst", "r.docx", docx_file())
    assert refused.status_code == 403
    caseworker = upload(client, world, "caseworker", "r.docx", docx_file())
    assert caseworker.status_code == 403
    assert caseworker.json()["code"] == "role-not-allowed"
    assert _count(client, world) == 0


def test_bad_files_and_fields_are_problems_naming_them(client: TestClient, world: World) -> None:
    blank = FPDF()
    blank.add_page()
    cases = [
        ("scan.pdf", bytes(blank.output()), {}, 422, "no-text-layer", "scan.pdf: this PDF has no"),
        ("notes.rtf", b"{\\rtf1}", {}, 415, "unsupported-file-type", "notes.rtf: files of type"),
        ("r.docx", b"no zip", {}, 422, "unreadable-file", "r.docx: this is not a Word"),
        ("r.docx", docx_file(), {"country": "Syria"}, 400, "invalid-input", "body:country"),
        (
            "r.docx",
            docx_file(),
            {"kind": "individual"},
            400,
            "invalid-document-metadata",
            "application_id: an individual report",
        ),
    ]
    for name, data, fields, status, code, detail in cases:
        response = upload(client, world, "publisher", name, data, **fields)
        assert response.status_code == status, response.text
        assert response.headers["content-type"] == PROBLEM
        assert response.json()["code"] == code
        assert detail in response.text
    missing = client.post(URL, data={"country": "SY"}, headers=world.auth("publisher"))
    assert missing.status_code == 400
    assert missing.json()["invalid_params"][0]["name"] == "body:file"
    assert _count(client, world) == 0


def test_an_individual_report_is_the_case_teams_alone(client: TestClient, world: World) -> None:
    application = register(client, world)["id"]
    added = upload(
        client,
        world,
        "caseworker",
        "verslag.docx",
        docx_file(),
        kind="individual",
        application_id=application,
    )
    assert added.status_code == 201, added.text
    document = added.json()["document"]["id"]
    purpose = {"Purpose": "prepare hearing"}
    for user in ("caseworker", "supervisor", "north-caseworker-2"):
        seen = client.get(f"{URL}/{document}/passages", headers=world.auth(user) | purpose)
        assert seen.status_code == 200, (user, seen.text)
    for user in ("south-caseworker", "publisher", "analyst"):
        hidden = client.get(f"{URL}/{document}", headers=world.auth(user) | purpose)
        assert hidden.status_code == 404, (user, hidden.text)
    no_purpose = client.get(f"{URL}/{document}", headers=world.auth("caseworker"))
    assert no_purpose.json()["code"] == "purpose-required"
    other_team = upload(
        client,
        world,
        "south-caseworker",
        "x.docx",
        docx_file(),
        kind="individual",
        application_id=application,
    )
    assert other_team.status_code == 404
    own = client.get(
        URL, params={"applicationId": application}, headers=world.auth("caseworker") | purpose
    )
    assert [d["id"] for d in own.json()["items"]] == [document]
    assert _count(client, world) == 0  # not in the library's list
