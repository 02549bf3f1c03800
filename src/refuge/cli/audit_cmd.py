"""`refuge audit verify|list`: check the hash-chained trail, and read it."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy import select
from sqlalchemy.orm import Session

from refuge.audit.models import AuditEvent
from refuge.audit.trail import check_head, head, verify
from refuge.cli.db_cmd import database_errors, require_current
from refuge.cli.options import FormatOption, OutputFormat, fail
from refuge.store.audit_key import AuditKeyError
from refuge.store.engine import session_factory
from refuge.store.settings import database_url

audit_app = typer.Typer(
    help="The audit trail: verify that no event was altered, inserted or removed; list events.",
    no_args_is_help=True,
)

BROKEN = 1


def _session() -> tuple[str, Session]:
    url = database_url()
    require_current(url)
    return url, session_factory(url)()


@audit_app.command("verify")
def verify_command(
    expect_head: Annotated[
        str | None,
        typer.Option(
            "--expect-head",
            metavar="HASH",
            help="The head hash printed by the last verification; the trail must still hold it "
            "(catches events cut off the end, and a trail rewritten with fresh hashes).",
        ),
    ] = None,
    expect_count: Annotated[
        int | None,
        typer.Option(
            "--expect-count",
            metavar="N",
            min=0,
            help="The event count printed by the last verification; the trail must have at "
            "least N events (and event N must have --expect-head, if given).",
        ),
    ] = None,
) -> None:
    """Walk the whole chain, recomputing each event's HMAC under the audit key (REFUGE_AUDIT_KEY
    or the key file). Prints `ok: N events, chain intact, head HASH`, or the first altered,
    inserted or deleted event (or a wrong key) and exits 1; exits 2 without a usable key."""
    if expect_head is not None and (
        len(expect_head) != 64 or any(c not in "0123456789abcdef" for c in expect_head)
    ):
        fail(
            "--expect-head must be the 64-character hex hash that verify printed, "
            f"not {expect_head!r}"
        )
    url, session = _session()
    with database_errors(url), session:
        try:
            broken = verify(session) or check_head(
                session, expect_hash=expect_head, expect_count=expect_count
            )
        except AuditKeyError as e:
            fail(str(e))
        now = head(session)
    if broken is not None:
        typer.echo(f"broken at event {broken.seq} ({broken.kind}): {broken.detail}")
        raise typer.Exit(BROKEN)
    kept = " and holds the kept head" if expect_head or expect_count is not None else ""
    typer.echo(f"ok: {now.count} events, chain intact{kept}, head {now.hash}")


@audit_app.command("list")
def list_command(
    entity: Annotated[
        str | None, typer.Option("--entity", metavar="E", help="Only events on this entity kind.")
    ] = None,
    entity_id: Annotated[
        str | None, typer.Option("--id", metavar="ID", help="Only events on this record id.")
    ] = None,
    actor: Annotated[
        str | None, typer.Option("--actor", metavar="A", help="Only events by this actor.")
    ] = None,
    limit: Annotated[
        int, typer.Option("--limit", metavar="N", min=1, help="The newest N matching events.")
    ] = 50,
    output: FormatOption = OutputFormat.text,
) -> None:
    """The newest matching events, oldest first: who did what to which record, when and why."""
    query = select(AuditEvent)
    if entity is not None:
        query = query.where(AuditEvent.entity == entity)
    if entity_id is not None:
        query = query.where(AuditEvent.entity_id == entity_id)
    if actor is not None:
        query = query.where(AuditEvent.actor == actor)
    url, session = _session()
    with database_errors(url), session:
        events = list(session.scalars(query.order_by(AuditEvent.seq.desc()).limit(limit)))
    events.reverse()
    if output is OutputFormat.json:
        typer.echo(json.dumps([e.as_dict() for e in events], indent=2, ensure_ascii=False))
        return
    table = Table(
        "seq", "at (UTC)", "actor", "action", "entity", "id", "fields", "purpose", "outcome"
    )
    for e in events:
        table.add_row(
            str(e.seq),
            e.at.strftime("%Y-%m-%d %H:%M:%S"),
            e.actor,
            e.action,
            e.entity,
            e.entity_id,
            ", ".join(e.fields),
            e.purpose,
            e.outcome,
        )
    Console(width=200).print(table)
