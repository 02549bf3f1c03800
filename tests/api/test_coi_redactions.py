"""Redaction over HTTP on SQLite and PostgreSQL: a publisher marks, another approves (the
marker is refused, 403 four-eyes-required); the scan proposes and a publisher accepts; bad
spans and grounds are problem+json naming the field, changing nothing; only publishers."""

from __future__ import annotations

from typing import Any

from api_helpers import World
from fastapi.testclient import TestClient

BASE = "/api/v1/coi"
PROBLEM = "application/problem+json"
REPORT = b"""# Ambtsbericht (test)

## 1 Bronnen

Mevrouw Layla Nasser (BSN 111222333) sprak met de ambassade.
"""


def _document(client: TestClient, world: World) -> str:
    world.add_user("publisher-2", "publisher", team=None)
    added = client.post(
        f"{BASE}/documents",
        files={"file": ("bronnen.md", REPORT)},
        data={"country": "SY"},
        headers=world.auth("publisher"),
    )
    assert added.status_code == 201, added.text
    return str(added.json()["document"]["id"])


def _mark(client: TestClient, world: World, doc: str, **body: Any) -> Any:
    return client.post(
        f"{BASE}/documents/{doc}/redactions", json=body, headers=world.auth("publisher")
    )


def test_a_publisher_marks_and_another_approves(client: TestClient, world: World) -> None:
    doc = _document(client, world)
    marked = _mark(
        client, world, doc, anchor="1-p1", text="Layla Nasser", ground="5.1.2e", note="bron"
    )
    assert marked.status_code == 201, marked.text
    rid = marked.json()["id"]
    own = client.post(f"{BASE}/redactions/{rid}/approval", headers=world.auth("publisher"))
    assert own.status_code == 403
    assert own.headers["content-type"].startswith(PROBLEM)
    assert own.json()["type"].endswith("four-eyes-required")
    approved = client.post(f"{BASE}/redactions/{rid}/approval", headers=world.auth("publisher-2"))
    assert approved.status_code == 200, approved.text
    assert [(s["status"], s["actor"]) for s in approved.json()["history"]] == [
        ("marked", "publisher"),
        ("approved", "publisher-2"),
    ]
    listed = client.get(f"{BASE}/documents/{doc}/redactions", headers=world.auth("publisher"))
    assert listed.json()["pending"] == 0
    assert [r["status"] for r in listed.json()["items"]] == ["approved"]


def test_a_rejection_needs_a_reason(client: TestClient, world: World) -> None:
    doc = _document(client, world)
    rid = _mark(client, world, doc, start=0, end=9, ground="5.2", note="intern").json()["id"]
    url = f"{BASE}/redactions/{rid}/rejection"
    empty = client.post(url, json={"reason": "   "}, headers=world.auth("publisher-2"))
    assert empty.status_code == 400
    done = client.post(url, json={"reason": "een kop"}, headers=world.auth("publisher-2"))
    assert done.json()["status"] == "rejected"


def test_the_scan_proposes_and_a_publisher_accepts(client: TestClient, world: World) -> None:
    doc = _document(client, world)
    scanned = client.post(f"{BASE}/documents/{doc}/scans", headers=world.auth("publisher"))
    assert scanned.status_code == 201, scanned.text
    found = {p["recogniser"]: p["id"] for p in scanned.json()["new"]}
    assert set(found) == {"titled_name", "bsn"}
    accepted = client.post(
        f"{BASE}/redaction-proposals/{found['bsn']}/acceptance", headers=world.auth("publisher")
    )
    assert accepted.status_code == 201, accepted.text
    assert (accepted.json()["status"], accepted.json()["ground"]) == ("marked", "5.1.1e")
    client.post(
        f"{BASE}/redaction-proposals/{found['titled_name']}/dismissal",
        headers=world.auth("publisher-2"),
    )
    left = client.get(
        f"{BASE}/documents/{doc}/redaction-proposals", headers=world.auth("publisher")
    ).json()
    assert left["items"] == []
    listed = client.get(f"{BASE}/documents/{doc}/redactions", headers=world.auth("publisher"))
    assert listed.json()["pending"] == 1  # the accepted BSN awaits a second publisher


def test_bad_spans_and_grounds_are_problems_naming_the_field(
    client: TestClient, world: World
) -> None:
    doc = _document(client, world)
    for body, field in (
        ({"start": 0, "end": 5, "ground": "5.9", "note": "n"}, "body:ground"),
        ({"start": 0, "end": 10**6, "ground": "5.2", "note": "n"}, "body:end"),
        ({"anchor": "1-p1", "text": "Assad", "ground": "5.2", "note": "n"}, "body:text"),
    ):
        refused = _mark(client, world, doc, **body)
        assert refused.status_code == 400, refused.text
        assert refused.headers["content-type"].startswith(PROBLEM)
        names = [p["name"] for p in refused.json()["invalid_params"]]
        assert field in names
    missing = _mark(client, world, doc, ground="5.2", note="n")
    assert missing.status_code == 400
    listed = client.get(f"{BASE}/documents/{doc}/redactions", headers=world.auth("publisher"))
    assert listed.json()["items"] == []


def test_only_publishers_redact(client: TestClient, world: World) -> None:
    doc = _document(client, world)
    for role in ("analyst", "caseworker", "supervisor", "auditor", "admin"):
        headers = world.auth(role)
        body = {"start": 0, "end": 5, "ground": "5.2", "note": "n"}
        url = f"{BASE}/documents/{doc}/redactions"
        assert client.post(url, json=body, headers=headers).status_code == 403
        assert client.get(f"{BASE}/documents/{doc}/redactions", headers=headers).status_code == 403
        assert client.get(f"{BASE}/woo-grounds", headers=headers).status_code == 403
    grounds = client.get(f"{BASE}/woo-grounds", headers=world.auth("publisher")).json()
    assert {"code": "5.1.1e"}.items() <= grounds[4].items()
