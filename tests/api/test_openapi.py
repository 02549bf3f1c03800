"""The OpenAPI document and the NL API design rules that can be read from it, and the headers
every response carries."""

from __future__ import annotations

import re

from api_helpers import World
from fastapi.testclient import TestClient

from refuge.api.headers import SECURITY_HEADERS

SEGMENT = re.compile(r"^([a-z0-9]+(-[a-z0-9]+)*|\{[a-z_]+\})$")  # ADR path-segments-kebab-case
QUERY_KEY = re.compile(r"^\$?[a-z][a-z\d]*([A-Z][a-z\d]*)*$")  # ADR query-keys-camel-case
SENSITIVE = ("nationality", "grounds", "name", "v_number", "vNumber", "religion", "ethnicity")


def test_openapi_3_1_is_served_without_authentication(client: TestClient) -> None:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    doc = response.json()
    assert doc["openapi"].startswith("3.1")
    assert doc["info"]["version"] == response.headers["api-version"] == "1.0.0"
    assert [s["url"] for s in doc["servers"]] == ["/api/v1"]
    assert response.headers["access-control-allow-origin"] == "*"


def test_paths_are_kebab_case_plural_without_trailing_slash(client: TestClient) -> None:
    doc = client.get("/api/v1/openapi.json").json()
    for path in doc["paths"]:
        assert not path.endswith("/"), path
        for segment in path.strip("/").split("/"):
            assert SEGMENT.match(segment), f"{path}: {segment!r} is not kebab-case"


def test_query_keys_are_lower_camel_case_and_never_sensitive(client: TestClient) -> None:
    doc = client.get("/api/v1/openapi.json").json()
    for path, item in doc["paths"].items():
        for method, op in item.items():
            for param in op.get("parameters", []):
                if param["in"] != "query":
                    continue
                assert QUERY_KEY.match(param["name"]), f"{method} {path}: {param['name']}"
                assert param["name"] not in SENSITIVE, f"{method} {path}: {param['name']}"


def test_security_and_version_headers_on_success_and_error(
    client: TestClient, world: World
) -> None:
    for response in (
        client.get("/api/v1/sessions/current", headers=world.auth("admin")),
        client.get("/api/v1/sessions/current"),
        client.get("/nowhere"),
    ):
        for name, value in SECURITY_HEADERS.items():
            assert response.headers[name] == value, (response.request.url, name)
        assert "access-control-allow-origin" not in response.headers


def test_responses_give_instants_in_utc(client: TestClient, world: World) -> None:
    me = client.get("/api/v1/sessions/current", headers=world.auth("admin")).json()
    assert me["user"]["created_at"].endswith("Z")
