"""One way to stop the CLI on bad input: a clear message on stderr and exit code 2."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated, NoReturn

import typer

BAD_INPUT = 2


def fail(message: str, prefix: str = "refuge: error: ") -> NoReturn:
    typer.echo(f"{prefix}{message}", err=True)
    raise typer.Exit(BAD_INPUT)


def parse_day(value: str | None, option: str) -> date:
    """A YYYY-MM-DD option value; today when it is omitted."""
    if value is None:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        fail(f"{option} {value!r} is not a date; write it as YYYY-MM-DD, e.g. 2025-06-10")


class OutputFormat(StrEnum):
    text = "text"
    json = "json"


FormatOption = Annotated[
    OutputFormat, typer.Option("--format", help="text for people, json for programs.")
]
