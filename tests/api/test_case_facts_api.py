"""A caseworker records the engine's newer case facts through the API: indications of exclusion
and of support for the former regime, the findings on internal protection, military service as
a ground. Read back with a purpose, updated with If-Match, audited by name, refused when bad,
and seen in the stored assessment."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest
from api_helpers import World, application_body, register
from fastapi.testclient import TestClient
from sqlalchemy import select

from facts_pack import write_facts_pack
from refuge.casework.models import Assessment
from refuge.store.engine import transaction

PURPOSE = {"Purpose": "prepare detailed hearing"}
ALL_YES = {
    "safe_there": "yes",
    "safe_and_legal_travel": "yes",
    "admittance": "yes",
    "reasonable_to_settle": "yes",
}
NOT_ASSESSED = dict.fromkeys(ALL_YES, "not_assessed")


def read(client: TestClient, world: World, application_id: str) -> Any:
    response = client.get(
        f"/api/v1/applications/{application_id}", headers={**world.auth("caseworker"), **PURPOSE}
    )
    assert response.status_code == 200, response.text
    return response


def audit_events(client: TestClient, world: World, application_id: str) -> list[dict[str, Any]]:
    response = client.get(
        f"/api/v1/audit-events?entity=application&entityId={application_id}&pageSize=100",
        headers=world.auth("auditor"),
    )
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


def test_the_facts_are_recorded_and_read_back_only_with_a_purpose(
    client: TestClient, world: World
) -> None:
    findings = {**ALL_YES, "reasonable_to_settle": "no"}
    app = register(
        client,
        world,
        grounds=["military_service"],
        exclusion_indications=True,
        regime_support_indications=True,
        internal_protection=findings,
    )
    assert "exclusion_indications" not in app and "regime_support_indications" not in app
    body = read(client, world, app["id"]).json()
    assert body["grounds"] == ["military_service"]
    assert body["exclusion_indications"] is True and body["regime_support_indications"] is True
    assert body["internal_protection"] == findings
    listed = client.get("/api/v1/applications", headers=world.auth("caseworker")).json()
    assert "exclusion_indications" not in str(listed)
    reads = [e for e in audit_events(client, world, app["id"]) if e["action"] == "read"]
    assert reads[-1]["purpose"] == "prepare detailed hearing"
    assert {"exclusion_indications", "regime_support_indications"} <= set(reads[-1]["fields"])


def test_an_application_without_them_reads_with_the_safe_defaults(
    client: TestClient, world: World
) -> None:
    app = register(client, world)
    body = read(client, world, app["id"]).json()
    assert body["exclusion_indications"] is False and body["regime_support_indications"] is False
    assert body["internal_protection"] == NOT_ASSESSED


def test_a_patch_changes_the_findings_sent_with_if_match_and_audits_their_names(
    client: TestClient, world: World
) -> None:
    app = register(client, world, internal_protection=ALL_YES)
    url = f"/api/v1/applications/{app['id']}"
    auth = world.auth("caseworker")
    change = {"internal_protection": {"admittance": "no"}, "regime_support_indications": True}
    assert client.patch(url, json=change, headers=auth).status_code == 428
    etag = read(client, world, app["id"]).headers["etag"]
    ok = client.patch(url, json=change, headers={**auth, "If-Match": etag})
    assert ok.status_code == 200, ok.text
    assert ok.headers["etag"] != etag and "regime_support_indications" not in ok.json()
    stale = client.patch(
        url, json={"exclusion_indications": True}, headers={**auth, "If-Match": etag}
    )
    assert stale.status_code == 412 and stale.json()["code"] == "version-conflict"
    body = read(client, world, app["id"]).json()
    assert body["internal_protection"] == {**ALL_YES, "admittance": "no"}
    assert body["regime_support_indications"] is True
    assert body["exclusion_indications"] is False  # the stale write changed nothing
    updates = [e for e in audit_events(client, world, app["id"]) if e["action"] == "update"]
    assert sorted(updates[-1]["fields"]) == [
        "internal_protection.admittance",
        "regime_support_indications",
    ]
    assert "True" not in str(updates) and "'no'" not in str(updates)  # names, never values


def _invalid(response: Any, name: str) -> dict[str, Any]:
    """The documented answer to bad input: problem+json naming the field (docs/api.md)."""
    assert response.status_code == 400, response.text
    assert response.headers["content-type"] == "application/problem+json"
    problem: dict[str, Any] = response.json()
    assert problem["code"] == "invalid-input" and problem["status"] == 400
    assert name in [p["name"] for p in problem["invalid_params"]], problem
    assert name in problem["detail"]
    return problem


def test_a_finding_that_is_not_yes_no_or_not_assessed_is_refused_naming_it(
    client: TestClient, world: World
) -> None:
    auth = world.auth("caseworker")
    bad = application_body(internal_protection={"admittance": "maybe"})
    created = client.post("/api/v1/applications", json=bad, headers=auth)
    problem = _invalid(created, "body:internal_protection.admittance")
    (reason,) = [p["reason"] for p in problem["invalid_params"]]
    assert all(allowed in reason for allowed in ("yes", "no", "not_assessed")), reason

    app = register(client, world)
    url = f"/api/v1/applications/{app['id']}"
    etag = read(client, world, app["id"]).headers["etag"]
    patched = client.patch(
        url,
        json={"internal_protection": {"admittance": "maybe"}},
        headers={**auth, "If-Match": etag},
    )
    _invalid(patched, "body:internal_protection.admittance")
    unknown = client.patch(
        url, json={"internal_protection": {"safe": "yes"}}, headers={**auth, "If-Match": etag}
    )
    _invalid(unknown, "body:internal_protection.safe")
    not_a_flag = client.patch(
        url,
        json={"exclusion_indications": "suspected of war crimes"},
        headers={**auth, "If-Match": etag},
    )
    _invalid(not_a_flag, "body:exclusion_indications")
    assert "war crimes" not in not_a_flag.text  # special-category: named, never echoed
    assert read(client, world, app["id"]).headers["etag"] == etag  # nothing was written


@pytest.mark.parametrize(
    ("change", "name"),
    [
        ({"internal_protection": None}, "body:internal_protection"),
        ({"internal_protection": {"admittance": None}}, "body:internal_protection.admittance"),
        ({"regime_support_indications": None}, "body:regime_support_indications"),
        ({"credibility": None}, "body:credibility"),
    ],
)
def test_null_is_refused_naming_the_field_rather_than_clearing_a_fact(
    client: TestClient, world: World, change: dict[str, Any], name: str
) -> None:
    app = register(client, world)
    url = f"/api/v1/applications/{app['id']}"
    etag = read(client, world, app["id"]).headers["etag"]
    patched = client.patch(url, json=change, headers={**world.auth("caseworker"), "If-Match": etag})
    _invalid(patched, name)


def test_the_stored_assessment_shows_the_findings_on_internal_protection(
    client: TestClient, world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REFUGE_POLICY_DIR", str(tmp_path))
    write_facts_pack(tmp_path)
    auth = world.auth("caseworker")
    met = register(client, world, internal_protection=ALL_YES)
    open_ = register(client, world, v_number="1234567891")
    made = {}
    for name, app in (("met", met), ("open", open_)):
        response = client.post(
            f"/api/v1/applications/{app['id']}/assessments",
            json={"as_of": "2025-06-01"},
            headers=auth,
        )
        assert response.status_code == 201, response.text
        made[name] = response.json()
    ids = {name: uuid.UUID(out["id"]) for name, out in made.items()}
    with transaction(world.url) as s:
        stored = {
            name: s.scalars(select(Assessment.output).where(Assessment.id == key)).one()
            for name, key in ids.items()
        }
    for name in made:
        assert stored[name] == made[name]["output"]
    steps = {
        name: {step["rule"]: step["value"] for step in output["steps"]}
        for name, output in stored.items()
    }
    assert steps["met"]["internal_protection_available"] is True
    assert steps["open"]["internal_protection_available"] is False
    runs = [
        e
        for e in audit_events(client, world, met["id"])
        if e["action"] == "read" and e["purpose"] == "run assessment"
    ]
    assert runs and {"exclusion_indications", "regime_support_indications"} <= set(
        runs[-1]["fields"]
    )
