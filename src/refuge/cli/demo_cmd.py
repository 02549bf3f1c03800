"""`refuge demo`: assess the bundled example cases and print their explanations; fill an empty
store with the synthetic caseload (`refuge demo-data`), add one demo account per role, print
them, and serve the web app on http://127.0.0.1:8000 (`--no-serve` to stop before that)."""

from __future__ import annotations

from typing import Annotated

import typer

from refuge.assess import assess
from refuge.assess.errors import AssessedBeforeApplication
from refuge.assess.result import Assessment
from refuge.case.reader import read_case
from refuge.casework.demo.calibration import DEFAULT_PERSONS, MIN_PERSONS
from refuge.cli.demo_accounts import demo_accounts_lines, serve_demo
from refuge.cli.demo_data_cmd import load_into_empty_store
from refuge.cli.options import fail, parse_day
from refuge.cli.render import render_assessment
from refuge.examples import example_cases
from refuge.policy import PolicyNotInForce


def demo_command(
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            metavar="DATE",
            help="Apply the policy in force on this date. Default: 2025-10-01.",
        ),
    ] = "2025-10-01",
    persons: Annotated[
        int,
        typer.Option(
            "--persons",
            min=MIN_PERSONS,
            max=10_000_000,
            help="Synthetic persons to load into an empty store (see refuge demo-data).",
        ),
    ] = DEFAULT_PERSONS,
    serve: Annotated[
        bool,
        typer.Option(
            "--serve/--no-serve", help="Serve the web app and the API when done (Ctrl-C stops)."
        ),
    ] = True,
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="TCP port")] = 8000,
) -> None:
    """Assess the bundled example Syrian cases and print each explanation. An empty store
    (a new one is created and migrated) is filled with the synthetic caseload first. Then one
    demo account per role is added (their passwords are printed), and the web app is served
    on http://127.0.0.1:PORT."""
    day = parse_day(as_of, "--as-of")
    files = example_cases()
    results: list[Assessment] = []
    for path in files:  # every case first: a date that does not suit one prints nothing
        case = read_case(path)
        try:
            results.append(assess(case, day))
        except AssessedBeforeApplication as exc:
            lodged = max(read_case(p).application_date for p in files)
            fail(
                f"--as-of {day.isoformat()} is before the application date "
                f"{exc.application_date.isoformat()} of {path}; the example cases were all "
                f"lodged by {lodged.isoformat()}: use --as-of {lodged.isoformat()} or later"
            )
        except PolicyNotInForce as exc:
            fail(f"--as-of: {exc}")
    loaded = load_into_empty_store(persons, seed=1)
    for i, result in enumerate(results):
        if i:
            typer.echo("\n" + "=" * 78 + "\n")
        typer.echo(render_assessment(result))
    typer.echo(
        f"\nAssessed {len(files)} example cases on {day}. "
        "Try: refuge assess CASE.json --as-of 2025-01-01"
    )
    typer.echo(loaded)
    typer.echo(demo_accounts_lines())
    if serve:
        serve_demo(port)
