"""Unbounded input (issue 7, defect 3): the body size is limited before anything reads it (before
authentication, before parsing), every list and string of the input schemas is bounded, repeated
values are refused, and an error body stays small however bad the input.

The body-limit tests talk raw HTTP/1.1 to a real uvicorn server: the 413 must arrive while the
client is still sending, i.e. before the server has read the body."""

from __future__ import annotations

import json
import select
import socket
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
from api_helpers import World, application_body, register
from fastapi import FastAPI
from fastapi.testclient import TestClient
from test_error_shape import assert_problem

from live_server import live_server
from refuge.api.app import create_app
from refuge.policy.vocabulary import ExclusionGround, Ground, RiskProfile

CHUNK = b"x" * 65_536
SMALL = 10_000  # bytes: an error body at most this big is "small"
DEFAULT_MAX_BODY_BYTES = 1024 * 1024  # 1 MiB, docs/api.md#limits


@pytest.fixture
def server(app: FastAPI) -> Iterator[str]:
    with live_server(app) as url:
        yield url


def _response(sock: socket.socket) -> tuple[int, dict[str, str], bytes]:
    """Read one HTTP/1.1 response (with a Content-Length) from `sock`."""
    data = b""
    while b"\r\n\r\n" not in data:
        part = sock.recv(65_536)
        assert part, f"the connection closed before a response: {data!r}"
        data += part
    head, _, body = data.partition(b"\r\n\r\n")
    status_line, *lines = head.decode("latin-1").split("\r\n")
    headers = {k.strip().lower(): v.strip() for k, _, v in (x.partition(":") for x in lines)}
    size = int(headers["content-length"])
    while len(body) < size:
        part = sock.recv(65_536)
        assert part, "the connection closed in the middle of the response"
        body += part
    return int(status_line.split()[1]), headers, body[:size]


def _send_until_answered(
    url: str, head: str, chunks: Iterator[bytes]
) -> tuple[int, dict[str, str], bytes, int]:
    """Send `head`, then body `chunks` until the server answers (or the chunks run out);
    return the response and how many body bytes were sent before it arrived."""
    parts = urlsplit(url)
    with socket.create_connection((parts.hostname, parts.port), timeout=30) as sock:
        sock.sendall(head.encode("latin-1"))
        sent = 0
        for chunk in chunks:
            readable, _, _ = select.select([sock], [], [], 0)
            if readable:
                break
            try:
                sock.sendall(chunk)
            except (BrokenPipeError, ConnectionResetError):
                break  # the server answered and closed; the answer is in our receive buffer
            sent += len(chunk)
        status, headers, body = _response(sock)
    return status, headers, body, sent


def _assert_413(status: int, headers: dict[str, str], body: bytes, limit: int) -> None:
    assert status == 413, body[:500]
    assert headers["content-type"] == "application/problem+json"
    assert headers["api-version"] == "1.0.0"  # the usual headers, too
    problem = json.loads(body)
    assert problem["code"] == "body-too-large"
    assert problem["status"] == 413
    assert problem["type"].endswith("/body-too-large")
    assert problem["instance"] == "/api/v1/applications"
    assert problem["max_body_bytes"] == limit
    assert str(limit) in problem["detail"]


def test_an_oversized_declared_body_is_refused_before_it_is_read(server: str) -> None:
    """Unauthenticated, Content-Length: 300 MB. The 413 comes after the headers, while the
    client still has almost all of the body to send."""
    declared = 300 * 1024 * 1024
    head = (
        "POST /api/v1/applications HTTP/1.1\r\nHost: testserver\r\n"
        f"Content-Type: application/json\r\nContent-Length: {declared}\r\n\r\n"
    )
    budget = 64 * 1024 * 1024  # far more than any socket buffers, far less than declared
    chunks = (CHUNK for _ in range(budget // len(CHUNK)))
    status, headers, body, sent = _send_until_answered(server, head, chunks)
    _assert_413(status, headers, body, DEFAULT_MAX_BODY_BYTES)
    assert sent < budget, "the server read the body before answering"
    assert headers.get("connection") == "close"  # the rest is not read


def test_an_oversized_chunked_body_is_refused_as_it_streams(server: str) -> None:
    """Unauthenticated, Transfer-Encoding: chunked, no length said up front: the server counts
    the bytes as they arrive and answers 413 at the limit, long before the client is done."""
    head = (
        "POST /api/v1/applications HTTP/1.1\r\nHost: testserver\r\n"
        "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
    )
    frame = f"{len(CHUNK):x}\r\n".encode() + CHUNK + b"\r\n"
    budget = 64 * 1024 * 1024  # far more than the limit plus any socket buffers
    chunks = (frame for _ in range(budget // len(CHUNK)))
    status, headers, body, sent = _send_until_answered(server, head, chunks)
    _assert_413(status, headers, body, DEFAULT_MAX_BODY_BYTES)
    assert sent < budget, "the server read the whole body before answering"


def test_a_body_within_the_limit_goes_through(server: str, world: World) -> None:
    data = json.dumps(application_body()).encode()
    head = (
        "POST /api/v1/applications HTTP/1.1\r\nHost: testserver\r\nConnection: close\r\n"
        f"Authorization: Bearer {world.tokens['caseworker']}\r\n"
        "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
    )
    chunks = iter([f"{len(data):x}\r\n".encode() + data + b"\r\n", b"0\r\n\r\n"])
    status, _, body, _ = _send_until_answered(server, head, chunks)
    assert status == 201, body


def test_the_limit_is_configurable(
    db_url: str, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REFUGE_MAX_BODY_BYTES", "2000")
    with TestClient(create_app(db_url), base_url="https://testserver") as client:
        big = client.post(
            "/api/v1/applications",
            json=application_body(grounds=["economic"], padding="x" * 3000),
            headers=world.auth("caseworker"),
        )
        body = assert_problem(big, 413, "body-too-large")
        assert body["max_body_bytes"] == 2000
        ok = client.post(
            "/api/v1/applications", json=application_body(), headers=world.auth("caseworker")
        )
        assert ok.status_code == 201, ok.text


@pytest.mark.parametrize("value", ["0", "-1", "lots", "1.5"])
def test_a_bad_limit_setting_is_refused(
    db_url: str, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("REFUGE_MAX_BODY_BYTES", value)
    with pytest.raises(ValueError, match="REFUGE_MAX_BODY_BYTES"):
        create_app(db_url)


def _total(client: TestClient, world: World) -> int:
    listed = client.get("/api/v1/applications", headers=world.auth("caseworker"))
    assert listed.status_code == 200, listed.text
    return int(listed.json()["total"])


def test_a_million_item_list_is_a_small_4xx_and_nothing_is_stored(
    client: TestClient, world: World
) -> None:
    response = client.post(
        "/api/v1/applications",
        json=application_body(grounds=["economic"] * 1_000_000),
        headers=world.auth("caseworker"),
    )
    assert 400 <= response.status_code < 500, response.status_code
    assert len(response.content) < SMALL
    assert _total(client, world) == 0


def test_a_million_item_list_under_a_raised_limit_is_refused_by_the_schema(
    db_url: str, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REFUGE_MAX_BODY_BYTES", str(64 * 1024 * 1024))
    with TestClient(create_app(db_url), base_url="https://testserver") as client:
        response = client.post(
            "/api/v1/applications",
            json=application_body(grounds=["economic"] * 1_000_000),
            headers=world.auth("caseworker"),
        )
        body = assert_problem(response, 400, "invalid-input")
        assert len(response.content) < SMALL
        assert [p["name"] for p in body["invalid_params"]] == ["body:grounds"]
        assert _total(client, world) == 0


def test_a_hundred_thousand_invalid_items_give_a_small_error(
    client: TestClient, world: World
) -> None:
    response = client.post(
        "/api/v1/applications",
        json=application_body(grounds=[1] * 100_000),
        headers=world.auth("caseworker"),
    )
    assert_problem(response, 400, "invalid-input")
    assert len(response.content) < SMALL


def test_the_listed_field_errors_are_capped(client: TestClient, world: World) -> None:
    """1,000 unknown fields are 1,000 problems: the first 20 are listed, the rest counted."""
    extra = {f"field_{i}": i for i in range(1_000)}
    response = client.post(
        "/api/v1/applications",
        json=application_body(**extra),
        headers=world.auth("caseworker"),
    )
    body = assert_problem(response, 400, "invalid-input")
    assert len(body["invalid_params"]) == 20
    assert body["invalid_params_omitted"] == 980
    assert "1000 invalid value(s)" in body["detail"]
    assert len(response.content) < SMALL


def test_a_few_errors_are_all_listed(client: TestClient, world: World) -> None:
    response = client.post(
        "/api/v1/applications",
        json={"nationality": "sy", "grounds": ["nope"], "minor": "maybe"},
        headers=world.auth("caseworker"),
    )
    body = assert_problem(response, 400, "invalid-input")
    assert "invalid_params_omitted" not in body


@pytest.mark.parametrize(
    "field,values",
    [
        ("grounds", ["economic", "religion", "economic"]),
        ("risk_profiles", ["kurd", "kurd"]),
        ("exclusion_grounds", ["article_1F", "article_1F"]),
    ],
)
def test_a_repeated_value_is_refused_at_the_first_request_and_nothing_is_stored(
    client: TestClient, world: World, field: str, values: list[str]
) -> None:
    response = client.post(
        "/api/v1/applications",
        json=application_body(**{field: values}),
        headers=world.auth("caseworker"),
    )
    body = assert_problem(response, 400, "invalid-input")
    assert [p["name"] for p in body["invalid_params"]] == [f"body:{field}"]
    assert values[0] not in response.text  # the reason does not repeat a special-category value
    assert _total(client, world) == 0


def test_a_repeated_value_in_a_patch_is_refused_and_nothing_changes(
    client: TestClient, world: World
) -> None:
    app = register(client, world)
    url = f"/api/v1/applications/{app['id']}"
    response = client.patch(
        url,
        json={"grounds": ["religion", "religion"]},
        headers={**world.auth("caseworker"), "If-Match": f'"{app["version"]}"'},
    )
    body = assert_problem(response, 400, "invalid-input")
    assert [p["name"] for p in body["invalid_params"]] == ["body:grounds"]
    read = client.get(url, headers={**world.auth("caseworker"), "Purpose": "test"})
    assert read.json()["grounds"] == ["sexual_orientation"]
    assert read.json()["version"] == app["version"]


def test_every_distinct_value_may_be_sent_once(client: TestClient, world: World) -> None:
    from typing import get_args

    body = application_body(
        grounds=list(get_args(Ground)),
        risk_profiles=list(get_args(RiskProfile)),
        exclusion_grounds=list(get_args(ExclusionGround)),
    )
    response = client.post("/api/v1/applications", json=body, headers=world.auth("caseworker"))
    assert response.status_code == 201, response.text


def test_long_ids_are_refused_without_echoing_them(client: TestClient, world: World) -> None:
    response = client.post(
        "/api/v1/applications",
        json=application_body(v_number="1" * 200_000, region_of_origin="SY-" + "D" * 200_000),
        headers=world.auth("caseworker"),
    )
    body = assert_problem(response, 400, "invalid-input")
    names = {p["name"] for p in body["invalid_params"]}
    assert {"body:v_number", "body:region_of_origin"} <= names
    assert len(response.content) < SMALL


def _schema(client: TestClient, name: str) -> dict[str, Any]:
    doc = client.get("/api/v1/openapi.json").json()
    return dict(doc["components"]["schemas"][name]["properties"])


@pytest.mark.parametrize("model", ["ApplicationCreate", "FactsPatch"])
def test_the_openapi_document_states_the_list_bounds(client: TestClient, model: str) -> None:
    from typing import get_args

    props = _schema(client, model)
    for field, values in (
        ("grounds", Ground),
        ("risk_profiles", RiskProfile),
        ("exclusion_grounds", ExclusionGround),
    ):
        prop = props[field]
        schema = next((s for s in prop.get("anyOf", [prop]) if s.get("type") == "array"), prop)
        assert schema["maxItems"] == len(get_args(values)), (field, schema)
        assert schema["uniqueItems"] is True, (field, schema)
    create = _schema(client, "ApplicationCreate")
    assert create["v_number"]["maxLength"] == 10
