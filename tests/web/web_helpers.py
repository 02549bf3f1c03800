"""Helpers of the web app's tests: read a page's CSRF token, sign in through the sign-in page."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from refuge.casework.demo.accounts import DemoAccount

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_of(html: str) -> str:
    found = CSRF.search(html)
    assert found, "the page has no form with a CSRF token"
    return found.group(1)


def sign_in(client: TestClient, account: DemoAccount) -> str:
    """Sign `account` in through the sign-in page; returns the session's CSRF token."""
    token = csrf_of(client.get("/sign-in").text)
    answer = client.post(
        "/sign-in",
        data={"username": account.username, "password": account.password, "csrf_token": token},
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text
    return csrf_of(client.get("/password").text)
