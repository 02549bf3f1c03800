"""Provenance over HTTP on SQLite and PostgreSQL: the passage link an assessment's source
carries leads to the cited passage of the seed; what rests on a passage; the rules to review
after a newer revision, with both links; a document's dangling citations; bad names and
roles are problem+json, and an individual report is never a cited passage."""

from __future__ import annotations

import json
from datetime import date
from importlib.resources import files
from typing import Any

from api_helpers import World, register
from fastapi.testclient import TestClient

from refuge.assess import assess
from refuge.case.schema import Case
from refuge.coi.demo import load_demo_documents
from refuge.store.engine import session_factory

URL = "/api/v1/coi/documents"
SEED = "kamervragen-syrie-terugkeer-2025-09-29"
PROBLEM = "application/problem+json"


def get(client: TestClient, world: World, path: str, user: str = "caseworker") -> Any:
    return client.get(path, headers=world.auth(user))


def upload(client: TestClient, world: World, text: str, **fields: str) -> Any:
    files_ = {"file": ("report.txt", text.encode())}
    response = client.post(URL, files=files_, data=fields, headers=world.auth("publisher"))
    assert response.status_code == 201, response.text
    return response.json()["document"]


def test_an_assessments_passage_link_leads_to_the_cited_answer(
    client: TestClient, world: World, db_url: str
) -> None:
    load_demo_documents(session_factory(db_url))
    example = files("refuge.examples").joinpath("01-lgbtiq-credible.json").read_text()
    assessment = assess(Case.model_validate(json.loads(example)), date(2025, 10, 1))
    links = {s.id: s.passage for s in assessment.sources if s.passage}
    assert links["seed-q2"] == f"{URL}/{SEED}@1/passages/p11"
    shown = get(client, world, links["seed-q2"])
    assert shown.status_code == 200, shown.text
    body = shown.json()
    assert (body["reference"], body["revision"], body["newest_revision"]) == (SEED, 1, 1)
    assert body["passage"]["text"].startswith("De minister van Buitenlandse Zaken heeft op 29 mei")
    assert "weer ter hand genomen" in body["passage"]["text"]


def test_what_rests_on_a_passage_and_its_citations_status(
    client: TestClient, world: World, db_url: str
) -> None:
    load_demo_documents(session_factory(db_url))
    cited_by = get(client, world, f"{URL}/{SEED}/passages/p34/cited-by", "analyst")
    assert cited_by.status_code == 200, cited_by.text
    [citation] = cited_by.json()["citations"]
    assert (citation["source"], citation["status"]) == ("seed-q7", "ok")
    assert {"credibility_assessed", "account_credible"} <= {d["id"] for d in citation["dependents"]}
    listed = get(client, world, f"{URL}/{SEED}/citations?country=SY", "publisher").json()
    assert (len(listed["items"]), listed["dangling"]) == (3, 0)
    dangling = get(client, world, f"{URL}/no-such-report/citations").json()
    assert dangling == {"items": [], "dangling": 0}


def test_a_newer_revision_lists_the_rules_to_review_with_both_links(
    client: TestClient, world: World, db_url: str
) -> None:
    load_demo_documents(session_factory(db_url))
    seed = files("refuge.coi.demo").joinpath(f"{SEED}.txt").read_text(encoding="utf-8")
    changed = seed.replace("weer ter hand genomen", "nog niet ter hand genomen")
    upload(client, world, changed, reference=SEED)
    review = get(client, world, f"{URL}/{SEED}/review", "supervisor")
    assert review.status_code == 200, review.text
    body = review.json()
    assert body["newest_revision"] == 2
    items = {i["citation"]["source"]: i for i in body["items"]}
    assert set(items) == {"seed-q2", "seed-q7", "seed-q11"}
    q2 = items["seed-q2"]
    assert (q2["old_passage"], q2["new_passage"]) == (
        f"{URL}/{SEED}@1/passages/p11",
        f"{URL}/{SEED}@2/passages/p11",
    )
    assert (q2["anchor_exists"], q2["text_changed"]) == (True, True)
    assert items["seed-q7"]["text_changed"] is False
    assert q2["citation"]["status"] == "superseded"
    newest = get(client, world, f"{URL}/{SEED}/passages/p11").json()
    assert newest["revision"] == 2 and "nog niet" in newest["passage"]["text"]


def test_bad_names_missing_passages_and_other_roles_are_problems(
    client: TestClient, world: World, db_url: str
) -> None:
    load_demo_documents(session_factory(db_url))
    bad = get(client, world, f"{URL}/Seed Report/review")
    assert bad.status_code == 400 and bad.headers["content-type"] == PROBLEM
    assert bad.json()["invalid_params"][0]["name"] == "citation"
    missing = get(client, world, f"{URL}/{SEED}@1/passages/p999")
    assert missing.status_code == 404 and missing.headers["content-type"] == PROBLEM
    for role in ("auditor", "admin"):
        refused = get(client, world, f"{URL}/{SEED}/passages/p11", role)
        assert refused.status_code == 403 and refused.headers["content-type"] == PROBLEM


def test_an_individual_report_is_never_a_cited_passage(
    client: TestClient, world: World, db_url: str
) -> None:
    application = register(client, world)["id"]
    response = client.post(
        URL,
        files={"file": ("a.txt", b"Over een persoon.")},
        data={"kind": "individual", "application_id": application, "reference": "dossier-a"},
        headers=world.auth("caseworker"),
    )
    assert response.status_code == 201, response.text
    # not even for the case's own caseworker: a pack cites the library, never a person
    for path in ("dossier-a/passages/p1", "dossier-a@1/passages/p1", "dossier-a/review"):
        assert get(client, world, f"{URL}/{path}").status_code == 404, path
