"""Every text-like column of every table is encrypted, or listed in `refuge.store.cleartext`
with a one-line reason: a new clear-text column without one fails here."""

from __future__ import annotations

import importlib
import pkgutil

import sqlalchemy as sa
from sqlalchemy.types import TypeDecorator, TypeEngine

from refuge.store.cleartext import CLEAR_TEXT
from refuge.store.crypto import Encrypted
from refuge.store.models import Base

# every package a model may live in (the engine below never imports the store); each module is
# imported so that a table declared outside refuge.store.models is walked too, whatever ran before
MODEL_PACKAGES = (
    "refuge.store",
    "refuge.audit",
    "refuge.accounts",
    "refuge.casework",
    "refuge.api",
)
for _package in MODEL_PACKAGES:
    for _module in pkgutil.walk_packages(
        importlib.import_module(_package).__path__, f"{_package}."
    ):
        if ".migrations" not in _module.name:
            importlib.import_module(_module.name)

# the types a free text (or a JSON document of them) can be stored in
TEXT_LIKE = (sa.String, sa.JSON, sa.LargeBinary, sa.ARRAY)


def _text_like(kind: TypeEngine[object]) -> bool:
    if isinstance(kind, TypeDecorator):
        return isinstance(kind, Encrypted) or _text_like(kind.impl_instance)
    return isinstance(kind, TEXT_LIKE)


def _columns() -> dict[str, sa.Column[object]]:
    return {
        f"{table.name}.{column.name}": column
        for table in Base.metadata.sorted_tables
        for column in table.columns
        if _text_like(column.type)
    }


def _encrypted(column: sa.Column[object]) -> bool:
    kind = column.type
    return isinstance(kind, Encrypted) and kind.context == f"{column.table.name}.{column.name}"


def test_every_text_column_is_encrypted_or_listed_with_a_reason() -> None:
    unexplained = sorted(
        name
        for name, column in _columns().items()
        if not _encrypted(column) and name not in CLEAR_TEXT
    )
    assert not unexplained, (
        "text columns in clear without a reason: encrypt them (refuge.store.crypto.Encrypted) "
        "or, if they can never hold anything about an applicant, name them in "
        f"refuge.store.cleartext.CLEAR_TEXT with a one-line reason: {unexplained}"
    )


def test_the_list_names_only_clear_text_columns_and_gives_each_a_reason() -> None:
    columns = _columns()
    stale = sorted(name for name in CLEAR_TEXT if name not in columns)
    assert not stale, f"CLEAR_TEXT names columns that are not text columns: {stale}"
    both = sorted(name for name in CLEAR_TEXT if _encrypted(columns[name]))
    assert not both, f"CLEAR_TEXT names columns that are encrypted: {both}"
    for name, reason in CLEAR_TEXT.items():
        assert reason.strip() and "\n" not in reason, f"{name}: one line of reason, please"


def test_the_walk_sees_the_encrypted_and_the_json_columns() -> None:
    columns = _columns()
    assert _encrypted(columns["applications.grounds"])
    assert _encrypted(columns["applications.exclusion_indications"])  # a subclass of Encrypted
    assert "audit_events.fields" in columns  # JSON
    assert "deadlines.reason" in columns and _encrypted(columns["deadlines.reason"])


def test_an_unlisted_clear_text_column_is_caught() -> None:
    """The check itself: a table with a clear-text column nobody explained is refused."""
    extra = sa.MetaData()
    table = sa.Table(
        "notes",
        extra,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("body", sa.Text),
        sa.Column("sealed", Encrypted("notes.sealed")),
        sa.Column("moved", Encrypted("hearings.summary")),  # ciphertext bound to another column
    )
    found = [f"notes.{c.name}" for c in table.columns if _text_like(c.type) and not _encrypted(c)]
    assert found == ["notes.body", "notes.moved"]
