"""`refuge demo-data`: fill an empty store with a synthetic caseload calibrated to the published
figures (75,330 Syrian temporary permit holders on 1 June 2025 at the default size)."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from refuge.casework.demo.calibration import (
    DEFAULT_PERSONS,
    HOLDERS_AT_REFERENCE,
    MIN_PERSONS,
    REFERENCE_DATE,
)
from refuge.casework.demo.load import Loaded, StoreNotEmpty, load_demo_caseload
from refuge.cli.db_cmd import database_errors, require_current, shown
from refuge.cli.options import fail
from refuge.coi.demo import load_demo_documents
from refuge.store.engine import session_factory
from refuge.store.migrate import current_revision, head_revision, upgrade
from refuge.store.settings import database_url


def demo_data_command(
    persons: Annotated[
        int,
        typer.Option(
            "--persons",
            min=MIN_PERSONS,
            max=10_000_000,
            help=f"Persons in the caseload; {DEFAULT_PERSONS:,} gives exactly "
            f"{HOLDERS_AT_REFERENCE:,} Syrian permit holders on {REFERENCE_DATE}, "
            "other sizes scale every group in proportion.",
        ),
    ] = DEFAULT_PERSONS,
    seed: Annotated[
        int, typer.Option("--seed", min=0, help="The same seed gives the same caseload.")
    ] = 1,
) -> None:
    """Fill an EMPTY store (REFUGE_DATABASE_URL, or SQLite under REFUGE_HOME) with SYNTHETIC
    persons, applications, decisions and permits: no real person, no real decision.

    Marked synthetic wherever it shows: pseudonyms SYN-..., V-numbers from 9000000000, import
    keys synthetic:SEED:N. Calibration and assumptions: docs/guide/analyst.md."""
    url = database_url()
    require_current(url)
    with database_errors(url):
        try:
            loaded = _load(url, persons, seed)
        except StoreNotEmpty as exc:
            fail(str(exc))
        documents = load_demo_documents(session_factory(url))
    groups = loaded.groups
    typer.echo(
        f"refuge: loaded a SYNTHETIC caseload (seed {seed}) into {shown(url)}: "
        + ", ".join(f"{count:,} {name}" for name, count in loaded.rows.items())
    )
    typer.echo(
        f"  Syrian temporary asylum permit holders on {REFERENCE_DATE}: {groups.holders:,}; "
        f"Syrians pending through the moratorium: {groups.pending_moratorium:,}; "
        f"other nationalities: {groups.others:,}"
    )
    shelved = (f"{a.document.reference} ({a.document.passage_count} passages)" for a in documents)
    typer.echo("  report library: " + ", ".join(shelved))


def _load(url: str, persons: int, seed: int) -> Loaded:
    with Progress(
        TextColumn("synthetic caseload"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as progress:
        task = progress.add_task("persons", total=persons)
        return load_demo_caseload(
            session_factory(url), persons, seed, lambda n: progress.advance(task, n)
        )


def load_into_empty_store(persons: int, seed: int) -> str:
    """For `refuge demo`: a new store is created and migrated and, like an empty one, filled
    with the synthetic caseload; a store that holds cases, or is at another revision, is left
    alone. Returns the line that says which."""
    url = database_url()
    with database_errors(url):
        if current_revision(url) is None:
            upgrade(url)
        if current_revision(url) != head_revision():
            return (
                f"The store at {shown(url)} is not at this version's schema; no synthetic "
                "data loaded (refuge db upgrade, then refuge demo-data)."
            )
        try:
            loaded = _load(url, persons, seed)
        except StoreNotEmpty:
            return f"The store at {shown(url)} already holds cases; no synthetic data loaded."
        documents = load_demo_documents(session_factory(url))
    return (
        f"Loaded a SYNTHETIC caseload into {shown(url)}: {loaded.rows['people']:,} persons, "
        f"{loaded.groups.holders:,} Syrian temporary permit holders on {REFERENCE_DATE} "
        f"(docs/guide/analyst.md), and {len(documents)} documents into the report library "
        "(refuge coi list)."
    )
