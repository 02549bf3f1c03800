"""`GET .../deadline` shows the reasons of extensions in clear (decrypted by the ORM) and the
read of them is in the audit trail: the route commits its audit event."""

from __future__ import annotations

from datetime import UTC, datetime

from api_helpers import World, register
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from refuge.api.deps import get_now
from refuge.audit.models import AuditEvent
from refuge.store.engine import transaction

TODAY = datetime(2025, 4, 1, 12, tzinfo=UTC)  # inside the period of an application of March
REASON = "waiting for the COI report on converts returning to Baghdad"


def _reads(url: str) -> list[tuple[str, str, list[object]]]:
    with transaction(url) as s:
        events = s.scalars(select(AuditEvent).where(AuditEvent.action == "read"))
        return [(e.actor, e.purpose, list(e.fields)) for e in events]


def test_the_deadline_shows_the_reason_and_the_read_is_audited(
    app: FastAPI, client: TestClient, world: World
) -> None:
    app.state.v1.dependency_overrides[get_now] = lambda: TODAY
    case = register(
        client, world, application_date="2025-03-01", nationality="IQ", region_of_origin="IQ-BG"
    )
    url = f"/api/v1/applications/{case['id']}"
    extended = client.post(
        url + "/extensions", json={"months": 3, "reason": REASON}, headers=world.auth("caseworker")
    )
    assert extended.status_code == 201, extended.text
    assert _reads(world.url) == []  # the writer was shown only the reason they wrote

    shown = client.get(url + "/deadline", headers=world.auth("north-caseworker-2"))
    assert shown.status_code == 200, shown.text
    assert [e["reason"] for e in shown.json()["extensions"]] == [REASON]
    assert _reads(world.url) == [
        ("north-caseworker-2", "show decision period", ["extension_reasons"])
    ]
