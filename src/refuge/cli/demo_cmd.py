"""`refuge demo`: assess the bundled example cases and print their explanations."""

from __future__ import annotations

from typing import Annotated

import typer

from refuge.assess import assess
from refuge.case.reader import read_case
from refuge.cli.options import parse_day
from refuge.cli.render import render_assessment
from refuge.examples import example_cases


def demo_command(
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            metavar="DATE",
            help="Apply the policy in force on this date. Default: 2025-10-01.",
        ),
    ] = "2025-10-01",
) -> None:
    """Assess the bundled example Syrian cases and print each explanation."""
    day = parse_day(as_of, "--as-of")
    files = example_cases()
    for i, path in enumerate(files):
        if i:
            typer.echo("\n" + "=" * 78 + "\n")
        typer.echo(render_assessment(assess(read_case(path), day)))
    typer.echo(
        f"\nAssessed {len(files)} example cases on {day}. "
        "Try: refuge assess CASE.json --as-of 2025-01-01"
    )
