"""The analyst's pages (issue 10): a cohort counted after disclosure control, a scenario run
started from a bundled example or an uploaded file, followed while it runs, shown with charts
and tables, and downloaded as CSV; a bad file named by file:line with nothing run; a run is its
owner's alone. On SQLite and PostgreSQL, over 300 synthetic persons."""

from __future__ import annotations

import csv
import io
import re
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import sessionmaker
from web_helpers import sign_in

from refuge.accounts.models import User
from refuge.analytics.run_models import ScenarioRun
from refuge.analytics.scenario_file import read_bundled
from refuge.audit.models import AuditEvent
from refuge.casework.demo.accounts import DemoAccount, ensure_demo_accounts
from refuge.casework.demo.load import load_demo_caseload
from refuge.store.engine import engine_for, session_factory
from refuge.web.served import create_site

RUN_PAGE = re.compile(r"/analytics/scenario-runs/([0-9a-f-]{36})$")


@pytest.fixture
def accounts(db_url: str, tmp_path: Path) -> dict[str, DemoAccount]:
    """300 synthetic persons (the loader wants an empty store), then the demo accounts."""
    load_demo_caseload(session_factory(db_url), persons=300, seed=1)
    with sessionmaker(engine_for(db_url))() as session:
        made = ensure_demo_accounts(session, tmp_path / "accounts.txt", datetime.now(UTC).date())
        session.commit()
    return {a.username.removeprefix("demo-"): a for a in made}


def _signed_in(site: object, account: DemoAccount) -> tuple[TestClient, str]:
    client = TestClient(
        site,  # type: ignore[arg-type]
        base_url="https://testserver",
        headers={"Accept-Language": "en"},
    )
    return client, sign_in(client, account)


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _alert(html: str) -> str:
    found = re.search(r'role="alert"[^>]*>(.*?)</(?:p|div)>', html, re.S)
    assert found, "no message with role=alert on the page"
    return _text(found.group(1)).strip()


def _rows(html: str, caption: str) -> dict[str, list[str]]:
    """The rows of the table with `caption`: a row's name -> its counts as shown."""
    table = html.split(caption, 1)[1].split("</table>", 1)[0]
    return {
        name: re.findall(r'<td class="n">([^<]*)</td>', cells)
        for name, cells in re.findall(r'<th scope="row">(.*?)</th>(.*?)</tr>', table)
    }


def _counts(html: str) -> list[tuple[str, str]]:
    table = html.split('id="cohort-counts"')[1].split("</table>")[0]
    return re.findall(r'<th scope="row">([^<]+)</th><td class="n">([^<]+)</td>', table)


def _run(client: TestClient, token: str, **fields: str) -> str:
    data = {"csrf_token": token, "scenario": "cessation-2026-03", "months": "4"}
    data |= {"nationality": "SY", "permit": "temporary_asylum"} | fields
    answer = client.post("/analytics/scenario-runs", data=data, follow_redirects=False)
    assert answer.status_code == 303, _text(answer.text)[:500]
    return str(answer.headers["location"])


def _finished(client: TestClient, location: str) -> str:
    deadline = time.monotonic() + 60
    while True:
        page = client.get(location, headers={"HX-Request": "true"})
        assert page.status_code == 200
        if 'hx-trigger="every 1s"' not in page.text:
            return page.text
        assert time.monotonic() < deadline, "the run did not finish within a minute"
        time.sleep(0.1)


def test_a_cohort_is_counted_with_every_small_count_hidden(
    site: object, accounts: dict[str, DemoAccount]
) -> None:
    """The permit holders per ground (htmx gets the table only); everyone per nationality:
    294 Syrians (290 synthetic, the demo's 4 example cases) and four nationalities with fewer
    than ten persons each, which read <10 (the whole page, without htmx)."""
    client, token = _signed_in(site, accounts["analyst"])
    page = client.get("/analytics")
    assert page.status_code == 200
    assert "SYNTHETIC demo data" in page.text
    answer = client.post(
        "/analytics/cohort",
        data={
            "csrf_token": token,
            "nationality": "sy",
            "permit": "temporary_asylum",
            "by": "permit_ground",
        },
        headers={"HX-Request": "true"},
    )
    assert answer.status_code == 200
    assert "<html" not in answer.text
    assert _counts(answer.text) == [
        ("refugee status", "83"),
        ("subsidiary protection, general risk", "128"),
        ("subsidiary protection, individual risk", "15"),
    ]
    answer = client.post(
        "/analytics/cohort",
        data={"csrf_token": token, "by": "nationality"},
        headers={"Accept-Language": "nl"},
    )
    assert answer.status_code == 200 and "<html" in answer.text
    assert _counts(answer.text) == [
        ("Afghanistan (AF)", "&lt;10"),
        ("Eritrea (ER)", "&lt;10"),
        ("Syrië (SY)", "294"),
        ("Turkije (TR)", "&lt;10"),
        ("Jemen (YE)", "&lt;10"),
    ]


def test_a_form_that_cannot_be_used_comes_back_saying_what_to_fix(
    site: object, accounts: dict[str, DemoAccount], db_url: str
) -> None:
    """A 200 with the message (role=alert), never an error page; a scenario file with a
    problem is named by file:line, and nothing runs."""
    client, token = _signed_in(site, accounts["supervisor"])
    for fields, message in (
        ({"nationality": "Syria"}, "Check these fields: Nationality."),
        ({"permit_ground": "refugee"}, "A permit ground or a grant period needs a permit kind"),
        (
            {
                "permit": "temporary_asylum",
                "granted_from": "2024-01-01",
                "granted_to": "2023-01-01",
            },
            "The grant period ends before it starts.",
        ),
        ({"at": "2025-13-01"}, "Check these fields: Reference date."),
        ({"by": "religion"}, "Check these fields: Count per."),
    ):
        answer = client.post(
            "/analytics/cohort",
            data={"csrf_token": token, **fields},
            headers={"HX-Request": "true"},
        )
        assert answer.status_code == 200, fields
        assert message in _alert(answer.text), fields
    for fields, message in (
        ({"months": "0"}, "Choose from 1 to 60 months."),
        ({"months": "many"}, "Check these fields: Months."),
        ({"start": "2001-01-01"}, "The policy pack starts on"),
        ({"scenario": "../../etc/passwd"}, "Choose a bundled scenario or upload a file."),
        ({"nationality": "S"}, "Check these fields: Nationality."),
    ):
        data = {"csrf_token": token, "scenario": "cessation-2026-03", "months": "2"} | fields
        answer = client.post("/analytics/scenario-runs", data=data, follow_redirects=False)
        assert answer.status_code == 200, fields
        assert message in _alert(answer.text), fields
    bad = (
        b"name: Broken\ncountry: SY\nchanges:\n"
        b"  - parameter: no_such_parameter\n    from: 2026-01-01\n    value: true\n"
    )
    answer = client.post(
        "/analytics/scenario-runs",
        data={"csrf_token": token, "scenario": "cessation-2026-03", "months": "3"},
        files={"upload": ("my-scenario.yaml", bad, "application/yaml")},
        follow_redirects=False,
    )
    assert answer.status_code == 200
    assert "The scenario file has problems, so nothing was run" in _alert(answer.text)
    assert "my-scenario.yaml:4:" in answer.text and "no_such_parameter" in answer.text
    with sessionmaker(engine_for(db_url))() as session:
        assert session.scalar(select(func.count()).select_from(ScenarioRun)) == 0


def test_a_bundled_scenario_runs_to_charts_tables_and_a_csv(
    site: object, accounts: dict[str, DemoAccount], db_url: str
) -> None:
    """Started in one server process and followed in another (`refuge serve --workers 2`):
    the run is in the database, not in the memory of the process that works on it."""
    started_by, token = _signed_in(site, accounts["analyst"])
    location = _run(started_by, token, start="2026-02-01")
    assert RUN_PAGE.search(location)
    client = TestClient(
        create_site(db_url),
        base_url="https://testserver",
        headers={"Accept-Language": "en"},
        cookies=dict(started_by.cookies),
    )
    first = client.get(location)
    assert first.status_code == 200
    assert "Scenario run: Cessation from March 2026" in _text(first.text)
    body = _finished(client, location)
    shown = _text(body)
    assert "Cessation from March 2026, return agreement from June 2026" in shown
    assert "Members 226" in shown
    assert "Feb 2026 to May 2026" in shown
    # the charts: inline SVG with a title, no style attribute (the CSP forbids it)
    assert body.count('<svg role="img"') == 3
    assert "style=" not in body
    # from March 2026 the ground of 144 of the 226 holders lapses; under the policy, nobody's
    over_time = _rows(body, "Scenario: members by month and outcome")
    assert over_time["Feb 2026"] == ["226", "0", "0", "0", "226"]
    assert over_time["May 2026"] == ["0", "42", "144", "40", "226"]
    flow = _rows(body, "Baseline outcome (rows) to the scenario&#39;s outcome (columns)")
    assert flow["Permit: no lasting change"] == ["42", "144", "40", "226"]
    assert "cases need a procedure" in shown
    download = client.get(location + "/csv")
    assert download.status_code == 200
    assert download.headers["content-disposition"].startswith("attachment; filename=")
    rows = list(csv.DictReader(io.StringIO(download.text)))
    lapsed = [
        r
        for r in rows
        if r["table"] == "scenario"
        and r["row"] == "2026-05-01"
        and r["column"] == "permit: ground_lapsed"
    ]
    assert lapsed == [
        {
            "table": "scenario",
            "row": "2026-05-01",
            "column": "permit: ground_lapsed",
            "persons": "144",
            "suppressed": "False",
            "synthetic": "True",
        }
    ]
    assert all(
        r["persons"] == "" or int(r["persons"]) == 0 or int(r["persons"]) >= 10
        for r in rows
        if r["table"] != "workload"
    )
    with sessionmaker(engine_for(db_url))() as session:
        run_id = RUN_PAGE.search(location).group(1)  # type: ignore[union-attr]
        started = session.scalars(
            select(AuditEvent).where(
                AuditEvent.entity == "scenario_run", AuditEvent.entity_id == run_id
            )
        ).one()
        assert (started.actor, started.action) == ("demo-analyst", "create")
        read = session.scalars(
            select(AuditEvent).where(
                AuditEvent.entity == "cohort", AuditEvent.purpose == f"scenario run {run_id}"
            )
        ).one()
        assert read.entity_id == "226 applications"


def test_an_uploaded_scenario_runs_for_its_owner_alone(
    site: object, accounts: dict[str, DemoAccount]
) -> None:
    """Another analyst or supervisor gets a 404 for a run that is not theirs (as if it did not
    exist); a caseworker may not open the analyst's pages at all."""
    analyst, token = _signed_in(site, accounts["analyst"])
    good = (
        b"name: Hama under 15c\ncountry: SY\nchanges:\n"
        b"  - parameter: regions_15c_mere_presence\n    from: 2026-01-01\n    value: [SY-HM]\n"
        b"workload:\n  fte: 2\n"
    )
    answer = analyst.post(
        "/analytics/scenario-runs",
        data={"csrf_token": token, "scenario": "", "months": "2", "nationality": "SY"},
        files={"upload": ("hama.yaml", good, "application/yaml")},
        follow_redirects=False,
    )
    assert answer.status_code == 303
    location = answer.headers["location"]
    body = _finished(analyst, location)
    assert "Hama under 15c" in _text(body)
    assert "regions_15c_mere_presence" in body
    assert "at 2 FTE of 32 hours a week" in _text(body)  # the file's own capacity
    assert "Hama under 15c" in _text(analyst.get("/analytics").text)  # the owner's runs
    supervisor, _ = _signed_in(site, accounts["supervisor"])
    for path in (location, location + "/csv"):
        answer = supervisor.get(path)
        assert answer.status_code == 404
        assert "There is no such page." in _text(answer.text)
    assert location not in supervisor.get("/analytics").text
    caseworker, _ = _signed_in(site, accounts["caseworker"])
    assert caseworker.get(location).status_code == 403


def test_a_run_whose_server_stopped_says_it_was_interrupted(
    site: object, accounts: dict[str, DemoAccount], db_url: str
) -> None:
    """A run still under way after an hour without news lost its process (a restart): the page
    says so instead of polling for ever."""
    client, _ = _signed_in(site, accounts["analyst"])
    long_ago = datetime.now(UTC) - timedelta(hours=2)
    with sessionmaker(engine_for(db_url))() as session:
        owner = session.scalars(select(User.id).where(User.username == "demo-analyst")).one()
        run = ScenarioRun(
            owner_id=owner,
            status="evaluating",
            progress=30,
            scenario_name="Cessation from March 2026, return agreement from June 2026",
            started_at=long_ago,
            updated_at=long_ago,
        )
        session.add(run)
        session.commit()
        run_id = run.id
    page = client.get(f"/analytics/scenario-runs/{run_id}")
    assert page.status_code == 200
    assert "every 1s" not in page.text
    assert "The run was interrupted" in _alert(page.text)
    assert "interrupted" in _text(client.get("/analytics").text)
    bundled = _text(client.get("/analytics").text)
    assert "Article 15c in Hama from January 2026" in bundled  # the other bundled example
    assert read_bundled("hama-15c-2026-01").what_if.changes[0].parameter == (
        "regions_15c_mere_presence"
    )
