"""The `refuge` command line."""

from __future__ import annotations

import typer

from refuge.cli.assess_cmd import assess_command
from refuge.cli.demo_cmd import demo_command
from refuge.cli.policy_cmd import policy_app
from refuge.cli.schema_cmd import schema_command

app = typer.Typer(
    name="refuge",
    help="Refuge: cited, dated country policy applied to asylum cases. "
    "It recommends; a person decides.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.command("assess")(assess_command)
app.command("demo")(demo_command)
app.command("schema")(schema_command)
app.add_typer(policy_app, name="policy")


def main() -> None:
    app()
