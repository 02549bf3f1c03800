"""The demo's accounts and its web server: `refuge demo` prints one account per role, gives the
demo team a few return cases (for the return board and charter planning) and serves the web app
on the loopback address."""

from __future__ import annotations

from datetime import UTC, datetime

import typer
import uvicorn

from refuge.casework.demo.accounts import ensure_demo_accounts, username
from refuge.casework.demo.returns import add_demo_return_cases
from refuge.cli.db_cmd import database_errors
from refuge.cli.options import fail
from refuge.logging import configure
from refuge.store.engine import session_factory
from refuge.store.settings import database_url, refuge_home

ACCOUNTS_FILE = "demo-accounts.txt"


def demo_accounts_lines() -> str:
    url = database_url()
    path = refuge_home() / ACCOUNTS_FILE
    today = datetime.now(UTC).date()
    with database_errors(url), session_factory(url)() as session:
        try:
            made = ensure_demo_accounts(session, path, today)
        except FileNotFoundError as exc:
            fail(f"{exc}; use a new store (REFUGE_HOME) for the demo")
        add_demo_return_cases(session, username("caseworker"), today)
        session.commit()
    width = max(len(a.username) for a in made)
    lines = [f"\nDemo accounts (SYNTHETIC data; passwords also in {path}):"]
    lines += [f"  {a.username:<{width}}  {a.password}  ({a.role})" for a in made]
    return "\n".join(lines)


def serve_demo(port: int) -> None:
    """Serve the web app and the API on 127.0.0.1:`port` until Ctrl-C. The session cookie is
    not marked Secure here: the demo is plain HTTP on the loopback address only."""
    from refuge.web.served import create_site

    configure()
    typer.echo(f"\nRefuge web app: http://127.0.0.1:{port}/  (Ctrl-C stops it)")
    app = create_site(database_url(), secure_cookies=False)
    uvicorn.run(app, host="127.0.0.1", port=port, log_config=None, server_header=False)
