"""The `refuge` command line."""

from __future__ import annotations

import typer

from refuge.cli.analytics_cmd import analytics_app
from refuge.cli.assess_cmd import assess_command
from refuge.cli.audit_cmd import audit_app
from refuge.cli.charter_cmd import charter_app
from refuge.cli.coi_cmd import coi_app
from refuge.cli.coi_provenance_cmd import check_citations_command  # noqa: F401
from refuge.cli.coi_publish_cmd import publish_command  # noqa: F401 (coi publish)
from refuge.cli.coi_redact_cmd import redact_command as _registers_redaction  # noqa: F401
from refuge.cli.coi_search_cmd import search_command  # noqa: F401 (coi search)
from refuge.cli.db_cmd import db_app
from refuge.cli.deadlines_cmd import deadlines_command
from refuge.cli.demo_cmd import demo_command
from refuge.cli.demo_data_cmd import demo_data_command
from refuge.cli.import_cmd import import_app
from refuge.cli.policy_cmd import policy_app
from refuge.cli.scenario_cmd import scenario_app
from refuge.cli.schema_cmd import schema_command
from refuge.cli.serve_cmd import serve_command
from refuge.cli.users_cmd import users_app
from refuge.logging import configure as configure_logging

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
app.command("demo-data")(demo_data_command)
app.command("schema")(schema_command)
app.add_typer(policy_app, name="policy")
app.command("deadlines")(deadlines_command)
app.add_typer(db_app, name="db")
app.add_typer(audit_app, name="audit")
app.add_typer(import_app, name="import")
app.command("serve")(serve_command)
app.add_typer(users_app, name="users")
app.add_typer(analytics_app, name="analytics")
app.add_typer(scenario_app, name="scenario")
app.add_typer(charter_app, name="charter")
app.add_typer(coi_app, name="coi")


def main() -> None:
    configure_logging()
    app()
