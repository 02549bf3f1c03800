"""`refuge schema case|assessment|algorithm-register`: the JSON Schema of the case input, the
assessment output, or the Algorithm Register publication (`refuge policy publish`)."""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Annotated, Any

import typer
from pydantic import BaseModel

from refuge.assess.result import Assessment
from refuge.case.schema import Case
from refuge.policy.register import Registration


class SchemaName(StrEnum):
    case = "case"
    assessment = "assessment"
    algorithm_register = "algorithm-register"


def json_schema(name: SchemaName) -> dict[str, Any]:
    models: dict[SchemaName, type[BaseModel]] = {
        SchemaName.case: Case,
        SchemaName.assessment: Assessment,
        SchemaName.algorithm_register: Registration,
    }
    model = models[name]
    schema = model.model_json_schema(
        by_alias=True, mode="validation" if model is Case else "serialization"
    )
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}


def schema_command(
    name: Annotated[
        SchemaName,
        typer.Argument(
            help="case (input of refuge assess), assessment (its JSON output) or "
            "algorithm-register (the JSON of refuge policy publish)."
        ),
    ],
) -> None:
    """Print a JSON Schema (the copies in docs/schemas/ are generated with this)."""
    typer.echo(json.dumps(json_schema(name), indent=2, ensure_ascii=False))
