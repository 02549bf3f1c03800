"""`refuge schema case|assessment`: the JSON Schema of the case input or the assessment output."""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Annotated, Any

import typer

from refuge.assess.result import Assessment
from refuge.case.schema import Case


class SchemaName(StrEnum):
    case = "case"
    assessment = "assessment"


def json_schema(name: SchemaName) -> dict[str, Any]:
    model = Case if name is SchemaName.case else Assessment
    schema = model.model_json_schema(
        by_alias=True, mode="validation" if model is Case else "serialization"
    )
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}


def schema_command(
    name: Annotated[
        SchemaName,
        typer.Argument(help="case (input of refuge assess) or assessment (its JSON output)."),
    ],
) -> None:
    """Print a JSON Schema (the copies in docs/schemas/ are generated with this)."""
    typer.echo(json.dumps(json_schema(name), indent=2, ensure_ascii=False))
