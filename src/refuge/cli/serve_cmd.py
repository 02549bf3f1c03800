"""`refuge serve`: run the API with uvicorn.

It refuses to start on a database that is not at this version's schema (it says to run
`refuge db upgrade`), unless `--migrate` is given, which upgrades first. Migrating is a
deliberate step: with several workers or servers, one upgrade must run before all of them.
"""

from __future__ import annotations

import os
import socket
from typing import Annotated

import typer
import uvicorn
from uvicorn.supervisors import Multiprocess

from refuge.api.body_limit import max_body_bytes
from refuge.api.handler_mode import ENV as ENV_HANDLERS
from refuge.api.handler_mode import MODES, handler_mode
from refuge.api.load_shedding import DEFAULT_MAX_IN_FLIGHT
from refuge.api.load_shedding import ENV as ENV_IN_FLIGHT
from refuge.api.load_shedding import max_in_flight as in_flight
from refuge.cli.db_cmd import database_errors, require_current, shown
from refuge.cli.options import fail
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
    max_in_flight: Annotated[
        int | None,
        typer.Option(
            "--max-in-flight",
            min=1,
            max=10_000,
            help="Requests in progress per worker before the next is answered 503 with "
            f"Retry-After [default: {ENV_IN_FLIGHT} or {DEFAULT_MAX_IN_FLIGHT}]",
            show_default=False,
        ),
    ] = None,
    handlers: Annotated[
        str | None,
        typer.Option(
            "--handlers",
            help="inline: each worker runs one request at a time on its event loop (less CPU "
            "a request; run more workers for more at once); threads: in a thread pool, for "
            f"slow requests or a distant database [default: {ENV_HANDLERS} or inline]",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Serve the REST API at http://HOST:PORT/api/v1 (OpenAPI: /api/v1/openapi.json).

    Put it behind a TLS-terminating proxy for anything but localhost: the session cookie is
    Secure, so browsers send it over HTTPS (or to localhost) only.
    """
    url = database_url()
    if max_in_flight is not None:
        os.environ[ENV_IN_FLIGHT] = str(max_in_flight)  # the workers read it when they start
    if handlers is not None:
        if handlers not in MODES:
            fail(f"--handlers: one of {', '.join(MODES)}, not {handlers!r}")
        os.environ[ENV_HANDLERS] = handlers
    try:
        max_body_bytes()  # a bad REFUGE_MAX_BODY_BYTES stops here, not in every worker
        in_flight()  # and a bad REFUGE_MAX_IN_FLIGHT
        handler_mode()  # and a bad REFUGE_HANDLERS
    except ValueError as exc:
        fail(str(exc))
    if migrate:
        with database_errors(url):
            upgrade(url)
    require_current(url)
    configure()
    typer.echo(
        f"refuge: serving {shown(url)}: the web app at http://{host}:{port}/ and the API at "
        f"http://{host}:{port}/api/v1",
        err=True,
    )
    config = uvicorn.Config(
        "refuge.web.served:create_served_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_config=None,  # uvicorn's records go through refuge.logging (JSON, masked)
        server_header=False,
        proxy_headers=True,
    )
    if workers == 1:
        uvicorn.Server(config).run()
        return
    # Several workers share one listening socket. uvicorn's own creates it with protocol 0,
    # so asyncio never sets TCP_NODELAY on accepted connections and every keep-alive response
    # waits ~40 ms for the client's delayed ACK (docs/performance/api.md); bind it ourselves.
    Multiprocess(config, sockets=[tcp_listener(host, port)]).run()


def tcp_listener(host: str, port: int) -> socket.socket:
    """A bound, inheritable TCP listening socket created with IPPROTO_TCP."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        fail(f"cannot listen on {host}:{port}: {exc.strerror}")
    sock.set_inheritable(True)
    return sock
