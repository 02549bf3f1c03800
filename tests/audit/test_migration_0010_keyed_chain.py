"""Migration 0010 (the keyed audit chain) on SQLite and PostgreSQL: an intact unkeyed trail is
re-keyed under the audit key and gets a `rekey` event naming its old head; a broken unkeyed trail
stops the upgrade and changes nothing; the downgrade gives back the unkeyed hashes."""

from __future__ import annotations

import hashlib
import json
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import text
from sqlalchemy.orm import Session

from refuge.audit.trail import GENESIS, head, verify
from refuge.store.engine import engine_for
from refuge.store.migrate import alembic_config, current_revision, head_revision, upgrade

BEFORE = "0009_assessment_purpose"
START = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)


def _store_unkeyed_trail(url: str, n: int) -> list[str]:
    """n events as 0009 wrote them: plain SHA-256 chain. Their hashes, in order."""
    hashes, prev = [], GENESIS
    with engine_for(url).begin() as conn:
        for seq in range(1, n + 1):
            at = START + timedelta(seconds=seq)
            body = {
                "seq": seq,
                "at": at.isoformat(timespec="microseconds"),
                "actor": "alice",
                "action": "read",
                "entity": "application",
                "entity_id": f"A-{seq}",
                "fields": ["grounds"],
                "purpose": "prepare the hearing",
                "outcome": "ok",
                "prev_hash": prev,
            }
            canonical = json.dumps(body, sort_keys=True, separators=(",", ":"))
            digest = hashlib.sha256(canonical.encode()).hexdigest()
            conn.execute(
                text(
                    "INSERT INTO audit_events (seq, at, actor, action, entity, entity_id, "
                    "fields, purpose, outcome, prev_hash, hash) VALUES (:seq, :at, :actor, "
                    ":action, :entity, :entity_id, :fields, :purpose, :outcome, :prev_hash, "
                    ":hash)"
                ),
                {**body, "at": at, "fields": json.dumps(body["fields"]), "hash": digest},
            )
            hashes.append(digest)
            prev = digest
    return hashes


def _hashes(url: str) -> list[str]:
    with engine_for(url).connect() as conn:
        return list(conn.scalars(text("SELECT hash FROM audit_events ORDER BY seq")))


def test_an_intact_unkeyed_trail_is_rekeyed_and_names_its_old_head(empty_url: str) -> None:
    upgrade(empty_url, BEFORE)
    old = _store_unkeyed_trail(empty_url, 5)
    upgrade(empty_url)
    assert current_revision(empty_url) == head_revision()
    with Session(engine_for(empty_url)) as s:
        assert verify(s) is None
        assert head(s).count == 6
        rekey = s.execute(
            text("SELECT actor, action, purpose FROM audit_events WHERE seq = 6")
        ).one()
    assert (rekey.actor, rekey.action) == ("system", "rekey")
    assert f"unkeyed head was 5 {old[-1]}" in rekey.purpose
    assert not set(old) & set(_hashes(empty_url))  # every hash is now keyed


def test_a_broken_unkeyed_trail_stops_the_upgrade_and_changes_nothing(empty_url: str) -> None:
    upgrade(empty_url, BEFORE)
    old = _store_unkeyed_trail(empty_url, 4)
    with engine_for(empty_url).begin() as conn:
        conn.execute(text("UPDATE audit_events SET purpose = 'nothing to see' WHERE seq = 3"))
    with pytest.raises(Exception, match="broken at event 3"):
        upgrade(empty_url)
    assert current_revision(empty_url) == BEFORE
    assert _hashes(empty_url) == old


def test_the_downgrade_gives_back_the_unkeyed_chain(empty_url: str) -> None:
    upgrade(empty_url, BEFORE)
    old = _store_unkeyed_trail(empty_url, 3)
    upgrade(empty_url)
    command.downgrade(alembic_config(empty_url), BEFORE)
    assert _hashes(empty_url)[:3] == old  # the rekey event stays, hashed the old way


def test_an_empty_trail_needs_no_key(empty_url: str) -> None:
    upgrade(empty_url)
    assert not (Path(os.environ["REFUGE_HOME"]) / "audit.key").exists()
    command.downgrade(alembic_config(empty_url), BEFORE)
