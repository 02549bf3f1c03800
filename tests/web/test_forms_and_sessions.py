"""What the pages guarantee on every form: a CSRF token bound to the session, refused from
another origin; cookies HttpOnly and SameSite=Strict (Secure unless plain-HTTP development);
a page's language from the browser until the user switches it; no special-category value in
a URL; errors as pages, never tracebacks."""

from __future__ import annotations

import re

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st
from web_helpers import csrf_of, sign_in

from refuge.casework.demo.accounts import DemoAccount
from refuge.web import i18n


def _case_ids(html: str) -> list[str]:
    return re.findall(r'href="/cases/([0-9a-f-]{36})"', html)


def test_a_post_without_the_session_token_is_refused_and_changes_nothing(
    browser_of: TestClient, accounts: dict[str, DemoAccount]
) -> None:
    token = sign_in(browser_of, accounts["caseworker"])
    case = _case_ids(browser_of.get("/cases").text)[0]
    path = f"/cases/{case}/hearings"
    form = {"kind": "first", "held_on": "2026-01-01", "summary": "synthetic"}
    for bad in ({}, {"csrf_token": "0" * 64}, {"csrf_token": token[:-1] + "x"}):
        answer = browser_of.post(path, data={**form, **bad}, follow_redirects=False)
        assert answer.status_code == 403
    other_site = browser_of.post(
        path,
        data={**form, "csrf_token": token},
        headers={"Origin": "https://attacker.example"},
        follow_redirects=False,
    )
    assert other_site.status_code == 403
    assert (
        "No hearing held yet"
        in browser_of.get(f"/cases/{case}", headers={"Accept-Language": "en"}).text
    )


def test_the_token_of_one_session_does_not_serve_another(
    site: FastAPI, accounts: dict[str, DemoAccount]
) -> None:
    with (
        TestClient(site, base_url="https://testserver") as one,
        TestClient(site, base_url="https://testserver") as two,
    ):
        first = sign_in(one, accounts["caseworker"])
        second = sign_in(two, accounts["caseworker"])
        assert first != second
        answer = two.post("/sign-out", data={"csrf_token": first}, follow_redirects=False)
        assert answer.status_code == 403


def test_sign_in_needs_its_own_pre_session_token(
    browser_of: TestClient, accounts: dict[str, DemoAccount]
) -> None:
    account = accounts["auditor"]
    form = {"username": account.username, "password": account.password}
    assert browser_of.post("/sign-in", data=form, follow_redirects=False).status_code == 403
    page = browser_of.get("/sign-in")
    cookie = page.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Secure" in cookie
    answer = browser_of.post(
        "/sign-in", data={**form, "csrf_token": csrf_of(page.text)}, follow_redirects=False
    )
    assert answer.status_code == 303 and answer.headers["location"] == "/audit"
    session_cookie = answer.headers["set-cookie"]
    assert "refuge_session=" in session_cookie and "HttpOnly" in session_cookie
    assert "SameSite=strict" in session_cookie and "Secure" in session_cookie


def test_a_wrong_password_says_so_in_the_language_of_the_browser(
    browser_of: TestClient, accounts: dict[str, DemoAccount]
) -> None:
    page = browser_of.get("/sign-in", headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert '<html lang="en">' in page.text
    answer = browser_of.post(
        "/sign-in",
        data={
            "username": accounts["auditor"].username,
            "password": "not the password",
            "csrf_token": csrf_of(page.text),
        },
        headers={"Accept-Language": "en-GB,en;q=0.9"},
    )
    assert answer.status_code == 401
    assert "The username or password is wrong" in answer.text
    dutch = browser_of.get("/sign-in", headers={"Accept-Language": "de, fr;q=0.5"})
    assert '<html lang="nl">' in dutch.text and "Aanmelden" in dutch.text


def test_the_facts_are_read_for_a_purpose_and_never_put_in_a_url(
    browser_of: TestClient, accounts: dict[str, DemoAccount]
) -> None:
    token = sign_in(browser_of, accounts["caseworker"])
    case = _case_ids(browser_of.get("/cases").text)[0]
    page = browser_of.get(f"/cases/{case}").text
    assert "lgbtiq" not in page and "sexual_orientation" not in page
    assert 'method="post" action="/cases/' in page  # the facts are asked for with a POST
    refused = browser_of.post(
        f"/cases/{case}/facts", data={"csrf_token": token, "purpose": "curiosity"}
    )
    assert "lgbtiq" not in refused.text and 'role="alert"' in refused.text
    shown = browser_of.post(
        f"/cases/{case}/facts", data={"csrf_token": token, "purpose": "prepare the decision"}
    )
    assert shown.status_code == 200
    hrefs = " ".join(re.findall(r'(?:href|action)="([^"]+)"', shown.text))
    for value in ("lgbtiq", "sexual_orientation", "credible"):
        assert value not in hrefs


def test_an_unknown_page_and_a_bad_id_are_pages_not_tracebacks(
    browser_of: TestClient, accounts: dict[str, DemoAccount]
) -> None:
    sign_in(browser_of, accounts["caseworker"])
    missing = browser_of.get("/no-such-page")
    assert missing.status_code == 404 and "text/html" in missing.headers["content-type"]
    bad = browser_of.get("/cases/not-a-uuid")
    assert bad.status_code == 400 and "Traceback" not in bad.text
    other = browser_of.get("/cases/00000000-0000-4000-8000-000000000000")
    assert other.status_code == 404


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["nl", "en", "de", "nl-BE", "en-US", "fr", "*", "EN", "xx"]),
            st.floats(min_value=0, max_value=1, allow_nan=False).map(lambda q: round(q, 3)),
        ),
        max_size=6,
    )
)
def test_accept_language_picks_the_best_language_of_the_app(
    items: list[tuple[str, float]],
) -> None:
    header = ", ".join(f"{tag};q={q}" for tag, q in items)
    ours = [
        (q, -i, tag.lower()[:2])
        for i, (tag, q) in enumerate(items)
        if tag.lower()[:2] in ("nl", "en") and q > 0
    ]
    expected = max(ours)[2] if ours else "nl"
    assert i18n.accepted(header) == expected


@pytest.mark.parametrize("value", [None, "", "xx", "NL", "nl;"])
def test_a_language_cookie_outside_the_app_is_ignored(value: str | None) -> None:
    assert i18n.chosen(value) is None
