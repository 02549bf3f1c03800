"""The report library's pages in-process, on SQLite and PostgreSQL: search with its refusals and
safely marked matches, the reader, a cited passage with the rules resting on it, and the
publisher's work — marking a text on a Woo ground, the scan's proposals, the approval queue
with four eyes, publishing and downloading. Individual reports never show on these pages."""

from __future__ import annotations

import os
import re
import uuid
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select
from web_helpers import sign_in

from refuge.accounts.models import User
from refuge.casework.actor import Actor
from refuge.casework.demo.accounts import DemoAccount
from refuge.casework.models import Application
from refuge.coi import service
from refuge.coi.demo import load_demo_documents
from refuge.coi.models import CoiDocument
from refuge.coi.schemas import DocumentMeta
from refuge.store.engine import session_factory

THEMATIC = "synthetic-thematic-return-syria"
WITHHELD = "Ministry of Foreign Affairs"  # once in passage p1 of the thematic report
CITED = "/library/documents/kamervragen-syrie-terugkeer-2025-09-29@1/passages/p11"


@pytest.fixture
def library(db_url: str, accounts: dict[str, DemoAccount]) -> dict[str, uuid.UUID]:
    """The demo documents, by reference."""
    load_demo_documents(session_factory(db_url))
    with session_factory(db_url)() as session:
        rows = session.execute(select(CoiDocument.reference, CoiDocument.id)).all()
    return {reference: document_id for reference, document_id in rows}


def _client(site: FastAPI, account: DemoAccount, language: str = "en") -> tuple[TestClient, str]:
    client = TestClient(site, base_url="https://testserver", headers={"Accept-Language": language})
    return client, sign_in(client, account)


def _actor(db_url: str, username: str) -> Actor:
    with session_factory(db_url)() as session:
        user = session.scalars(select(User).where(User.username == username)).one()
        return Actor(user.id, user.username, user.role, user.team_id)


def _add(db_url: str, actor: Actor, name: str, text: str, **meta: object) -> uuid.UUID:
    with session_factory(db_url)() as session:
        added = service.add_document(
            session, actor, name, text.encode(), DocumentMeta.model_validate(meta)
        )
        session.commit()
        return added.document.id


def _error(html: str) -> str:
    found = re.search(r'<p class="error" role="alert"[^>]*>(.*?)</p>', html, re.S)
    assert found, "the page shows no refusal"
    return " ".join(found.group(1).split())


def _status(db_url: str, document_id: uuid.UUID) -> str:
    with session_factory(db_url)() as session:
        document = session.get(CoiDocument, document_id)
        assert document is not None
        return document.status


def test_a_search_marks_the_matched_words_and_escapes_what_the_text_holds(
    site: FastAPI, accounts: dict[str, DemoAccount], library: dict[str, uuid.UUID], db_url: str
) -> None:
    _add(
        db_url,
        _actor(db_url, "demo-publisher"),
        "notitie.txt",
        "Een notitie over terugkeer met <img src=x onerror=alert(1)> als tekst.",
        reference="notitie-opmaak",
    )
    client, _ = _client(site, accounts["caseworker"])
    with client:
        page = client.get("/library", params={"q": "terugkeer <img>"}).text
        assert "<mark>terugkeer</mark> met &lt;<mark>img</mark> src=x onerror=alert(1)&gt;" in page
        assert "“terugkeer &lt;img&gt;”" in page and "<img" not in page
        english = _hits(client.get("/library", params={"q": "terugkeer", "lang": "en"}).text)
        assert "“terugkeer”: 0," in english
        # the query language: a phrase, OR; the filters
        phrase = _hits(
            client.get("/library", params={"q": '"charter flight" OR dienstplicht'}).text
        )
        assert f"coi:{THEMATIC}#2-p2" in phrase and "coi:synthetisch-ambtsbericht-syrie#" in phrase
        later = _hits(client.get("/library", params={"q": "terugkeer", "from": "2025-11-01"}).text)
        assert "coi:synthetisch-ambtsbericht-syrie#" in later and "coi:kamervragen" not in later


def _hits(html: str) -> str:
    """The passages found, without the list of documents below them."""
    return html.split('id="documents-heading"')[0]


REFUSED_SEARCHES = [
    ({"q": '"veilige terugkeer'}, "A quotation mark is not closed"),
    ({"q": "de het", "lang": "nl"}, "Common words (de, het, the, of) are not searched"),
    ({"q": "terugkeer", "from": "2025-13-01"}, "Check these filters: from."),
    ({"q": "terugkeer", "from": "2025-12-01", "to": "2025-01-01"}, "before its start"),
    ({"q": "x" * 600}, "The query is too long"),
]


def test_a_search_that_cannot_be_done_says_why_in_the_readers_language(
    site: FastAPI, accounts: dict[str, DemoAccount], library: dict[str, uuid.UUID]
) -> None:
    client, _ = _client(site, accounts["analyst"])
    with client:
        for params, message in REFUSED_SEARCHES:
            answer = client.get("/library", params=params)
            assert answer.status_code == 200
            assert message in _error(answer.text), params
    dutch, _ = _client(site, accounts["supervisor"], "nl")
    with dutch:
        answer = dutch.get("/library", params={"q": '"veilige terugkeer'})
        assert "aanhalingsteken is niet gesloten" in _error(answer.text)


def test_individual_reports_are_never_listed_searched_or_shown_in_the_library(
    site: FastAPI, accounts: dict[str, DemoAccount], library: dict[str, uuid.UUID], db_url: str
) -> None:
    caseworker = _actor(db_url, "demo-caseworker")
    with session_factory(db_url)() as session:
        application_id = session.scalars(select(Application.id)).first()
    individual = _add(
        db_url,
        caseworker,
        "verslag.txt",
        "Individueel ambtsbericht over zeldzaamwoord in de zaak.",
        kind="individual",
        application_id=application_id,
        title="Individueel ambtsbericht zeldzaamwoord",
    )
    with session_factory(db_url)() as session:
        reference = session.get(CoiDocument, individual).reference  # type: ignore[union-attr]
    client, _ = _client(site, accounts["caseworker"])
    with client:
        listing = client.get("/library").text
        assert "zeldzaamwoord" not in listing
        searched = client.get("/library", params={"q": "zeldzaamwoord"}).text
        assert "Passages with the words of" in searched and ": 0," in searched
        assert "zeldzaamwoord</mark>" not in searched
        for path in (
            f"/library/documents/{individual}",
            f"/library/documents/{reference}",
            f"/library/documents/{reference}/passages/p1",
        ):
            answer = client.get(path)
            assert answer.status_code == 404, path
            assert "zeldzaamwoord" not in answer.text


def test_the_reader_shows_passages_with_anchors_and_only_publishers_see_redactions(
    site: FastAPI, accounts: dict[str, DemoAccount], library: dict[str, uuid.UUID]
) -> None:
    document = library[THEMATIC]
    client, token = _client(site, accounts["publisher"])
    with client:
        answer = client.post(
            f"/library/documents/{document}/redactions",
            data={"csrf_token": token, "anchor": "p1", "text": WITHHELD, "ground": "5.1.2a"}
            | {"note": "names a ministry (synthetic test)"},
            follow_redirects=False,
        )
        assert answer.status_code == 303
        page = client.get(answer.headers["location"]).text
        assert f'<mark class="redaction marked" data-ground="5.1.2a">{WITHHELD}</mark>' in page
        assert "The text is marked for redaction" in page
    reader, _ = _client(site, accounts["analyst"])
    with reader:
        page = reader.get(f"/library/documents/{document}").text
        assert 'id="p-2-p2"' in page and ">2-p2<" in page  # each passage with its anchor
        assert WITHHELD in page and "<mark" not in page
        assert "redaction-form" not in page and "/publication" not in page
        by_reference = reader.get(f"/library/documents/{THEMATIC}@1")
        assert by_reference.status_code == 200 and 'id="p-2-p2"' in by_reference.text
        assert reader.get(f"/library/documents/{uuid.uuid4()}").status_code == 404


def test_a_cited_passage_shows_its_context_and_the_rules_that_rest_on_it(
    site: FastAPI, accounts: dict[str, DemoAccount], library: dict[str, uuid.UUID]
) -> None:
    client, _ = _client(site, accounts["caseworker"])
    with client:
        page = client.get(CITED).text
        assert "nieuw ambtsbericht Syrië opgeleverd" in page  # the passage itself
        assert "Antwoord op vraag 2" in page  # the one before it
        assert "moratorium_in_force" in page and "decision_moratorium" in page
        assert "cites the newest revision" in page
        for unknown in (
            "/library/documents/kamervragen-syrie-terugkeer-2025-09-29@1/passages/p999",
            "/library/documents/geen-document@1/passages/p1",
            "/library/documents/Not%20A%20Reference/passages/p1",
        ):
            answer = client.get(unknown)
            assert answer.status_code == 404, unknown
            assert "There is no such page" in answer.text


def _mark(client: TestClient, token: str, document: uuid.UUID, **form: str) -> str:
    answer = client.post(
        f"/library/documents/{document}/redactions",
        data={"csrf_token": token, "ground": "5.1.2e", "note": "synthetic test"} | form,
        follow_redirects=False,
    )
    if answer.status_code == 303:
        return "marked"
    assert answer.status_code == 200, answer.text
    return _error(answer.text)


def test_a_publisher_marks_a_selection_or_a_typed_text_and_is_told_what_does_not_fit(
    site: FastAPI, accounts: dict[str, DemoAccount], library: dict[str, uuid.UUID], db_url: str
) -> None:
    document = library[THEMATIC]
    with session_factory(db_url)() as session:
        passages = service.list_passages(session, _actor(db_url, "demo-publisher"), document)
    p1 = next(p for p in passages if p.anchor == "p1")
    start = p1.start + p1.text.index(WITHHELD)
    client, token = _client(site, accounts["publisher"])
    with client:
        # a selection: its offsets, checked against the selected text (white space trimmed)
        selected = {"anchor": "p1", "text": f" {WITHHELD} "}
        assert (
            _mark(client, token, document, start=str(start - 1), end=str(start + 28), **selected)
            == "marked"
        )
        assert "overlaps a text that is marked" in _mark(
            client, token, document, anchor="p1", text="Foreign"
        )
        # offsets that do not hold the text sent: the typed text in the passage counts
        assert (
            _mark(client, token, document, anchor="2-p2", text="84 Syrians", start="0", end="5")
            == "marked"
        )
        assert "is not in passage 2-p1" in _mark(
            client, token, document, anchor="2-p1", text="not in this passage"
        )
        assert "more than once in passage p1" in _mark(
            client, token, document, anchor="p1", text="of"
        )
        assert "Choose the Woo ground" in _mark(
            client, token, document, anchor="2-p3", text="Returnees", ground=""
        )
        assert "Say why the text is withheld" in _mark(
            client, token, document, anchor="2-p3", text="Returnees", note="  "
        )
        assert "Select the text to withhold" in _mark(client, token, document, anchor="2-p3")
        # a selection over two passages: one redaction, a mark in each passage
        one, two = (next(p for p in passages if p.anchor == a) for a in ("3-p1", "3-p2"))
        across = {"text": f"{one.text[-7:]}\n\n{two.text[:3]}", "anchor": "3-p1"}
        span = {"start": str(one.end - 7), "end": str(two.start + 3)}
        assert _mark(client, token, document, **across, **span) == "marked"
        page = client.get(f"/library/documents/{document}").text
        assert page.count('class="redaction marked"') == 3 + 4  # in the table and in the text


def test_four_eyes_a_publisher_sees_but_cannot_approve_their_own_mark(
    site: FastAPI, accounts: dict[str, DemoAccount], library: dict[str, uuid.UUID]
) -> None:
    document = library[THEMATIC]
    first, token = _client(site, accounts["publisher"])
    second, token_2 = _client(site, accounts["publisher-2"])
    with first, second:
        assert _mark(first, token, document, anchor="p1", text=WITHHELD) == "marked"
        assert _mark(first, token, document, anchor="2-p2", text="84 Syrians") == "marked"
        queue = first.get("/library/approvals").text
        assert "Texts awaiting a second publisher: 2." in queue
        assert queue.count("You marked this text") == 2 and '/approval"' not in queue
        ids = re.findall(r'id="redaction-([0-9a-f-]{36})"', queue)
        own = first.post(f"/library/redactions/{ids[0]}/approval", data={"csrf_token": token})
        assert own.status_code == 200
        assert "You marked this text yourself" in _error(own.text)
        queue_2 = second.get("/library/approvals").text
        assert queue_2.count('/approval"') == 2 and "You marked this text" not in queue_2
        assert f'<mark class="redaction marked">{WITHHELD}</mark>' in queue_2  # in context
        approved = second.post(
            f"/library/redactions/{ids[0]}/approval",
            data={"csrf_token": token_2},
            follow_redirects=False,
        )
        assert approved.headers["location"] == "/library/approvals?saved=approved"
        no_reason = second.post(
            f"/library/redactions/{ids[1]}/rejection", data={"csrf_token": token_2, "reason": ""}
        )
        assert "Say why the text is not withheld" in _error(no_reason.text)
        rejected = second.post(
            f"/library/redactions/{ids[1]}/rejection",
            data={"csrf_token": token_2, "reason": "the number is public (synthetic)"},
        )
        assert "The redaction is rejected" in rejected.text
        assert "No redaction awaits approval" in rejected.text
        again = second.post(f"/library/redactions/{ids[0]}/approval", data={"csrf_token": token_2})
        assert "approved or rejected already" in _error(again.text)
        reader = first.get(f"/library/documents/{document}").text
        assert f'<mark class="redaction approved" data-ground="5.1.2e">{WITHHELD}</mark>' in reader
        assert "the number is public (synthetic)" in reader  # the rejection's reason


def test_the_scan_proposes_and_a_publisher_accepts_or_dismisses(
    site: FastAPI, accounts: dict[str, DemoAccount], library: dict[str, uuid.UUID], db_url: str
) -> None:
    document = _add(
        db_url,
        _actor(db_url, "demo-publisher"),
        "bronnen.txt",
        "Wij spraken met de heer Karim Haddad in Damascus.\n\n"
        "Bereikbaar via bron@example.org voor vragen.",
        reference="bronnen-test",
    )
    client, token = _client(site, accounts["publisher"])
    with client:
        scanned = client.post(
            f"/library/documents/{document}/scans",
            data={"csrf_token": token},
            follow_redirects=False,
        )
        assert "saved=scanned&found=2" in scanned.headers["location"]
        page = client.get(scanned.headers["location"]).text
        assert "New texts it proposes to withhold: 2." in page
        assert "a name after a form of address" in page and "an email address" in page
        proposals = re.findall(r'id="proposal-([0-9a-f-]{36})"', page)
        accepted = client.post(
            f"/library/proposals/{proposals[0]}/acceptance",
            data={"csrf_token": token, "ground": "5.1.2e"},
        )
        assert "The proposal is accepted" in accepted.text
        dismissed = client.post(
            f"/library/proposals/{proposals[1]}/dismissal", data={"csrf_token": token}
        )
        assert "The proposal is dismissed" in dismissed.text
        twice = client.post(
            f"/library/proposals/{proposals[1]}/dismissal", data={"csrf_token": token}
        )
        assert "accepted or dismissed already" in _error(twice.text)
        assert "No proposal awaits a decision" in twice.text
        unknown = client.post(
            f"/library/proposals/{uuid.uuid4()}/acceptance", data={"csrf_token": token}
        )
        assert unknown.status_code == 404


def test_publishing_is_refused_until_every_redaction_is_decided_then_writes_the_files(
    site: FastAPI, accounts: dict[str, DemoAccount], library: dict[str, uuid.UUID], db_url: str
) -> None:
    document = library[THEMATIC]
    first, token = _client(site, accounts["publisher"])
    second, token_2 = _client(site, accounts["publisher-2"])
    with first, second:
        publication = f"/library/documents/{document}/publication"
        assert _mark(first, token, document, anchor="p1", text=WITHHELD) == "marked"
        pending = first.post(publication, data={"csrf_token": token, "woo_decision": "W-1"})
        assert pending.status_code == 200
        assert "still awaiting a decision: 1" in _error(pending.text)
        assert _status(db_url, document) == "internal"
        queue = second.get("/library/approvals").text
        redaction = re.findall(r'id="redaction-([0-9a-f-]{36})"', queue)[0]
        second.post(f"/library/redactions/{redaction}/approval", data={"csrf_token": token_2})
        no_decision = first.post(publication, data={"csrf_token": token, "woo_decision": " "})
        assert "Give the reference of the Woo decision" in _error(no_decision.text)
        in_title = first.post(
            publication,
            data={"csrf_token": token, "woo_decision": "W-1", "title": f"About the {WITHHELD}"},
        )
        assert "title or author contains a withheld text" in _error(in_title.text)
        assert _status(db_url, document) == "internal" and not any(
            (Path(os.environ["REFUGE_HOME"]) / "publications").glob("*/*")
        )
        done = first.post(
            publication,
            data={"csrf_token": token, "woo_decision": "Woo-besluit 2026-0001 (synthetic)"},
        )
        assert "is published under Woo decision Woo-besluit 2026-0001 (synthetic)" in done.text
        assert _status(db_url, document) == "published"
        links = re.findall(r'href="(/library/publications/[0-9a-f-]{36}/[^"]+)"', done.text)
        names = sorted(link.rsplit("/", 1)[1] for link in links)
        assert names == [
            f"{THEMATIC}-r1.html",
            f"{THEMATIC}-r1.inventory.csv",
            f"{THEMATIC}-r1.inventory.json",
            f"{THEMATIC}-r1.pdf",
        ]
        html = first.get(next(link for link in links if link.endswith(".html")))
        assert html.headers["content-disposition"].startswith("attachment")
        assert "[5.1.2e]" in html.text and WITHHELD not in html.text
        pdf = first.get(next(link for link in links if link.endswith(".pdf")))
        assert pdf.headers["content-type"] == "application/pdf"
        assert pdf.content.startswith(b"%PDF")
        base = links[0].rsplit("/", 1)[0]
        for wrong in ("publication.json", "..%2F..%2Frefuge.db", f"{THEMATIC}-r1.txt"):
            assert first.get(f"{base}/{wrong}").status_code == 404, wrong
        assert first.get(f"/library/publications/{uuid.uuid4()}/x.pdf").status_code == 404
