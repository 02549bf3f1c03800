"""The `refuge coi` commands as the CLI tests call them, and the users they act as."""

from __future__ import annotations

from typing import Any

from typer.testing import CliRunner

from refuge.accounts import service as accounts
from refuge.cli import app
from refuge.store.engine import transaction

PASSWORD = "correct horse battery staple"


def run(cli: CliRunner, *args: str, code: int = 0) -> Any:
    """`refuge coi ARGS`, which must end with exit status `code`."""
    result = cli.invoke(app, ["coi", *args])
    assert result.exit_code == code, result.output
    return result


def add_users(db_url: str, *users: tuple[str, str]) -> None:
    """Active users (username, role), each with the same password."""
    with transaction(db_url) as s:
        for name, role in users:
            accounts.add_user(s, name, PASSWORD, role, actor="test")
