"""Special-category facts are encrypted at rest: the raw rows never hold them in clear."""

from __future__ import annotations

import base64
import os
import stat
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from refuge.accounts.models import Team, User
from refuge.casework.models import Application, Hearing, Person
from refuge.store import crypto
from refuge.store.crypto import load_key, seal, unseal

SECRET_WORDS = ["sexual_orientation", "lgbtiq", "alawite", "religion", "persecuted for being gay"]


def _store_case(session: Session) -> Application:
    team = Team(name="Team A")
    user = User(username="alice", display_name="Alice", password_hash="x", role="caseworker")
    person = Person(
        pseudonym="P-0001", v_number="1234567890", nationality="SY", region_of_origin="SY-HM"
    )
    session.add_all([team, user, person])
    session.flush()
    app = Application(
        person_id=person.id,
        team_id=team.id,
        caseworker_id=user.id,
        application_date=date(2025, 7, 1),
        grounds=["sexual_orientation", "religion"],
        risk_profiles=["lgbtiq", "alawite"],
        exclusion_grounds=[],
    )
    session.add(app)
    session.flush()
    session.add(
        Hearing(
            application_id=app.id,
            kind="detailed",
            held_on=date(2025, 8, 1),
            interpreter_language="ar",
            summary="persecuted for being gay",
        )
    )
    session.commit()
    return app


def test_special_category_values_are_not_in_the_raw_rows(session: Session, db_url: str) -> None:
    app = _store_case(session)
    raw = []
    for table in ("applications", "hearings"):
        for row in session.execute(text(f"SELECT * FROM {table}")):
            raw.append(repr(tuple(row)))
    dump = "\n".join(raw)
    for word in SECRET_WORDS:
        assert word not in dump
    if db_url.startswith("sqlite:///"):
        session.close()
        data = b"".join(
            p.read_bytes() for p in Path(db_url[len("sqlite:///") :]).parent.glob("refuge.db*")
        )
        for word in SECRET_WORDS:
            assert word.encode() not in data
    # and the application still reads back in clear through the model
    session.expire_all()
    again = session.get(Application, app.id)
    assert again is not None and again.grounds == ["sexual_orientation", "religion"]


def test_a_ciphertext_moved_to_another_column_does_not_decrypt() -> None:
    blob = seal(["lgbtiq"], "applications.risk_profiles")
    assert unseal(blob, "applications.risk_profiles") == ["lgbtiq"]
    with pytest.raises(crypto.SecretKeyError, match=r"cannot decrypt applications\.grounds"):
        unseal(blob, "applications.grounds")


def test_the_key_file_is_created_once_with_mode_0600(tmp_path: Path) -> None:
    key = load_key(env="", home=tmp_path)
    path = tmp_path / crypto.KEY_FILE
    assert len(key) == 32
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert load_key(env="", home=tmp_path) == key


def test_a_malformed_secret_key_says_how_to_make_one() -> None:
    with pytest.raises(crypto.SecretKeyError, match="32 random bytes in base64"):
        load_key(env=base64.b64encode(b"short").decode())
