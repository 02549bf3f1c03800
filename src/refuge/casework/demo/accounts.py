"""Demo accounts for the web app: one user per role in a demo team of their own, and a handful
of open SYNTHETIC applications (the bundled example cases, lodged a few weeks to months ago)
held by the demo caseworker, so that every role has something to do after `refuge demo`.

The passwords are random, made once per store, and kept in a file readable by its owner only
beside the embedded database (`demo-accounts.txt` under REFUGE_HOME), so that `refuge demo` can
print them again. A demo store is never a production store: the file says so."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from refuge.accounts import service as accounts
from refuge.accounts.models import User
from refuge.case.reader import read_case
from refuge.casework.actor import Actor
from refuge.casework.applications import register_application
from refuge.casework.schemas import ApplicationCreate, Facts
from refuge.examples import example_cases

TEAM = "Demo team"
ACTOR = "cli:refuge-demo"
# (username suffix, role): two publishers, because a redaction needs a second one to approve it
ACCOUNTS = (
    ("caseworker", "caseworker"),
    ("supervisor", "supervisor"),
    ("analyst", "analyst"),
    ("publisher", "publisher"),
    ("publisher-2", "publisher"),
    ("auditor", "auditor"),
    ("admin", "admin"),
)
# the example case files (not the permit holder's: that is no application) and how many days
# before today each is lodged, so that the worklist shows periods overdue, soon due and later
LODGED_DAYS_AGO = {
    "01-lgbtiq-credible.json": 40,
    "02-fear-of-former-regime.json": 150,
    "03-article-1f.json": 200,
    "05-partly-credible.json": 90,
}
V_NUMBERS_FROM = 8_000_000_001  # synthetic V-numbers, apart from the caseload's 9000000000+


@dataclass(frozen=True, slots=True)
class DemoAccount:
    username: str
    role: str
    password: str


def username(suffix: str) -> str:
    return f"demo-{suffix}"


def read_accounts(path: Path) -> list[DemoAccount]:
    found = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        name, role, password = line.split("\t")
        found.append(DemoAccount(name, role, password))
    return found


def _write_accounts(path: Path, made: list[DemoAccount]) -> None:
    lines = ["# Refuge demo accounts (synthetic demo store only; never use these elsewhere)"]
    lines += [f"{a.username}\t{a.role}\t{a.password}" for a in made]
    path.touch(mode=0o600, exist_ok=True)
    path.chmod(0o600)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def ensure_demo_accounts(session: Session, path: Path, today: date) -> list[DemoAccount]:
    """The demo accounts of this store: read from `path` when they exist, made otherwise
    (with the demo caseworker's example applications). The caller commits."""
    exists = session.scalar(select(User.id).where(User.username == username("caseworker")))
    if exists is not None and path.exists():
        return read_accounts(path)
    if exists is not None:  # made before, but the file with the passwords is gone
        raise FileNotFoundError(f"{path}: the demo accounts exist but their passwords are lost")
    try:
        accounts.find_team(session, TEAM)
    except accounts.UnknownTeam:
        accounts.add_team(session, TEAM, actor=ACTOR)
    made = []
    users: dict[str, User] = {}
    for suffix, role in ACCOUNTS:
        password = secrets.token_urlsafe(12)
        team = TEAM if role in ("caseworker", "supervisor") else None
        users[suffix] = accounts.add_user(
            session, username(suffix), password, role, actor=ACTOR, team=team
        )
        made.append(DemoAccount(username(suffix), role, password))
    caseworker = users["caseworker"]
    actor = Actor(caseworker.id, caseworker.username, "caseworker", caseworker.team_id)
    cases = {p.name: p for p in example_cases()}
    for n, (name, days) in enumerate(LODGED_DAYS_AGO.items()):
        case = read_case(cases[name])
        facts = case.model_dump(include=set(Facts.model_fields))
        data = ApplicationCreate(
            **facts,
            v_number=str(V_NUMBERS_FROM + n),
            nationality=case.nationality,
            region_of_origin=case.region,
            application_date=today - timedelta(days=days),
            import_key=f"synthetic:demo:{name}",
        )
        register_application(session, actor, data, today)
    _write_accounts(path, made)
    return made
