"""The chain is keyed (issue 7, defect 11): each event's hash is an HMAC-SHA256 under the audit
key, kept apart from the database and the data key. Someone with write access to the database
but without the key can no longer append or alter an event that passes verification."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import stat
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import insert, select, text
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from refuge.accounts import service, tokens
from refuge.api.app import create_app
from refuge.audit.models import AuditEvent
from refuge.audit.trail import record, verify
from refuge.cli import app
from refuge.store.engine import transaction

runner = CliRunner()


@pytest.fixture
def env(db_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("REFUGE_DATABASE_URL", db_url)
    monkeypatch.setenv("REFUGE_LOG_LEVEL", "warning")
    return db_url


def _events(session: Session, n: int) -> None:
    for i in range(n):
        record(
            session,
            actor="alice",
            action="read",
            entity="application",
            entity_id=f"A-{i}",
            fields=["grounds"],
            purpose="prepare the hearing",
        )
    session.commit()


def _unkeyed_sha256(body: dict[str, object]) -> str:
    """The hash as it was before the chain was keyed: anyone could compute it."""
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _forge_next(session: Session, purpose: str = "nothing happened") -> int:
    """What an intruder with database access (and the source code) does: append an event after
    the head with a correctly computed unkeyed SHA-256."""
    last = session.execute(
        select(AuditEvent.seq, AuditEvent.hash).order_by(AuditEvent.seq.desc()).limit(1)
    ).one()
    at = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)
    body: dict[str, object] = {
        "seq": last.seq + 1,
        "at": at.isoformat(timespec="microseconds"),
        "actor": "alice",
        "action": "read",
        "entity": "application",
        "entity_id": "A-forged",
        "fields": ["grounds"],
        "purpose": purpose,
        "outcome": "ok",
        "prev_hash": last.hash,
    }
    row = {**body, "at": at, "hash": _unkeyed_sha256(body)}
    session.execute(insert(AuditEvent).values(**row))
    session.commit()
    return int(last.seq) + 1


def test_an_event_appended_with_an_unkeyed_hash_fails_verify(env: str, session: Session) -> None:
    _events(session, 4)
    first = runner.invoke(app, ["audit", "verify"])
    assert first.exit_code == 0, first.output
    kept_count, kept_head = first.stdout.split()[1], first.stdout.split()[-1]
    forged = _forge_next(session)
    for args in (
        ["audit", "verify"],
        ["audit", "verify", "--expect-count", kept_count, "--expect-head", kept_head],
    ):
        result = runner.invoke(app, args)
        assert result.exit_code == 1, result.output
        assert result.stdout.startswith(f"broken at event {forged} (altered)"), result.stdout


def test_an_event_appended_with_an_unkeyed_hash_fails_the_api_verification(
    db_url: str, session: Session
) -> None:
    with transaction(db_url) as s:
        user = service.add_user(s, "audrey", "correct horse battery staple", "auditor", actor="t")
        _, token = tokens.issue(s, user)
    forged = _forge_next(session)
    with TestClient(create_app(db_url), base_url="https://testserver") as client:
        answer = client.get(
            "/api/v1/audit-events/verification", headers={"Authorization": f"Bearer {token}"}
        )
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["intact"] is False
    assert (body["first_break"]["seq"], body["first_break"]["kind"]) == (forged, "altered")


def test_an_altered_event_fails_verify(env: str, session: Session) -> None:
    _events(session, 5)
    session.execute(text("UPDATE audit_events SET purpose = 'nothing to see' WHERE seq = 3"))
    session.commit()
    result = runner.invoke(app, ["audit", "verify"])
    assert result.exit_code == 1
    assert result.stdout.startswith("broken at event 3 (altered): event 3 was changed")


def test_an_altered_event_rehashed_without_the_key_fails_verify(env: str, session: Session) -> None:
    """Edit an event and recompute its unkeyed hash and every later one: still caught."""
    _events(session, 4)
    rows = list(session.scalars(select(AuditEvent).order_by(AuditEvent.seq)))
    prev = rows[0].hash
    for e in rows[1:]:
        d = e.as_dict()
        d.pop("hash")
        d["prev_hash"] = prev
        if e.seq == 2:
            d["purpose"] = "nothing to see"
        new = _unkeyed_sha256(d)
        session.execute(
            text("UPDATE audit_events SET purpose = :p, prev_hash = :ph, hash = :h WHERE seq = :s"),
            {"p": d["purpose"], "ph": prev, "h": new, "s": e.seq},
        )
        prev = new
    session.commit()
    result = runner.invoke(app, ["audit", "verify"])
    assert result.exit_code == 1
    assert result.stdout.startswith("broken at event 2 (altered)"), result.stdout


def test_a_chain_written_with_the_key_passes(env: str, session: Session) -> None:
    _events(session, 6)
    assert verify(session) is None
    result = runner.invoke(app, ["audit", "verify"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("ok: 6 events, chain intact")


def test_verify_in_another_process_with_the_key_from_the_environment(
    env: str, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    import subprocess
    import sys

    key = base64.b64encode(b"a" * 32).decode()
    monkeypatch.setenv("REFUGE_AUDIT_KEY", key)
    _events(session, 3)
    command = [sys.executable, "-m", "refuge", "audit", "verify"]
    ok = subprocess.run(command, capture_output=True, text=True, env=os.environ, check=False)
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.startswith("ok: 3 events, chain intact")
    forged = _forge_next(session)
    broken = subprocess.run(command, capture_output=True, text=True, env=os.environ, check=False)
    assert broken.returncode == 1
    assert broken.stdout.startswith(f"broken at event {forged} (altered)")


def test_a_wrong_key_fails_with_a_clear_message(
    env: str, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    _events(session, 3)
    monkeypatch.setenv("REFUGE_AUDIT_KEY", base64.b64encode(b"w" * 32).decode())
    result = runner.invoke(app, ["audit", "verify"])
    assert result.exit_code == 1
    assert result.stdout.startswith("broken at event 1 (wrong-key):"), result.stdout
    assert "audit key" in result.stdout and "REFUGE_AUDIT_KEY" in result.stdout


def test_a_malformed_key_is_refused(
    env: str, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    _events(session, 1)
    monkeypatch.setenv("REFUGE_AUDIT_KEY", "not base64!")
    result = runner.invoke(app, ["audit", "verify"])
    assert result.exit_code == 2
    assert "REFUGE_AUDIT_KEY must be 32 random bytes in base64" in result.stderr


def test_the_data_key_is_refused_as_the_audit_key(
    env: str, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    _events(session, 1)
    monkeypatch.setenv("REFUGE_AUDIT_KEY", os.environ["REFUGE_SECRET_KEY"])
    result = runner.invoke(app, ["audit", "verify"])
    assert result.exit_code == 2
    assert "must not be the data key" in result.stderr


def test_the_key_file_is_created_with_mode_0600_apart_from_the_data_key(
    session: Session,
) -> None:
    home = Path(os.environ["REFUGE_HOME"])
    _events(session, 1)
    key_file = home / "audit.key"
    assert key_file.exists()
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert len(base64.b64decode(key_file.read_bytes().strip())) == 32
    assert base64.b64decode(key_file.read_bytes().strip()) != base64.b64decode(
        os.environ["REFUGE_SECRET_KEY"]
    )


def test_a_lost_key_file_is_not_silently_replaced(session: Session) -> None:
    """With events already in the trail, a missing key is an error, not a fresh key (which would
    make every earlier event look forged)."""
    from refuge.store.audit_key import AuditKeyError

    _events(session, 2)
    (Path(os.environ["REFUGE_HOME"]) / "audit.key").unlink()
    with pytest.raises(AuditKeyError, match="no audit key"):
        _events(session, 1)
    session.rollback()
    with pytest.raises(AuditKeyError, match="no audit key"):
        verify(session)


def test_the_key_file_can_live_elsewhere(
    session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = tmp_path / "keys" / "refuge-audit.key"
    monkeypatch.setenv("REFUGE_AUDIT_KEY_FILE", str(elsewhere))
    _events(session, 2)
    assert stat.S_IMODE(elsewhere.stat().st_mode) == 0o600
    assert not (Path(os.environ["REFUGE_HOME"]) / "audit.key").exists()
    assert verify(session) is None
