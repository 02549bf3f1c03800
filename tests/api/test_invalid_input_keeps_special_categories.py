"""A 400 for invalid input names every field at fault and what is allowed, but never repeats a
special-category value sent (grounds, risk profiles, exclusion grounds): not the rejected one,
not the valid ones beside it, and a model-level error does not quote the body. Nothing is
logged with them either."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pytest
from api_helpers import World, application_body, register
from fastapi.testclient import TestClient
from test_error_shape import assert_problem

from refuge.logging import configure

SECRETS = ("SECRET-GROUND-VALUE", "SECRET-PROFILE-VALUE", "SECRET-EXCLUSION-VALUE")
VALID = {
    "grounds": ["religion", "sexual_orientation"],
    "risk_profiles": ["lgbtiq", "alawite"],
    "exclusion_grounds": ["article_1F"],
}
VALID_WORDS = [w for values in VALID.values() for w in values]


@pytest.fixture
def logs() -> Iterator[io.StringIO]:
    stream = io.StringIO()
    configure("debug", stream=stream)
    yield stream
    configure()


def _quiet(text: str, *words: str) -> None:
    for word in words:
        assert word not in text, f"{word!r} is repeated in: {text}"


def _params(body: dict[str, Any]) -> dict[str, str]:
    return {p["name"]: p["reason"] for p in body["invalid_params"]}


def test_a_bad_value_is_named_by_position_and_the_allowed_values_listed(
    client: TestClient, world: World, logs: io.StringIO
) -> None:
    sent = application_body(
        grounds=["religion", SECRETS[0]],
        risk_profiles=["lgbtiq", SECRETS[1]],
        exclusion_grounds=[SECRETS[2]],
    )
    response = client.post("/api/v1/applications", json=sent, headers=world.auth("caseworker"))
    body = assert_problem(response, 400, "invalid-input")
    reasons = _params(body)
    assert reasons["body:grounds.1"].startswith("not one of the allowed values (fear_former_regime")
    assert reasons["body:risk_profiles.1"].startswith("not one of the allowed values (lgbtiq")
    assert reasons["body:exclusion_grounds.0"] == (
        "not one of the allowed values (article_1F, article_17)"
    )
    _quiet(response.text + logs.getvalue(), "SECRET")


def test_a_region_outside_the_nationality_does_not_quote_the_body(
    client: TestClient, world: World, logs: io.StringIO
) -> None:
    sent = application_body(region_of_origin="IQ-BG", **VALID)
    response = client.post("/api/v1/applications", json=sent, headers=world.auth("caseworker"))
    body = assert_problem(response, 400, "invalid-input")
    assert _params(body) == {
        "body": "region_of_origin 'IQ-BG' is not in 'SY'; use a SY-.. code",
    }
    _quiet(response.text + logs.getvalue(), *VALID_WORDS, "1234567890")


def test_a_bad_change_of_facts_is_named_without_its_values(
    client: TestClient, world: World, logs: io.StringIO
) -> None:
    app = register(client, world, **VALID)
    response = client.patch(
        f"/api/v1/applications/{app['id']}",
        json={
            "grounds": ["religion", SECRETS[0]],
            "risk_profiles": "lgbtiq",
            "exclusion_grounds": {"article_1F": SECRETS[2]},
        },
        headers={**world.auth("caseworker"), "If-Match": '"1"'},
    )
    body = assert_problem(response, 400, "invalid-input")
    assert {"body:grounds.1", "body:risk_profiles", "body:exclusion_grounds"} <= set(_params(body))
    _quiet(response.text + logs.getvalue(), "SECRET", "lgbtiq", "article_1F")
