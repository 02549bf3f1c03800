"""The deadline status names the law of the decision period, through a real server (uvicorn on
a free loopback port): an application lodged on 11 June 2026 follows art. 42 Vw, one lodged on
12 June 2026 art. 35 of Regulation (EU) 2024/1348 (the APR), which refuses a Vw extension and
allows at most 6 months of its own."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from api_helpers import World, application_body
from fastapi import FastAPI

from live_server import live_server
from refuge.api.deps import get_now

TODAY = datetime(2026, 7, 1, 12, tzinfo=UTC)  # both periods still run: an extension is allowed


@pytest.fixture
def server(app: FastAPI) -> Iterator[str]:
    app.state.v1.dependency_overrides[get_now] = lambda: TODAY
    with live_server(app) as url:
        yield url


def _lodged(http: httpx.Client, day: str, v_number: str) -> str:
    body = application_body(
        v_number=v_number, application_date=day, nationality="IQ", region_of_origin="IQ-BG"
    )
    created = http.post("/api/v1/applications", json=body)
    assert created.status_code == 201, created.text
    return f"/api/v1/applications/{created.json()['id']}"


def _deadline(http: httpx.Client, url: str) -> dict[str, Any]:
    response = http.get(url + "/deadline")
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def test_the_deadline_names_the_law_of_the_application_date(server: str, world: World) -> None:
    with httpx.Client(base_url=server, headers=world.auth("caseworker")) as http:
        old = _lodged(http, "2026-06-11", "1000000011")
        new = _lodged(http, "2026-06-12", "1000000012")

        vw = _deadline(http, old)
        assert vw["legal_basis"] == "art. 42 Vw"
        assert (vw["months"], vw["due_on"], vw["outer_limit"]) == (6, "2026-12-11", "2028-03-11")
        assert not vw["outer_limit_binding"] and not vw["held_at_outer_limit"]
        assert not vw["beyond_outer_limit"]  # the existing fields are all still there

        apr = _deadline(http, new)
        assert apr["legal_basis"] == "art. 35 Regulation (EU) 2024/1348"
        assert (apr["months"], apr["due_on"], apr["outer_limit"]) == (6, "2026-12-12", "2028-03-12")
        assert apr["outer_limit_binding"] and not apr["held_at_outer_limit"]

        # a Vw extension of the APR application is refused, naming the Regulation
        refused = http.post(new + "/extensions", json={"months": 3, "reason": "complex facts"})
        assert refused.status_code == 400, refused.text
        assert refused.headers["content-type"] == "application/problem+json"
        problem = refused.json()
        assert problem["code"] == "extension-not-allowed"
        assert "Regulation (EU) 2024/1348" in problem["detail"]

        # its own basis, on a ground of art. 35(5): at most 6 months in all
        ext = {"legal_basis": "art. 35(5) APR", "reason": "complex issues of fact or law"}
        too_long = http.post(new + "/extensions", json={**ext, "months": 7})
        assert too_long.status_code == 400 and "at most 6 months" in too_long.json()["detail"]
        extended = http.post(new + "/extensions", json={**ext, "months": 6})
        assert extended.status_code == 201, extended.text
        assert (extended.json()["months"], extended.json()["due_on"]) == (12, "2027-06-12")
        assert extended.json()["legal_basis"] == "art. 35 Regulation (EU) 2024/1348"

        # and the APR's basis is refused for the application of 11 June
        wrong = http.post(old + "/extensions", json={**ext, "months": 1})
        assert wrong.status_code == 400 and "art. 42 Vw" in wrong.json()["detail"]
        assert _deadline(http, old)["months"] == 6  # nothing was stored

        schema = http.get("/api/v1/openapi.json").json()["components"]["schemas"]
        fields = schema["DeadlineStatus"]["properties"]
        assert {"legal_basis", "outer_limit_binding", "held_at_outer_limit"} <= set(fields)
        assert {"due_on", "outer_limit", "beyond_outer_limit"} <= set(fields)
