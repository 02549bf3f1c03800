"""An assessment is dated on or after the application date, and on or after the first day of the
country's policy pack: any other date is refused with a problem naming both dates (400, like
every casework rule on a date sent), nothing is stored and no audit event is written. No date,
however far off, is a server error. A permit's dates are checked too: one in force or ended with
no lawful residence recorded is a conflict (409) named until the facts are put right."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

import pytest
from api_helpers import World, register
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from test_error_shape import assert_problem

from refuge.audit.models import AuditEvent
from refuge.casework.models import Assessment, Permit
from refuge.policy.country import load_country_pack
from refuge.store.engine import transaction

PURPOSE = {"Purpose": "check the permit dates"}
LODGED = date(2025, 3, 1)
PACK_STARTS = load_country_pack("SY").valid_from  # 2011-07-06
EARLY = date(2010, 12, 1)  # an application lodged before the pack starts


def _counts(world: World) -> tuple[int, int]:
    with transaction(world.url) as s:
        return (
            s.scalar(select(func.count()).select_from(Assessment)) or 0,
            s.scalar(select(func.count()).select_from(AuditEvent)) or 0,
        )


def _assess(client: TestClient, world: World, app: dict[str, Any], as_of: str) -> Any:
    return client.post(
        f"/api/v1/applications/{app['id']}/assessments",
        json={"as_of": as_of},
        headers=world.auth("caseworker"),
    )


def test_an_assessment_before_the_application_date_is_refused_and_nothing_is_kept(
    client: TestClient, world: World
) -> None:
    app = register(client, world, application_date=LODGED.isoformat())
    before = _counts(world)
    response = _assess(client, world, app, "2025-02-28")
    body = assert_problem(response, 400, "assessed-before-application")
    assert "2025-02-28" in body["detail"] and "2025-03-01" in body["detail"]
    assert body["as_of"] == "2025-02-28" and body["application_date"] == "2025-03-01"
    assert _counts(world) == before  # no assessment, no audit event

    on_the_day = _assess(client, world, app, LODGED.isoformat())
    assert on_the_day.status_code == 201, on_the_day.text
    assert on_the_day.json()["as_of"] == "2025-03-01"


def test_a_date_before_the_pack_starts_is_refused_not_a_server_error(
    client: TestClient, world: World
) -> None:
    app = register(client, world, application_date=EARLY.isoformat())
    before = _counts(world)
    body = assert_problem(_assess(client, world, app, "2011-01-01"), 400, "date-before-pack")
    assert "2011-07-06" in body["detail"] and "2011-01-01" in body["detail"]
    assert _counts(world) == before
    both = _assess(client, world, app, "2001-01-01")  # before the application, too
    assert_problem(both, 400, "assessed-before-application")


def test_an_application_the_engine_cannot_place_is_a_conflict_not_a_server_error(
    client: TestClient, world: World
) -> None:
    no_pack = register(client, world, nationality="IQ", region_of_origin="IQ-BG")
    body = assert_problem(_assess(client, world, no_pack, "2025-10-01"), 409, "no-pack-for-country")
    assert "'IQ'" in body["detail"] and "/" not in body["detail"]  # no server path
    odd_region = register(client, world, v_number="2234567890", region_of_origin="SY-ZZ")
    body = assert_problem(_assess(client, world, odd_region, "2025-10-01"), 409, "unknown-region")
    assert "'SY-ZZ'" in body["detail"]


@pytest.mark.parametrize("lodged", [LODGED, EARLY], ids=["lodged-2025", "lodged-2010"])
def test_no_assessment_date_is_a_server_error(
    client: TestClient, world: World, lodged: date
) -> None:
    app = register(client, world, application_date=lodged.isoformat())

    @settings(
        max_examples=40,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(as_of=st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)))
    @example(as_of=date(1, 1, 1))
    @example(as_of=date(9999, 12, 31))
    @example(as_of=lodged - timedelta(days=1))
    @example(as_of=lodged)
    @example(as_of=PACK_STARTS - timedelta(days=1))
    @example(as_of=PACK_STARTS)
    def check(as_of: date) -> None:
        response = _assess(client, world, app, as_of.isoformat())
        assert response.status_code < 500, response.text
        if as_of < lodged:
            body = assert_problem(response, 400, "assessed-before-application")
            assert as_of.isoformat() in body["detail"] and lodged.isoformat() in body["detail"]
        elif as_of < PACK_STARTS:
            body = assert_problem(response, 400, "date-before-pack")
            assert as_of.isoformat() in body["detail"]
        else:
            assert response.status_code == 201, response.text
            assert response.json()["as_of"] == as_of.isoformat()

    check()


def _holder(client: TestClient, world: World, v_number: str, valid_until: date) -> Any:
    """An application of a person who holds a temporary permit granted on 2020-01-01 (a grant
    in effect makes one; here it is stored as the store holds it)."""
    app = register(client, world, v_number=v_number, application_date="2019-06-01")
    with transaction(world.url) as s:
        s.add(
            Permit(
                person_id=uuid.UUID(app["person_id"]),
                application_id=uuid.UUID(app["id"]),
                ground="subsidiary_general_risk",
                granted=date(2020, 1, 1),
                valid_until=valid_until,
            )
        )
    return app


def _record_lawful_residence(client: TestClient, world: World, app: dict[str, Any]) -> None:
    url = f"/api/v1/applications/{app['id']}"
    auth = world.auth("caseworker")
    etag = client.get(url, headers={**auth, **PURPOSE}).headers["etag"]
    patched = client.patch(url, json={"legal_residence": True}, headers={**auth, "If-Match": etag})
    assert patched.status_code == 200, patched.text


def test_a_permit_in_force_without_lawful_residence_is_a_conflict_named_until_it_is_recorded(
    client: TestClient, world: World
) -> None:
    app = _holder(client, world, "3234567890", valid_until=date(2030, 1, 1))
    before = _counts(world)
    response = _assess(client, world, app, "2025-10-01")
    body = assert_problem(response, 409, "permit-without-residence")
    assert "lawful residence" in body["detail"] and "2030-01-01" in body["detail"]
    assert body["permit_valid_until"] == "2030-01-01" and body["as_of"] == "2025-10-01"
    assert _counts(world) == before  # nothing stored, nothing audited
    _record_lawful_residence(client, world, app)
    review = _assess(client, world, app, "2025-10-01")
    assert review.status_code == 201, review.text
    assert review.json()["output"]["headline"]["kind"] == "permit_review"


def test_a_permit_that_ended_is_refused_as_lapsed_unless_residence_continues_as_its_extension(
    client: TestClient, world: World
) -> None:
    app = _holder(client, world, "4234567890", valid_until=date(2024, 12, 31))
    before = _counts(world)
    body = assert_problem(_assess(client, world, app, "2025-10-01"), 409, "permit-lapsed")
    assert "2024-12-31" in body["detail"] and "2025-10-01" in body["detail"]
    assert body["permit_valid_until"] == "2024-12-31"
    assert _counts(world) == before
    _record_lawful_residence(client, world, app)  # the extension was applied for in time
    review = _assess(client, world, app, "2025-10-01")
    assert review.status_code == 201, review.text
    headline = review.json()["output"]["headline"]
    assert headline["kind"] == "permit_review" and "extension" in headline["title"]
