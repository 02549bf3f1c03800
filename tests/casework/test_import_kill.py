"""A bulk import killed with SIGKILL halfway leaves whole batches and no half-written case;
running it again finishes the file without duplicates, and the audit trail verifies.

The import runs as `python -m refuge import cases FILE` in a subprocess. REFUGE_IMPORT_KILL_ROWS
sets the file's size (default 4,000 rows in batches of 200; 20,000 works, it only takes longer).
"""

from __future__ import annotations

import csv
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from refuge.accounts.models import Team
from refuge.audit.models import AuditEvent
from refuge.casework.models import Application, Deadline, Person

ROWS = int(os.environ.get("REFUGE_IMPORT_KILL_ROWS", "4000"))
BATCH = max(ROWS // 20, 1)
GROUNDS = ["sexual_orientation", "religion;ethnicity", "fear_former_regime", ""]
PROFILES = ["lgbtiq", "alawite;kurd", "", "christian"]


def _write_file(path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(
            [
                "import_key",
                "v_number",
                "nationality",
                "region",
                "application_date",
                "grounds",
                "credibility",
                "risk_profiles",
                "team",
            ]
        )
        for i in range(ROWS):
            writer.writerow(
                [
                    f"K-{i:06d}",
                    f"{4000000000 + i}",
                    "SY",
                    "SY-DI",
                    "2025-03-01",
                    GROUNDS[i % 4],
                    "credible",
                    PROFILES[i % 4],
                    "North",
                ]
            )


def _refuge(db_url: str, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "REFUGE_DATABASE_URL": db_url, "REFUGE_LOG_LEVEL": "warning"}
    return subprocess.Popen(
        [sys.executable, "-m", "refuge", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _count(session: Session, model: type) -> int:
    session.rollback()  # a fresh snapshot
    return session.scalar(select(func.count()).select_from(model)) or 0


def _assert_whole_cases(session: Session) -> int:
    """Every stored application has its person, one decision period and its audit events;
    nothing stored belongs to a half-written case. Returns the number of applications."""
    apps = _count(session, Application)
    assert _count(session, Person) == apps  # each row is a new person
    assert _count(session, Deadline) == apps
    app_ids = {str(i) for i in session.scalars(select(Application.id))}
    audited = session.execute(
        select(AuditEvent.entity, AuditEvent.entity_id).where(AuditEvent.action == "create")
    ).all()
    assert {eid for entity, eid in audited if entity == "application"} == app_ids
    assert sum(entity == "deadline" for entity, _ in audited) == apps
    assert sum(entity == "person" for entity, _ in audited) == apps
    deadline_apps = {str(i) for i in session.scalars(select(Deadline.application_id))}
    assert deadline_apps == app_ids
    return apps


def _verify(db_url: str) -> str:
    done = _refuge(db_url, "audit", "verify")
    out, err = done.communicate(timeout=120)
    assert done.returncode == 0, out + err
    return out


def test_a_killed_import_leaves_whole_batches_and_a_rerun_finishes_it(
    db_url: str, session: Session, tmp_path: Path
) -> None:
    session.add(Team(name="North"))
    session.commit()
    path = tmp_path / "cases.csv"
    _write_file(path)

    started = time.monotonic()
    run = _refuge(db_url, "import", "cases", str(path), "--batch-size", str(BATCH))
    while _count(session, Application) < ROWS // 2:
        assert run.poll() is None, run.communicate()
        assert time.monotonic() - started < 300, "the import made no progress"
        time.sleep(0.02)
    run.send_signal(signal.SIGKILL)
    run.communicate(timeout=60)
    assert run.returncode == -signal.SIGKILL

    stored = _assert_whole_cases(session)
    assert ROWS // 2 <= stored < ROWS, "the import finished before it could be killed"
    assert stored % BATCH == 0, f"{stored} applications is not a whole number of batches"
    assert _verify(db_url).startswith(f"ok: {stored * 3} events, chain intact")

    rerun = _refuge(db_url, "import", "cases", str(path), "--batch-size", str(BATCH))
    out, err = rerun.communicate(timeout=600)
    assert rerun.returncode == 0, out + err
    assert f"{ROWS - stored} imported, {stored} already there" in out

    assert _assert_whole_cases(session) == ROWS
    keys = session.scalar(select(func.count(func.distinct(Application.import_key))))
    assert keys == ROWS
    assert _verify(db_url).startswith(f"ok: {ROWS * 3} events, chain intact")
