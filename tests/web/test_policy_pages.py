"""The policy pages, in-process on both databases: per country the versions and moratoria over
time, each rule with its legal basis and sources (assumptions and projections marked), what
changed between two dates, and the legal review; the rule texts in the reader's language; a
bad date is a message naming the field, an unknown country the 404 page."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from web_helpers import sign_in

from refuge.casework.demo.accounts import DemoAccount
from refuge.policy.country import load_country_pack
from refuge.policy.translations import load_translations

SEED_ANSWERS = "https://www.tweedekamer.nl/kamerstukken/kamervragen/detail?did=2025D42239"


def reader(site: FastAPI, account: DemoAccount, language: str) -> Iterator[TestClient]:
    with TestClient(
        site, base_url="https://testserver", headers={"Accept-Language": language}
    ) as client:
        sign_in(client, account)
        yield client


@pytest.fixture
def analyst(site: FastAPI, accounts: dict[str, DemoAccount]) -> Iterator[TestClient]:
    yield from reader(site, accounts["analyst"], "en")


def text(page: str) -> str:
    """What a reader sees of a page's main part, in one line."""
    main = page[page.index("<main") : page.index("</main>")]
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", main)))


def alert(page: str) -> str:
    found = re.search(r'<(p|div)[^>]*role="alert"[^>]*>(.*?)</\1>', page, re.S)
    assert found, "the page shows no message"
    return text(f"<main>{found.group(2)}</main>")


def test_every_role_finds_the_countries_with_a_pack_and_no_page_for_another_country(
    site: FastAPI, accounts: dict[str, DemoAccount]
) -> None:
    for role in ("caseworker", "auditor", "admin"):
        for client in reader(site, accounts[role], "en"):
            index = client.get("/policy")
            assert index.status_code == 200
            assert 'href="/policy/SY"' in index.text
            assert "Syria — asylum, permit re-assessment and return" in text(index.text)
            assert client.get("/policy/SY").status_code == 200
            # the report library's passages are linked for those who may open the library
            review = client.get("/policy/SY/review").text
            assert ('href="/library/documents/' in review) is (role == "caseworker"), role
            # a country without a pack is the 404 page
            for path in ("/policy/XX", "/policy/XX/diff", "/policy/XX/review", "/policy/SYR"):
                page = client.get(path)
                assert page.status_code == 404, path
                assert "There is no such page." in alert(page.text)


def test_the_country_page_shows_versions_moratoria_and_each_rule_with_its_citations_in_dutch_too(
    analyst: TestClient,
) -> None:
    page = analyst.get("/policy/SY", params={"as_of": "2025-01-01"})
    assert page.status_code == 200
    seen = text(page.text)
    # the timeline: ten versions, each with a link to its policy and to what changed
    assert page.text.count('href="/policy/SY?as_of=') == len(load_country_pack("SY").starts)
    assert 'href="/policy/SY/diff?from=2024-12-09&amp;to=2025-06-10"' in page.text
    # the moratoria of 2011-2012 and 2024-2025, with the assumption about their end
    assert "Decision moratorium Dec 9, 2024 Jun 9, 2025" in seen
    assert "Departure moratorium Jul 6, 2011 Jul 5, 2012" in seen
    assert "assume-2024-moratorium-end : The moratorium was set on 9 December 2024" in seen
    # the version in force on the day asked for, its rules with legal basis and sources
    assert "The policy on Jan 1, 2025" in seen
    assert "The version in force from Dec 9, 2024 to Jun 9, 2025." in seen
    rule = seen[seen.index("moratorium_in_force") :]
    assert "Legal basis art. 43 Vw 2000 (Jul 6, 2011 to Jun 11, 2026)" in rule
    assert f'href="{SEED_ANSWERS}' in page.text  # a source links to its public page
    # the caseworker's judgment and assumptions are marked
    assert "caseworker's judgment Credibility is the caseworker's finding" in seen
    assert 'class="badge assumption"' in page.text
    # a value used after its newest source is a projection
    later = text(analyst.get("/policy/SY", params={"as_of": "2027-01-01"}).text)
    row = later[later.index("ipa_regions Regions") :][:400]
    assert "projection no source after Sep 29, 2025" in row
    assert "Reads a projected value: ipa_regions." in later
    earlier = text(analyst.get("/policy/SY", params={"as_of": "2025-07-01"}).text)
    assert "projection" not in earlier[earlier.index("ipa_regions Regions") :][:400]
    # a bad date names the field, and today is shown instead
    for typed, said in (
        ("2025-13-01", "“Date” is not a date: write it as YYYY-MM-DD"),
        ("2000-01-01", "“Date”: the policy of SY starts on 2011-07-06"),
    ):
        refused = analyst.get("/policy/SY", params={"as_of": typed})
        assert refused.status_code == 200
        assert said in alert(refused.text)
        assert 'aria-invalid="true"' in refused.text
    # in Dutch: the rule texts the pack's catalogue translates, the others marked as English
    if_true = load_country_pack("SY").rules["moratorium_in_force"].if_true
    assert if_true is not None
    dutch = load_translations(load_country_pack("SY"), "nl")(if_true)
    nl = analyst.get(
        "/policy/SY", params={"as_of": "2025-01-01"}, headers={"Accept-Language": "nl"}
    )
    assert "Het beleid op 1 jan 2025" in text(nl.text)
    assert "Besluitmoratorium 9 dec 2024 9 jun 2025" in text(nl.text)
    assert dutch in text(nl.text) and if_true not in text(nl.text)
    assert '<span lang="en">Syria — asylum, permit re-assessment and return</span>' in nl.text


def test_the_diff_shows_what_changed_with_both_citations_and_names_a_bad_date(
    analyst: TestClient,
) -> None:
    page = analyst.get("/policy/SY/diff", params={"from": "2025-01-01", "to": "2025-07-01"})
    assert page.status_code == 200
    seen = text(page.text)
    assert "From the policy of Dec 9, 2024 to the policy of Jun 10, 2025" in seen
    row = seen[seen.index("decision_moratorium A decision moratorium") :][:700]
    assert "yes (Dec 9, 2024 to Jun 9, 2025) Kamerstukken II, 19 637, nr. 3325" in row
    assert "no (from Jun 10, 2025) Antwoord op vraag 1" in row
    rules = seen[seen.index("Rules whose form changed") :]
    assert "moratorium_in_force" in rules and "recommendation" in rules
    assert "because these changed: decision_moratorium" in rules
    # a new article: the legal basis before and after, with the rules resting on it
    seen = text(
        analyst.get("/policy/SY/diff", params={"from": "2026-06-01", "to": "2026-07-01"}).text
    )
    basis = seen[seen.index("Legal basis of") :]
    row = basis[basis.index("Legal basis — assessment of facts") :][:900]
    assert "art. 4 Directive 2011/95/EU (Jul 6, 2011 to Jun 11, 2026)" in row
    assert "art. 4 Regulation (EU) 2024/1347 (from Jul 1, 2026)" in row
    assert "credibility_assessed" in row
    assert "No rule's form changed." in seen
    # a bad or missing date is a message naming the field
    form = analyst.get("/policy/SY/diff")  # the empty form, with the latest change suggested
    assert form.status_code == 200 and 'role="alert"' not in form.text
    assert 'name="from" type="date" value="2026-06-12"' in form.text
    for query, said in (
        ({"from": "1-1-2025", "to": "2025-07-01"}, "“From” is not a date"),
        ({"from": "2025-01-01", "to": ""}, "“To” is empty: give a date."),
        ({"from": "2025-01-01"}, "“To” is empty"),
        ({"from": "2011-01-01", "to": "2025-02-30"}, "“From”: the policy of SY starts on"),
    ):
        page = analyst.get("/policy/SY/diff", params=query)
        assert page.status_code == 200, query
        assert said in alert(page.text), query
        assert "From the policy of" not in page.text
    both = alert(analyst.get("/policy/SY/diff?from=x&to=y").text)
    assert "“From”" in both and "“To”" in both
    same = analyst.get("/policy/SY/diff", params={"from": "2025-01-01", "to": "2025-02-01"})
    assert "Nothing changed: both dates fall in the same policy." in text(same.text)


def test_the_legal_review_shows_every_statement_with_its_assumptions(
    analyst: TestClient,
) -> None:
    page = analyst.get("/policy/SY/review")
    assert page.status_code == 200
    seen = text(page.text)
    assert re.search(r"To review first: \d+ rows rest on an assumption; \d+ rules", seen)
    pack = load_country_pack("SY")
    assumptions = [s for s in pack.sources.values() if s.kind == "assumption"]
    for source in assumptions:
        assert f'id="assumption-{source.id}"' in page.text
    assert f"{len(assumptions)} assumptions cited as sources" in seen
    # a row resting on an assumption links to it, with its note
    assert 'href="#assumption-assume-2024-moratorium-end"' in page.text
    # a rule citing no legal basis says so
    rule = seen[seen.index("former_regime_only_actor The only actor") :][:400]
    assert "none cited" in rule
    # every document, with a link to its public page
    assert page.text.count('id="source-') == len(pack.sources) - len(assumptions)
    assert f'href="{SEED_ANSWERS}' in page.text
