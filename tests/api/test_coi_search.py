"""Searching the report library over HTTP on SQLite and PostgreSQL: readers of the library find
passages by other forms of a word, a page at a time; an individual report is never found, not
even by its own case team; a bad query is problem+json naming the query key."""

from __future__ import annotations

from typing import Any

import pytest
from api_helpers import World, register
from fastapi.testclient import TestClient

URL = "/api/v1/coi/search"
PROBLEM = "application/problem+json"

DUTCH = """# Algemeen ambtsbericht Syrië

## 2 Terugkeer

Wie wil terugkeren, meldt zich bij de grens.

Een veilige terugkeer naar Noord-Syrië is niet gewaarborgd.
"""
ENGLISH = "# Returns to Syria\n\n## 1 Returns\n\nA return to Damascus is possible for some.\n"
INDIVIDUAL = "1 Bevindingen\n\nBetrokkene Haddad wil terugkeren naar Damascus.\n"


@pytest.fixture
def library(client: TestClient, world: World) -> World:
    for name, text, fields in (
        ("syrie.md", DUTCH, {"country": "SY", "document_date": "2025-06-01"}),
        ("returns.md", ENGLISH, {"country": "SY", "kind": "thematic"}),
    ):
        added = client.post(
            "/api/v1/coi/documents",
            files={"file": (name, text.encode())},
            data=fields,
            headers=world.auth("publisher"),
        )
        assert added.status_code == 201, added.text
    application = register(client, world)["id"]
    individual = client.post(
        "/api/v1/coi/documents",
        files={"file": ("haddad.txt", INDIVIDUAL.encode())},
        data={"kind": "individual", "application_id": application},
        headers=world.auth("caseworker"),
    )
    assert individual.status_code == 201, individual.text
    return world


def get(client: TestClient, world: World, user: str = "publisher", **params: Any) -> Any:
    return client.get(URL, params=params, headers=world.auth(user))


def test_readers_find_terugkeren_by_terugkeer(client: TestClient, library: World) -> None:
    for user in ("publisher", "analyst", "caseworker", "supervisor"):
        found = get(client, library, user, q="terugkeer")
        assert found.status_code == 200, found.text
        body = found.json()
        assert body["total"] == 3 and found.headers["X-Total-Count"] == "3"
        assert {h["citation"] for h in body["items"]} == {
            "coi:syrie#2",
            "coi:syrie#2-p1",
            "coi:syrie#2-p2",
        }
        hit = next(h for h in body["items"] if h["citation"] == "coi:syrie#2-p1")
        assert [hit["snippet"][m["start"] : m["end"]] for m in hit["highlights"]] == ["terugkeren"]
        assert hit["document"]["language"] == "nl" and hit["passage"]["section"] == "2"


def test_pages_and_filters(client: TestClient, library: World) -> None:
    first = get(client, library, q="terugkeer OR return", pageSize=2).json()
    assert first["total"] == 6 and len(first["items"]) == 2 and first["links"]["next"]
    third = get(client, library, q="terugkeer OR return", pageSize=2, page=3).json()
    assert [h["rank"] for h in third["items"]] == [5, 6]
    english = get(client, library, q="terugkeer OR return", lang="en").json()
    assert {h["document"]["reference"] for h in english["items"]} == {"returns"}
    dated = get(client, library, q="terugkeer OR return", **{"from": "2025-01-01"}).json()
    assert {h["document"]["reference"] for h in dated["items"]} == {"syrie"}


def test_an_individual_report_is_never_found_even_by_its_case_team(
    client: TestClient, library: World
) -> None:
    for user in ("caseworker", "supervisor", "publisher"):
        body = get(client, library, user, q="Haddad", allRevisions="true").json()
        assert body["total"] == 0 and body["items"] == []
    refused = get(client, library, q="terugkeer", kind="individual")
    assert refused.status_code == 400
    assert refused.json()["code"] == "individual-reports-not-searched"


@pytest.mark.parametrize(
    ("params", "code", "name"),
    [
        ({"q": '"veilige terugkeer'}, "invalid-search-query", "query:q"),
        ({"q": "() * :"}, "invalid-search-query", "query:q"),
        ({}, "invalid-input", "query:q"),
        ({"q": "terugkeer", "lang": "de"}, "invalid-input", "query:lang"),
        ({"q": "terugkeer", "from": "2025-02-01", "to": "2025-01-01"}, "invalid-search-query",
         "query:to"),
    ],
)  # fmt: skip
def test_a_bad_query_is_a_problem_naming_the_key(
    client: TestClient, library: World, params: dict[str, str], code: str, name: str
) -> None:
    response = get(client, library, **params)
    assert response.status_code == 400
    assert response.headers["content-type"].startswith(PROBLEM)
    problem = response.json()
    assert problem["code"] == code
    assert name in [p["name"] for p in problem["invalid_params"]]


def test_query_syntax_of_the_databases_is_plain_text(client: TestClient, library: World) -> None:
    for q in ("terugkeer*", "terugkeer:*", "terugkeer & !grens", "(terugkeer)^", "'terugkeer'"):
        found = get(client, library, q=q)
        assert found.status_code == 200, (q, found.text)
        assert found.json()["total"] >= 1, q


def test_roles_that_do_not_read_the_library_are_refused(client: TestClient, library: World) -> None:
    for user in ("auditor", "admin"):
        assert get(client, library, user, q="terugkeer").status_code == 403
