"""`refuge serve`: run the API with uvicorn.

It refuses to start on a database that is not at this version's schema (it says to run
`refuge db upgrade`), unless `--migrate` is given, which upgrades first. Migrating is a
deliberate step: with several workers or servers, one upgrade must run before all of them.
"""

from __future__ import annotations

from typing import Annotated

import typer
import uvicorn

from refuge.cli.db_cmd import database_errors, require_current, shown
from refuge.logging import configure
from refuge.store.migrate import upgrade
from refuge.store.settings import database_url


def serve_command(
    host: Annotated[str, typer.Option("--host", help="Address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="TCP port")] = 8000,
    workers: Annotated[int, typer.Option("--workers", min=1, max=64, help="Processes")] = 1,
    migrate: Annotated[
        bool, typer.Option("--migrate", help="Upgrade the database first (`refuge db upgrade`)")
    ] = False,
) -> None:
    """Serve the REST API at http://HOST:PORT/api/v1 (OpenAPI: /api/v1/openapi.json).

    Put it behind a TLS-terminating proxy for anything but localhost: the session cookie is
    Secure, so browsers send it over HTTPS (or to localhost) only.
    """
    url = database_url()
    if migrate:
        with database_errors(url):
            upgrade(url)
    require_current(url)
    configure()
    typer.echo(f"refuge: serving {shown(url)} at http://{host}:{port}/api/v1", err=True)
    uvicorn.run(
        "refuge.api.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_config=None,  # uvicorn's records go through refuge.logging (JSON, masked)
        server_header=False,
        proxy_headers=True,
    )
