"""Through the API: under a decision moratorium that runs past 21 months from lodging, the
application lodged on 1 July 2026 (Regulation (EU) 2024/1348) is decided on its limit day,
while the one lodged on 11 June 2026 (art. 42-43 Vw) is refused with
`decision-moratorium-in-force`. The base decision period names each one's law."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from api_helpers import World, register
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from moratorium_pack import forget_packs, write_moratorium_pack
from refuge.api.deps import get_now
from refuge.casework.models import Deadline
from refuge.store.engine import transaction

HEARD = date(2026, 7, 15)
LIMIT = date(2028, 4, 1)  # 21 months from 1 July 2026; the moratorium is still in force


@pytest.fixture
def moratorium(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("REFUGE_POLICY_DIR", str(tmp_path))
    write_moratorium_pack(tmp_path, [(date(2026, 8, 1), date(2028, 6, 30))])
    yield
    forget_packs()


@pytest.mark.usefixtures("moratorium")
def test_the_apr_application_is_decided_on_its_limit_day_the_vw_one_is_refused(
    app: FastAPI, client: TestClient, world: World
) -> None:
    today = [HEARD]
    app.state.v1.dependency_overrides[get_now] = lambda: datetime(
        today[0].year, today[0].month, today[0].day, 12, tzinfo=UTC
    )
    auth = world.auth("caseworker")
    urls = {}
    for name, lodged, v_number in (
        ("apr", "2026-07-01", "1000000031"),
        ("vw", "2026-06-11", "1000000032"),
    ):
        created = register(client, world, application_date=lodged, v_number=v_number)
        url = f"/api/v1/applications/{created['id']}"
        for kind in ("first", "detailed"):
            hearing = {"kind": kind, "held_on": HEARD.isoformat(), "summary": "s"}
            assert client.post(url + "/hearings", json=hearing, headers=auth).status_code == 201
        assessed = client.post(url + "/assessments", json={}, headers=auth)
        assert assessed.status_code == 201, assessed.text
        assert assessed.json()["recommendation"] == "grant_subsidiary"
        urls[name] = url
    with transaction(world.url) as s:
        bases = sorted(s.scalars(select(Deadline.legal_basis)))
    assert bases == ["art. 35(4) APR", "art. 42(1) Vw"]

    today[0] = LIMIT
    status = client.get(urls["apr"] + "/deadline", headers=auth).json()
    assert status["held_at_outer_limit"] and status["due_on"] == LIMIT.isoformat()
    assert status["clock_stopped"]
    for url in urls.values():  # a decision is compared with an assessment of its own day
        assessed = client.post(url + "/assessments", json={}, headers=auth)
        assert assessed.json()["recommendation"] == "grant_subsidiary", assessed.text
    decision = {"outcome": "grant_subsidiary"}
    decided = client.post(urls["apr"] + "/decisions", json=decision, headers=auth)
    assert decided.status_code == 201, decided.text
    assert decided.json()["status"] == "in_effect"

    refused = client.post(urls["vw"] + "/decisions", json=decision, headers=auth)
    assert refused.status_code == 409, refused.text
    assert refused.headers["content-type"] == "application/problem+json"
    assert refused.json()["code"] == "decision-moratorium-in-force"
