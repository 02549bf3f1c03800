"""`refuge scenario run FILE`: a what-if scenario over a cohort of the caseload."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from refuge.analytics.cohort import Cohort, CohortFileError, read_cohort
from refuge.analytics.synthetic import holds_synthetic
from refuge.analytics.workload import Timeline, Workload, WorkloadError, read_workload, timeline
from refuge.casework.disclosure import THRESHOLD
from refuge.casework.disclosure_table import TOTAL, DisclosedTable
from refuge.cli.db_cmd import database_errors, require_current
from refuge.cli.engine import EngineOption, SparkMasterOption, engine_of, spark_errors, spark_on
from refuge.cli.options import fail, parse_day
from refuge.policy import PackError
from refuge.policy.country import NoPackForCountry, load_country_pack
from refuge.policy.what_if import apply_what_if, read_what_if, shown_value
from refuge.store.engine import session_factory
from refuge.store.settings import database_url

if TYPE_CHECKING:
    from refuge.analytics.scenario_run import ScenarioReport

scenario_app = typer.Typer(help="What-if scenarios over the caseload.", no_args_is_help=True)


@scenario_app.command("run")
def run_command(
    file: Annotated[Path, typer.Argument(metavar="SCENARIO.yaml", help="The what-if scenario.")],
    country: Annotated[str, typer.Option("--country", help="The pack the scenario is for")] = "SY",
    cohort_file: Annotated[
        Path | None,
        typer.Option("--cohort", help="A cohort (YAML); default: everyone of the country"),
    ] = None,
    start: Annotated[
        str | None,
        typer.Option("--from", metavar="DATE", help="First month [default: the first change]"),
    ] = None,
    months: Annotated[int, typer.Option("--months", min=1, max=120)] = 12,
    output: Annotated[
        Path | None, typer.Option("--output", help="A folder for the CSV files")
    ] = None,
    html: Annotated[
        Path | None,
        typer.Option("--html", help="Write one self-contained HTML report here (opens offline)"),
    ] = None,
    engine: EngineOption = "duckdb",
    spark_master: SparkMasterOption = None,
    cases_url: Annotated[
        str | None,
        typer.Option(
            "--cases",
            metavar="URL",
            help="With --engine spark: the cohort's facts as Parquet (local or object "
            "storage), instead of reading the store (docs/scale.md)",
        ),
    ] = None,
) -> None:
    """Evaluate every member of the cohort on the first day of each month under the pack and
    under the scenario; print the outcomes of the last month, who changes and which rules
    changed. Every count passes disclosure control (1 to 9 hidden, with secondary
    suppression)."""
    # the bulk evaluator (DuckDB, Arrow) is imported here, not when any command starts
    from refuge.analytics.caseload import cohort_facts, first_days
    from refuge.analytics.report_html import render_report
    from refuge.analytics.scenario_run import count_duckdb, disclosed
    from refuge.analytics.stored_facts import StoredFactError

    on = engine_of(engine, spark_master)
    if cases_url is not None and on != "spark":
        fail("--cases: only with --engine spark")
    if cases_url is not None and cohort_file is not None:
        fail("--cohort: not with --cases (the Parquet file holds the cohort)")
    try:
        pack = load_country_pack(country.upper())
        scenario = read_what_if(file, pack)
    except NoPackForCountry as exc:
        fail(f"--country: {exc}")
    except PackError as exc:
        fail(f"the scenario has problems:\n{exc}")
    try:
        cohort = read_cohort(cohort_file) if cohort_file else Cohort(nationality=pack.country)
    except CohortFileError as exc:
        fail(str(exc))
    first = parse_day(start, "--from") if start else scenario.changes[0].start
    days = first_days(first, months)
    if days[0] < pack.valid_from:
        fail(f"--from: the {pack.country} pack starts on {pack.valid_from}")
    try:
        workload = read_workload(file)
    except WorkloadError as exc:
        fail(str(exc))
    url = database_url()
    require_current(url)
    cases: Any = cases_url  # a Parquet path or URL for Spark, else the facts read from the store
    with database_errors(url), session_factory(url)() as session, session.begin():
        if cases_url is None:
            purpose = f"scenario run: {scenario.name}"
            try:
                cases = cohort_facts(session, cohort, actor="cli", purpose=purpose)
            except StoredFactError as exc:
                fail(f"the store holds a value the engine cannot read: {exc}")
        synthetic = holds_synthetic(session)
    derived = apply_what_if(pack, scenario)
    if on == "duckdb":
        counts = count_duckdb(pack, derived, cases, days)
    else:
        from refuge.analytics.scenario_spark import count_spark

        with spark_on(spark_master) as spark, spark_errors():
            counts = count_spark(spark, pack, derived, cases, days)
    report = disclosed(counts)
    described = f"the cases in {cases_url}" if cases_url else cohort.describe()
    last = str(report.months[-1])
    work = timeline({c: report.scenario.cells[last, c] for c in report.scenario.columns}, workload)
    typer.echo(_summary(report, scenario.name, described) + _workload(work, workload))
    if output is not None:
        write_tables(report, output)
        _write_timeline(work, output / "workload.csv")
        typer.echo(f"refuge: wrote the tables to {output}/", err=True)
    if html is not None:
        changes = [(c.parameter, c.start, shown_value(c.value)) for c in scenario.changes]
        page = render_report(report, work, workload, scenario.name, changes, described, synthetic)
        html.write_text(page, encoding="utf-8")
        typer.echo(f"refuge: wrote the report to {html}", err=True)


def _shown(n: int | None) -> str:
    return f"<{THRESHOLD}" if n is None else f"{n:,}"


def _summary(report: ScenarioReport, name: str, cohort: str) -> str:
    last = str(report.months[-1])
    console = Console(file=io.StringIO(), width=110)
    console.print(
        f"Scenario: {name}\nCohort: {cohort} — {report.members:,} persons\n"
        f"Evaluated on the first day of {len(report.months)} months, "
        f"{report.months[0]} to {report.months[-1]}"
    )
    outcomes = Table(title=f"Outcomes on {last}")
    for column in ("outcome", "baseline", "scenario"):
        outcomes.add_column(column, justify="left" if column == "outcome" else "right")
    for column in report.baseline.columns:
        outcomes.add_row(
            column,
            _shown(report.baseline.cells[last, column]),
            _shown(report.scenario.cells[last, column]),
        )
    console.print(outcomes)
    moves = Table(title="Who changes (baseline -> scenario)")
    for column in ("from", "to", "persons"):
        moves.add_column(column, justify="right" if column == "persons" else "left")
    for (frm, to), n in sorted(report.transitions.cells.items()):
        if frm != to and TOTAL not in (frm, to) and n != 0:
            moves.add_row(frm, to, _shown(n))
    console.print(moves)
    why = Table(title="Rules whose value changed (persons)")
    why.add_column("rule")
    why.add_column("persons", justify="right")
    ranked = sorted(report.rules.items(), key=lambda kv: -(kv[1] or 0))
    for rule, n in ranked[:12]:
        why.add_row(rule, _shown(n))
    console.print(why)
    text: str = console.file.getvalue()  # type: ignore[attr-defined]
    return text


def _workload(work: Timeline, workload: Workload) -> str:
    if not work.cases:
        return "Workload: no case needs a procedure under the scenario.\n"
    lines = [
        f"Workload: {sum(work.cases.values()):,} cases need a procedure, "
        f"{work.total_hours:,.0f} hours; at {workload.fte:g} FTE x "
        f"{workload.hours_per_fte_week:g} hours a week: {work.weeks:,} weeks "
        "(hours per case and capacity: assumptions unless the scenario's workload: sets them)",
        "  week  cases left",
    ]
    lines += [f"  {week:>4}  {left:>10,}" for week, left in work.remaining]
    return "\n".join(lines) + "\n"


def _write_timeline(work: Timeline, path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["week", "cases_left"])
        writer.writerows(work.remaining)


def write_tables(report: ScenarioReport, folder: Path) -> None:
    """The tables of a scenario run as CSV files in `folder` (made if missing)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, table in (
        ("baseline", report.baseline),
        ("scenario", report.scenario),
        ("baseline_regions", report.baseline_regions),
        ("scenario_regions", report.scenario_regions),
        ("transitions", report.transitions),
    ):
        _table_csv(table, folder / f"{name}.csv")
    with (folder / "rules.csv").open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["rule", "persons", "suppressed"])
        for rule, n in report.rules.items():
            writer.writerow([rule, "" if n is None else n, n is None])


def _table_csv(table: DisclosedTable, path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["row", "column", "persons", "suppressed"])
        for (row, column), n in table.cells.items():
            writer.writerow([row, column, "" if n is None else n, n is None])
