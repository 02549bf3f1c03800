"""Forced departure through the API where a return agreement exists (a test pack: the real Syria
pack has none): refused for a person with an established real risk on return (Article 3 ECHR,
the pack's `article_3`), with the reason, and nothing changes; allowed for a person without one,
so that the refusal is the risk's doing and not the missing agreement's."""

from __future__ import annotations

from pathlib import Path

import pytest
from api_helpers import World
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from charter_cases import NO_RISK, REAL_RISK, return_case, write_agreement_pack
from refuge.casework.actor import Actor
from refuge.casework.models import ReturnCase


@pytest.fixture
def agreement(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REFUGE_POLICY_DIR", str(tmp_path))
    write_agreement_pack(tmp_path)


@pytest.mark.usefixtures("agreement")
def test_an_established_real_risk_bars_forced_departure(
    client: TestClient, world: World, session: Session
) -> None:
    who = Actor(world.ids["caseworker"], "caseworker", "caseworker", world.teams["north"])
    at_risk = return_case(session, who, "1000000001", to_state=None, facts=REAL_RISK)
    no_risk = return_case(session, who, "1000000002", to_state=None, facts=NO_RISK)
    auth = world.auth("caseworker")

    refused = client.post(
        f"/api/v1/return-cases/{at_risk}/transitions",
        json={"to_state": "forced_departure"},
        headers=auth,
    )
    assert refused.status_code == 409, refused.text
    assert refused.headers["content-type"] == "application/problem+json"
    body = refused.json()
    assert body["code"] == "forced-return-not-possible"
    assert "[article_3]" in body["detail"] and "Article 3 ECHR" in body["detail"]
    assert "forced_departure" not in body["allowed_next"]
    with session.begin():
        assert session.get_one(ReturnCase, at_risk).status == "opened"

    allowed = client.post(
        f"/api/v1/return-cases/{no_risk}/transitions",
        json={"to_state": "forced_departure"},
        headers=auth,
    )
    assert allowed.status_code == 200, allowed.text
    assert (allowed.json()["status"], allowed.json()["track"]) == ("forced_departure", "forced")
