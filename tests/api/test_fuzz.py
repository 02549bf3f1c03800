"""schemathesis against the OpenAPI document (SQLite only, bounded examples, about 30 s):
no 5xx, and every error is problem+json with the documented members. Requests are sent as a
caseworker, so that they pass authentication and reach the validation and the handlers."""

from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from api_helpers import World
from fastapi import FastAPI
from hypothesis import HealthCheck, settings

from refuge.accounts import service
from refuge.api.app import create_app
from refuge.store.engine import transaction
from refuge.store.migrate import upgrade

PROBLEM_MEMBERS = ("type", "title", "status", "detail", "code")


@pytest.fixture
def fuzz_world(tmp_path: Path) -> tuple[FastAPI, World]:
    url = f"sqlite:///{tmp_path / 'fuzz.db'}"
    upgrade(url)
    world = World(url)
    with transaction(url) as s:
        service.add_team(s, "north", actor="test")
    world.add_user("caseworker", "caseworker")
    return create_app(url), world


# the document needs no database: build it once, at import (the requests go to `fuzz_world`)
schema = schemathesis.openapi.from_dict(create_app("sqlite://").state.v1.openapi())


@schema.parametrize()
@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_no_server_errors_and_every_error_is_a_problem(
    case: schemathesis.Case, fuzz_world: tuple[FastAPI, World]
) -> None:
    app, world = fuzz_world
    response = case.call(app=app, headers=world.auth("caseworker"))
    assert response.status_code < 500, response.text
    if response.status_code >= 400:
        assert response.headers["content-type"] == ["application/problem+json"], response.headers
        body = response.json()
        for member in PROBLEM_MEMBERS:
            assert member in body, (member, body)
