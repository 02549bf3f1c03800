"""Default deny for pages, generated from the web app's route table like the API's: every page
has an entry in `refuge.web.pages.PAGES`, and every role gets on every page what the table
says — the sign-in page for nobody signed in, a 403 page (audited) for a role not listed."""

from __future__ import annotations

import re
import uuid

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute, iter_route_contexts
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import sessionmaker
from web_helpers import sign_in

from refuge.accounts.models import ROLES
from refuge.audit.models import AuditEvent
from refuge.casework.demo.accounts import DemoAccount
from refuge.store.engine import engine_for
from refuge.web.app import create_web_app
from refuge.web.pages import PAGES, PUBLIC


def pages(web: FastAPI) -> list[tuple[str, str]]:
    return sorted(
        (method, str(context.path_format))
        for context in iter_route_contexts(web.routes)
        if isinstance(context.original_route, APIRoute)
        for method in context.original_route.methods
    )


PAGE_ROUTES = pages(create_web_app(sessionmaker()))


def concrete(template: str) -> str:
    return re.sub(r"\{[^}]+\}", str(uuid.uuid4()), template)


def test_every_page_has_an_entry_and_every_entry_a_page() -> None:
    assert [p for p in PAGE_ROUTES if p not in PAGES] == []
    assert [p for p in PAGES if p not in PAGE_ROUTES] == []


def test_case_pages_are_for_caseworkers_and_supervisors_only() -> None:
    for (_method, path), roles in PAGES.items():
        if path.startswith(("/cases", "/approvals")):
            assert roles <= {"caseworker", "supervisor"}, path


def test_nobody_signed_in_is_sent_to_sign_in(browser_of: TestClient) -> None:
    for method, template in PAGE_ROUTES:
        if PAGES[(method, template)] == PUBLIC or method != "GET":
            continue
        answer = browser_of.get(concrete(template), follow_redirects=False)
        assert answer.status_code == 303, template
        assert answer.headers["location"].startswith("/sign-in"), template


@pytest.mark.parametrize("role", ROLES)
def test_every_role_on_every_page(
    role: str, site: FastAPI, accounts: dict[str, DemoAccount], db_url: str
) -> None:
    with TestClient(site, base_url="https://testserver") as client:
        token = sign_in(client, accounts[role])
        for method, template in PAGE_ROUTES:
            allowed = PAGES[(method, template)]
            if allowed == PUBLIC or (method, template) == ("POST", "/sign-out"):
                continue
            path = concrete(template)
            if method == "GET":
                answer = client.get(path, follow_redirects=False)
            else:
                answer = client.post(path, data={"csrf_token": token}, follow_redirects=False)
            if role in allowed:
                assert answer.status_code != 403, (role, method, template)
            else:
                assert answer.status_code == 403, (role, method, template)
                assert "text/html" in answer.headers["content-type"]
    denied = [
        (m, t) for m, t in PAGE_ROUTES if PAGES[(m, t)] != PUBLIC and role not in PAGES[(m, t)]
    ]
    with sessionmaker(engine_for(db_url))() as session:
        audited = session.scalars(
            select(AuditEvent.entity_id).where(
                AuditEvent.actor == accounts[role].username,
                AuditEvent.entity == "page",
                AuditEvent.outcome == "denied",
            )
        ).all()
    assert sorted(audited) == sorted(f"{m} {t}"[:64] for m, t in denied)
