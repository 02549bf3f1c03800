"""`refuge assess CASE.json`."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from refuge.assess import assess
from refuge.case.reader import read_case
from refuge.cli.assess_problems import PREFIX, PROBLEMS, problem
from refuge.cli.options import FormatOption, OutputFormat, fail, parse_day
from refuge.cli.render import render_assessment
from refuge.policy import PackError
from refuge.policy.country import load_country_pack
from refuge.policy.what_if import apply_what_if, read_what_if


class Language(StrEnum):
    nl = "nl"
    en = "en"


ANALYSIS = {
    "en": "ANALYSIS: the policy in force on {day}, before today ({today}): what would have been "
    "recommended then, never the basis of a decision today.\n",
    "nl": "ANALYSE: het beleid dat gold op {day}, vóór vandaag ({today}): wat toen zou zijn "
    "geadviseerd, nooit de grondslag van een besluit van vandaag.\n",
}
FORECAST = {
    "en": "ANALYSIS: {day} is after today ({today}): the policy as the pack knows it today, "
    "carried forward; no source speaks of that day, and a decision of today is never based on "
    "it.\n",
    "nl": "ANALYSE: {day} ligt na vandaag ({today}): het beleid zoals het pakket het vandaag "
    "kent, doorgetrokken; geen bron spreekt over die dag, en een besluit van vandaag berust er "
    "nooit op.\n",
}


def assess_command(
    case_file: Annotated[
        Path,
        typer.Argument(
            metavar="CASE.json", help="The case, as JSON (docs/schemas/case.schema.json)."
        ),
    ],
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            metavar="DATE",
            help="Apply the policy in force on this date (YYYY-MM-DD). Default: today.",
        ),
    ] = None,
    output: FormatOption = OutputFormat.text,
    lang: Annotated[
        Language,
        typer.Option("--lang", help="Language of the explanation: nl (Dutch) or en (English)."),
    ] = Language.en,
    all_steps: Annotated[
        bool,
        typer.Option(
            "--all-steps",
            help="Show every rule of the pack, not only the steps that decided and the "
            "judgments to check.",
        ),
    ] = False,
    scenario: Annotated[
        Path | None,
        typer.Option(
            "--scenario",
            metavar="FILE",
            help="A what-if scenario (YAML): parameter values that change from a date, on top "
            "of the pack (docs/guide/analyst.md). Its steps cite the scenario.",
        ),
    ] = None,
) -> None:
    """Recommend on one case under the country policy in force; explain each step with sources.

    The headline gives the reason that decided (for a permit holder: the permit review). Steps
    mark assumptions, projections and the caseworker's own judgments. The output is a draft
    recommendation: a person decides. An --as-of before or after today is analysis, not the
    basis of a decision.
    """
    day = parse_day(as_of, "--as-of")
    try:
        case = read_case(case_file)
        pack = None
        if scenario is not None:
            base = load_country_pack(case.nationality)
            pack = apply_what_if(base, read_what_if(scenario, base))
        result = assess(case, day, pack=pack, all_steps=all_steps, lang=lang.value)
    except PROBLEMS as exc:
        fail(problem(exc, case_file, lang.value), PREFIX[lang.value])
    except PackError as exc:
        what = "the scenario" if scenario is not None else "the policy pack"
        fail(f"{what} has problems:\n{exc}")
    if output is OutputFormat.json:
        typer.echo(json.dumps(result.to_json_dict(), indent=2, ensure_ascii=False))
        return
    today = datetime.now(UTC).date()
    if day != today:  # legal principle: another date is analysis, never a decision's basis
        banner = ANALYSIS if day < today else FORECAST
        typer.echo(banner[lang.value].format(day=day.isoformat(), today=today.isoformat()))
    typer.echo(render_assessment(result))
