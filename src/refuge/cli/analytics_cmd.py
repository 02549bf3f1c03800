"""`refuge analytics cohort`: how many persons a declared cohort holds, after disclosure control."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.table import Table

from refuge.analytics.cohort import By, Cohort, CohortFileError, count_cohort, read_cohort
from refuge.analytics.returns import departures_by_month, support_by_date
from refuge.analytics.synthetic import holds_synthetic
from refuge.casework.disclosure import THRESHOLD
from refuge.casework.disclosure_table import TOTAL
from refuge.cli.db_cmd import database_errors, require_current
from refuge.cli.engine import EngineOption, SparkMasterOption, engine_of, spark_errors, spark_on
from refuge.cli.options import fail, parse_day
from refuge.policy.country import NoPackForCountry, load_country_pack
from refuge.quote import reason
from refuge.store.engine import session_factory
from refuge.store.settings import database_url

analytics_app = typer.Typer(
    help="Caseload analytics: cohorts (every count passes disclosure control).",
    no_args_is_help=True,
)
Format = Literal["table", "csv", "json", "parquet"]


@analytics_app.command("cohort")
def cohort_command(
    file: Annotated[
        Path | None,
        typer.Option("--file", help="A cohort as YAML (the options below override it)."),
    ] = None,
    nationality: Annotated[str | None, typer.Option(help="ISO 3166-1 alpha-2, e.g. SY")] = None,
    region: Annotated[str | None, typer.Option(help="ISO 3166-2, e.g. SY-DI")] = None,
    permit: Annotated[
        str | None, typer.Option(help="Holds a permit of this kind: temporary_asylum")
    ] = None,
    permit_ground: Annotated[
        str | None,
        typer.Option(help="refugee, subsidiary_general_risk or subsidiary_individual"),
    ] = None,
    granted_from: Annotated[str | None, typer.Option(metavar="DATE")] = None,
    granted_to: Annotated[str | None, typer.Option(metavar="DATE")] = None,
    at: Annotated[
        str | None, typer.Option(metavar="DATE", help="Reference date: held or pending then")
    ] = None,
    application: Annotated[
        str | None, typer.Option(help="Has an application that is pending or decided")
    ] = None,
    by: Annotated[
        str | None, typer.Option(help="Count per region, nationality or permit_ground")
    ] = None,
    output_format: Annotated[
        str, typer.Option("--format", help="table, csv, json or parquet (needs --output)")
    ] = "table",
    output: Annotated[Path | None, typer.Option("--output", help="Write here")] = None,
    engine: EngineOption = "duckdb",
    spark_master: SparkMasterOption = None,
    caseload: Annotated[
        str | None,
        typer.Option(
            "--caseload",
            metavar="URL",
            help="With --engine spark: a folder (local or object storage) of the caseload's "
            "tables as Parquet, instead of the store (docs/scale.md)",
        ),
    ] = None,
) -> None:
    """Count the persons in a cohort, e.g. `refuge analytics cohort --nationality SY --permit
    temporary_asylum --at 2025-06-01`. Counts from 1 to 9 are suppressed (shown as <10), with
    secondary suppression across groups, so that no small count leaves the system."""
    if output_format not in ("table", "csv", "json", "parquet"):
        fail("--format: one of table, csv, json, parquet")
    if output_format == "parquet" and output is None:
        fail("--format parquet writes a file: give --output PATH")
    if by not in (None, "region", "nationality", "permit_ground"):
        fail("--by: one of region, nationality, permit_ground")
    on = engine_of(engine, spark_master)
    if caseload is not None and on != "spark":
        fail("--caseload: only with --engine spark")
    cohort = _cohort(
        file, nationality, region, permit, permit_ground, granted_from, granted_to, at, application
    )
    url = database_url()
    require_current(url)
    source: Any = caseload  # for Spark: a Parquet folder, or the tables read from the store
    with database_errors(url), session_factory(url)() as session:
        synthetic = holds_synthetic(session)
        if on == "duckdb":
            counts = count_cohort(session, cohort, by)  # type: ignore[arg-type]
        elif caseload is None:  # Arrow is imported only here: it is slow to import
            from refuge.analytics.cohort_sql import caseload_tables

            source = caseload_tables(session)
    if on == "spark":
        from refuge.analytics.cohort_spark import count_cohort_spark

        with spark_on(spark_master) as spark, spark_errors():
            counts = count_cohort_spark(spark, cohort, source, by)  # type: ignore[arg-type]
    rows = [
        {"group": group, "persons": n, "suppressed": n is None, "synthetic": bool(synthetic)}
        for group, n in counts.items()
    ]
    _emit(rows, cohort, by, output_format, output, bool(synthetic))  # type: ignore[arg-type]


def _cohort(
    file: Path | None,
    nationality: str | None,
    region: str | None,
    permit: str | None,
    permit_ground: str | None,
    granted_from: str | None,
    granted_to: str | None,
    at: str | None,
    application: str | None,
) -> Cohort:
    base: dict[str, Any] = {}
    if file is not None:
        try:
            base = read_cohort(file).model_dump(exclude_none=True)
        except CohortFileError as exc:
            fail(str(exc))
    flags: dict[str, Any] = {
        "nationality": nationality,
        "region": region,
        "permit": permit,
        "permit_ground": permit_ground,
        "granted_from": _day(granted_from, "--granted-from"),
        "granted_to": _day(granted_to, "--granted-to"),
        "at": _day(at, "--at"),
        "application": application,
    }
    try:
        return Cohort.model_validate(base | {k: v for k, v in flags.items() if v is not None})
    except ValidationError as exc:
        fail(
            "; ".join(
                f"--{'-'.join(str(p) for p in e['loc']).replace('_', '-') or 'cohort'}: {reason(e)}"
                for e in exc.errors()
            )
        )


def _day(value: str | None, option: str) -> date | None:
    return None if value is None else parse_day(value, option)


def _emit(
    rows: list[dict[str, Any]],
    cohort: Cohort,
    by: By | None,
    output_format: Format,
    output: Path | None,
    synthetic: bool,
) -> None:
    if output_format == "parquet":
        import pyarrow as pa  # only here: the Parquet writer is slow to import
        import pyarrow.parquet as pq

        assert output is not None
        table = pa.Table.from_pylist(
            rows,
            schema=pa.schema(
                [
                    ("group", pa.string()),
                    ("persons", pa.int64()),
                    ("suppressed", pa.bool_()),
                    ("synthetic", pa.bool_()),
                ]
            ),
        )
        pq.write_table(table, output)
        typer.echo(f"refuge: wrote {len(rows)} row(s) to {output}", err=True)
        return
    if output_format == "json":
        text = json.dumps(
            {
                "cohort": cohort.model_dump(mode="json", exclude_none=True),
                "by": by,
                "threshold": THRESHOLD,
                "rows": rows,
            },
            indent=2,
        )
    elif output_format == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=list(rows[0]) if rows else ["group"])
        writer.writeheader()
        writer.writerows(rows)
        text = buffer.getvalue()
    else:
        title = f"Cohort: {cohort.describe()}" + (" — SYNTHETIC demo data" if synthetic else "")
        grid = Table()
        grid.add_column(by or "cohort")
        grid.add_column("persons", justify="right")
        for row in rows:
            shown = f"<{THRESHOLD}" if row["persons"] is None else f"{row['persons']:,}"
            grid.add_row(str(row["group"]), shown)
        console = Console(file=io.StringIO(), width=100)
        console.print(grid)
        text = title + "\n" + console.file.getvalue()  # type: ignore[attr-defined]
    if output is None:
        typer.echo(text, nl=not text.endswith("\n"))
    else:
        output.write_text(text, encoding="utf-8")
        typer.echo(f"refuge: wrote {len(rows)} row(s) to {output}", err=True)


@analytics_app.command("returns")
def returns_command(
    nationality: Annotated[str | None, typer.Option(help="ISO 3166-1 alpha-2, e.g. SY")] = "SY",
    start: Annotated[str, typer.Option("--from", metavar="DATE")] = "2024-12-08",
    end: Annotated[str, typer.Option("--to", metavar="DATE")] = "2025-09-30",
    country: Annotated[str, typer.Option(help="The pack for the support amounts")] = "SY",
    output: Annotated[Path | None, typer.Option("--output", help="Write CSV here")] = None,
) -> None:
    """Departures by month and route (voluntary, supported, charter, forced, not_verified),
    through disclosure control, and the return support the pack gives in the period."""
    first, last = parse_day(start, "--from"), parse_day(end, "--to")
    if last < first:
        fail("--to: before --from")
    try:
        pack = load_country_pack(country.upper())
    except NoPackForCountry as exc:
        fail(f"--country: {exc}")
    url = database_url()
    require_current(url)
    with database_errors(url), session_factory(url)() as session:
        table = departures_by_month(session, nationality, first, last)
        synthetic = holds_synthetic(session)
    if output is not None:
        with output.open("w", newline="", encoding="utf-8") as out:
            writer = csv.writer(out)
            writer.writerow(["month", "route", "persons", "suppressed", "synthetic"])
            for (month, route), n in table.cells.items():
                writer.writerow([month, route, "" if n is None else n, n is None, synthetic])
        typer.echo(f"refuge: wrote {output}", err=True)
        return
    grid = Table()
    grid.add_column("month")
    for route in (*table.columns, TOTAL):
        grid.add_column(route, justify="right")
    for month in (*table.rows, TOTAL):
        cells = [table.cells[month, route] for route in (*table.columns, TOTAL)]
        grid.add_row(month, *(f"<{THRESHOLD}" if n is None else f"{n:,}" for n in cells))
    console = Console(file=io.StringIO(), width=110)
    console.print(grid)
    title = f"Departures {first} to {last}" + (
        f", nationality {nationality}" if nationality else ""
    )
    if synthetic:
        title += " — SYNTHETIC demo data"
    support = "\n".join(
        f"  from {day}: EUR {adult:,} per adult, EUR {minor:,} per minor"
        for day, adult, minor in support_by_date(pack, first, last)
    )
    typer.echo(
        f"{title}\n{console.file.getvalue()}"  # type: ignore[attr-defined]
        f"Return and reintegration support ({pack.country} pack):\n{support}"
    )
