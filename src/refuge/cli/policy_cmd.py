"""`refuge policy show|diff|check|test|review|publish`."""

from __future__ import annotations

import json
from contextlib import suppress
from pathlib import Path
from typing import Annotated

import typer

from refuge.assess.scenario import ScenarioError, check_scenario, read_scenarios
from refuge.cli.options import FormatOption, OutputFormat, fail, parse_day
from refuge.cli.policy_publish import publish_command
from refuge.cli.policy_text import diff_json, diff_text, show_json, show_text
from refuge.policy import PackError, PolicyNotInForce, PolicyPack, pack_dir
from refuge.policy.country import NoPackForCountry, load_country_pack, load_pack_file
from refuge.policy.diff import diff
from refuge.policy.review import Notes, read_notes, review, reviewed_country, unmatched
from refuge.policy.translations import LANGUAGES, load_translations, missing, unused

policy_app = typer.Typer(
    help="Read country policy packs: what applied on a date, what changed.", no_args_is_help=True
)

Country = Annotated[
    str, typer.Argument(metavar="COUNTRY", help="ISO 3166-1 alpha-2 code, e.g. SY.")
]


def _pack(country: str) -> PolicyPack:
    try:
        return load_country_pack(country.upper())
    except NoPackForCountry as exc:
        fail(str(exc))
    except PackError as exc:
        fail(f"the policy pack has problems:\n{exc}")


@policy_app.command("show")
def show(
    country: Country,
    as_of: Annotated[
        str | None, typer.Option("--as-of", metavar="DATE", help="Default: today.")
    ] = None,
    output: FormatOption = OutputFormat.text,
) -> None:
    """Every parameter value and rule of the policy in force on a date, with citations."""
    pack, day = _pack(country), parse_day(as_of, "--as-of")
    try:
        version = pack.as_of(day)
    except PolicyNotInForce as exc:
        fail(f"--as-of: {exc}")
    typer.echo(
        json.dumps(show_json(version), indent=2, ensure_ascii=False)
        if output is OutputFormat.json
        else show_text(version)
    )


@policy_app.command("diff")
def diff_command(
    country: Country,
    start: Annotated[
        str, typer.Option("--from", metavar="DATE", help="The earlier date (YYYY-MM-DD).")
    ],
    end: Annotated[str, typer.Option("--to", metavar="DATE", help="The later date (YYYY-MM-DD).")],
    output: FormatOption = OutputFormat.text,
) -> None:
    """Every parameter and rule whose value changed between two dates, with both citations."""
    pack = _pack(country)
    day_from, day_to = parse_day(start, "--from"), parse_day(end, "--to")
    try:
        changes = diff(pack, day_from, day_to)
    except PolicyNotInForce as exc:
        fail(str(exc))
    typer.echo(
        json.dumps(diff_json(changes), indent=2, ensure_ascii=False)
        if output is OutputFormat.json
        else diff_text(changes)
    )


@policy_app.command("check")
def check(
    files: Annotated[
        list[Path], typer.Argument(metavar="PACK.yaml...", help="Pack files to check.")
    ],
) -> None:
    """Check pack files and list every problem with file:line:column. Exit 2 if any."""
    bad = False
    for path in files:
        try:
            pack = load_pack_file(path)
        except PackError as exc:
            bad = True
            typer.echo(str(exc), err=True)
            continue
        typer.echo(
            f"{path}: ok — {pack.country}, {len(pack.starts)} versions, "
            f"{len(pack.rules)} rules, sha256 {pack.sha256}"
        )
    if bad:
        raise typer.Exit(2)


@policy_app.command("test")
def test_scenarios(country: Country) -> None:
    """Run the YAML scenarios next to a pack (policies/tests/COUNTRY/*.yaml); exit 1 on failure."""
    pack = _pack(country)
    files = sorted((pack_dir() / "tests" / pack.country).glob("*.yaml"))
    passed = failed = 0
    for path in files:
        try:
            scenarios = read_scenarios(path).scenarios
        except ScenarioError as exc:
            fail(str(exc))
        for scenario in scenarios:
            try:
                problems = check_scenario(pack, scenario)
            except ScenarioError as exc:
                fail(f"{path}: {exc}")
            if problems:
                failed += 1
                typer.echo(f"FAIL {path.name}: {scenario.name}")
                for p in problems:
                    typer.echo(f"     {p}")
            else:
                passed += 1
    typer.echo(f"{passed} passed, {failed} failed")
    failed += _check_translations(pack)
    if failed:
        raise typer.Exit(1)


def _check_translations(pack: PolicyPack) -> int:
    """Every text of the pack has its translation in each catalogue, and none is stale."""
    problems = 0
    for lang in LANGUAGES:
        if lang == "en":
            continue
        try:
            catalogue = load_translations(pack, lang)
        except PackError as exc:
            typer.echo(f"FAIL translations ({lang}):\n{exc}")
            problems += 1
            continue
        for text in missing(pack, catalogue):
            typer.echo(f"FAIL translations ({lang}): no translation of {text!r}")
            problems += 1
        for text in unused(pack, catalogue):
            typer.echo(f"FAIL translations ({lang}): stale entry {text!r}; remove it")
            problems += 1
        if not problems:
            typer.echo(f"translations ({lang}): every text translated")
    return problems


@policy_app.command("review")
def review_command(
    country: Country,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            metavar="PATH",
            help="Write this Markdown file, or update it keeping the reviewer's notes. "
            "Default: print to standard output.",
        ),
    ] = None,
) -> None:
    """The whole pack on one page for a legal reviewer (Markdown): every rule, outcome row and
    dated value with its legal basis, sources and assumptions, and a column for notes."""
    pack = _pack(country)
    if output is None:
        typer.echo(review(pack), nl=False)
        return
    notes = _review_notes(output, pack.country)
    _write(output, review(pack, notes))
    lost = unmatched(pack, notes)
    typer.echo(
        f"{output}: legal review of {pack.country} written; reviewer's notes kept: {len(notes)}"
        + (f" ({len(lost)} on rows no longer in the pack, listed at the end)" if lost else "")
    )


def _review_notes(path: Path, country: str) -> Notes:
    """The notes in an existing review file; none if there is no file yet."""
    if not path.exists():
        return {}
    try:
        old = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        fail(f"--output: cannot read {path}: {exc}")
    found = reviewed_country(old)
    if found != country and old.strip():
        what = (
            f"the legal review of {found}" if found else "not a legal review made by this command"
        )
        fail(f"--output: {path} is {what}; give another path, or remove the file")
    return read_notes(old)


def _write(path: Path, text: str) -> None:
    """Replace the file in one step, so the notes in it are never half written."""
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8", newline="\n")
        tmp.replace(path)
    except OSError as exc:
        with suppress(OSError):
            tmp.unlink(missing_ok=True)
        fail(f"--output: cannot write {path}: {exc.strerror or exc}")


policy_app.command("publish")(publish_command)
