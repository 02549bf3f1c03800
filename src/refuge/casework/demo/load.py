"""Write the synthetic caseload into an empty store (SQLite or PostgreSQL), in batches.

Each chunk of persons is one transaction together with its audit events (one per table and
chunk, naming the seed and the count: the rows are synthetic, so the trail records the load, not
a read or write of anyone's facts), so an interrupted load leaves whole chunks; the store is
refused unless it holds no application yet, so synthetic data is never mixed with real cases.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session, sessionmaker

from refuge.accounts import service as accounts
from refuge.accounts.models import User
from refuge.audit.trail import record
from refuge.casework.demo.calibration import Groups
from refuge.casework.demo.caseload import Chunk, Context, chunks
from refuge.casework.models import (
    Application,
    Deadline,
    Decision,
    Permit,
    Person,
    ReturnCase,
)
from refuge.policy.country import load_country_pack

TEAM = "demo"
DECIDER = "demo-decider"
ACTOR = "demo-data"
TABLES = (
    ("people", Person),
    ("applications", Application),
    ("deadlines", Deadline),
    ("decisions", Decision),
    ("permits", Permit),
    ("return_cases", ReturnCase),
)


class StoreNotEmpty(Exception):
    """The store already holds applications; demo data goes into an empty store only."""

    def __init__(self, count: int) -> None:
        super().__init__(
            f"the store already holds {count} application(s); synthetic demo data goes into an "
            "empty store only (a fresh REFUGE_HOME or database), so that it never mixes with "
            "real cases"
        )


@dataclass(frozen=True)
class Loaded:
    seed: int
    groups: Groups
    rows: dict[str, int]


def load_demo_caseload(
    sessions: sessionmaker[Session],
    persons: int,
    seed: int,
    progress: Callable[[int], None] = lambda _done: None,
    chunk_size: int = 2_000,
) -> Loaded:
    """Fill the empty store with `persons` synthetic persons; `progress` is told how many
    persons each committed chunk added."""
    groups = Groups.of(persons)
    with sessions() as session, session.begin():
        count = session.scalar(select(func.count()).select_from(Application)) or 0
        if count:
            raise StoreNotEmpty(count)
        context = _prepare(session, seed)
    rows = dict.fromkeys((name for name, _model in TABLES), 0)
    for n, chunk in enumerate(chunks(context, groups, chunk_size)):
        with sessions() as session, session.begin():
            _write(session, chunk, seed, n, rows)
        progress(len(chunk.people))
    return Loaded(seed, groups, rows)


def _prepare(session: Session, seed: int) -> Context:
    """The demo team and the account the synthetic decisions name (disabled: nobody signs in
    as it; its password is random and never shown)."""
    try:
        team = accounts.find_team(session, TEAM)
    except accounts.UnknownTeam:
        team = accounts.add_team(session, TEAM, actor=ACTOR)
    decider = session.scalars(select(User).where(User.username == DECIDER)).one_or_none()
    if decider is None:
        decider = accounts.add_user(
            session,
            DECIDER,
            secrets.token_urlsafe(32),
            "caseworker",
            actor=ACTOR,
            team=TEAM,
            display_name="Synthetic demo decisions",
        )
        accounts.update_user(session, decider, actor=ACTOR, active=False)
    pack = load_country_pack("SY")

    def support(day: date, minor: bool) -> int:
        """The return support the pack gives on `day` (before the pack's temporary scheme)."""
        params = pack.as_of(day).params
        value = params["support_minor_eur" if minor else "support_adult_eur"].value
        return int(value) if isinstance(value, int) else 0

    return Context(seed, team.id, decider.id, tuple(sorted(pack.regions)), support)


def _write(session: Session, chunk: Chunk, seed: int, n: int, rows: dict[str, int]) -> None:
    for name, model in TABLES:
        batch = getattr(chunk, name)
        if not batch:
            continue
        session.execute(insert(model), batch)
        rows[name] += len(batch)
        record(
            session,
            actor=ACTOR,
            action="create",
            entity={"people": "person", "return_cases": "return_case"}.get(name, name[:-1]),
            entity_id=f"synthetic:{seed}:{n}",
            purpose=f"synthetic demo caseload, seed {seed}, chunk {n}: {len(batch)} {name}",
            fields=sorted(k for k in batch[0] if k not in ("id", "created_at", "version")),
        )
