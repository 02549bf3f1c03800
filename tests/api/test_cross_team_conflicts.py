"""A 409 caused by another team's record says nothing of that record (issue 7, defect 6): a
V-number or an import key already in use is answered the same way whatever the other record
holds — no nationality, region, or id of it — and nothing is stored."""

from __future__ import annotations

from typing import Any

from api_helpers import World, application_body, register
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from refuge.casework.models import Application, Person
from refuge.store.engine import transaction

# north's person: distinctive values that must never reach south
V_NUMBER = "7777777777"
NATIONALITY = "ER"
REGION = "ER-GB"


def _counts(world: World) -> tuple[int, int]:
    with transaction(world.url) as s:
        people = s.scalar(select(func.count()).select_from(Person)) or 0
        apps = s.scalar(select(func.count()).select_from(Application)) or 0
    return people, apps


def _post(client: TestClient, world: World, **kw: Any) -> Any:
    return client.post(
        "/api/v1/applications",
        json=application_body(**kw),
        headers=world.auth("south-caseworker"),
    )


def _conflict(response: Any) -> dict[str, Any]:
    assert response.status_code == 409, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = response.json()
    return body


def test_a_v_number_of_another_team_reveals_nothing_of_that_person(
    client: TestClient, world: World
) -> None:
    north = register(
        client, world, v_number=V_NUMBER, nationality=NATIONALITY, region_of_origin=REGION
    )
    before = _counts(world)

    other_nationality = _conflict(
        _post(client, world, v_number=V_NUMBER, nationality="SY", region_of_origin="SY-DI")
    )
    other_region = _conflict(
        _post(client, world, v_number=V_NUMBER, nationality=NATIONALITY, region_of_origin="ER-MA")
    )
    for body in (other_nationality, other_region):
        assert body["code"] == "person-mismatch"
        text = str(body)
        for secret in (REGION, f"'{NATIONALITY}'", north["id"], north["person_id"]):
            assert secret not in text, (secret, body)
        assert "V-number" in body["detail"] and "supervisor" in body["detail"]
    # the same answer whichever field differs: naming it would tell that the other one matches
    assert other_nationality["detail"] == other_region["detail"]
    assert _counts(world) == before


def test_an_import_key_of_another_team_reveals_nothing_of_that_application(
    client: TestClient, world: World
) -> None:
    north = register(
        client,
        world,
        v_number=V_NUMBER,
        nationality=NATIONALITY,
        region_of_origin=REGION,
        import_key="batch-2025-11-row-17",
    )
    before = _counts(world)
    body = _conflict(_post(client, world, v_number="8888888888", import_key="batch-2025-11-row-17"))
    assert body["code"] == "duplicate-import-key"
    text = str(body)
    for secret in (north["id"], north["person_id"], REGION, f"'{NATIONALITY}'"):
        assert secret not in text, (secret, body)
    assert "import key" in body["detail"] and "supervisor" in body["detail"]
    assert _counts(world) == before
