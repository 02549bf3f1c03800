"""`refuge coi publish DOC`: the publication version of a document of the library, as HTML
and PDF with every approved redaction a box with its Woo ground, and the inventory of
redactions as CSV and JSON beside them; the document is recorded as published. A refusal
(an individual report, redactions awaiting a decision, a withheld text repeated unredacted,
no Woo decision) exits 2, writes nothing and records nothing."""

from __future__ import annotations

import json
import os
import tempfile
import uuid
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy.orm import Session

from refuge.casework.actor import Actor
from refuge.casework.errors import CaseworkError
from refuge.cli.coi_cmd import AS, _actor, _refused, coi_app
from refuge.cli.db_cmd import database_errors, require_current
from refuge.cli.options import FormatOption, OutputFormat, fail, parse_day
from refuge.coi import service
from refuge.coi.publishing import PublishedFiles, publish_document
from refuge.store.engine import session_factory
from refuge.store.settings import database_url


@coi_app.command("publish")
def publish_command(
    document: Annotated[str, typer.Argument(metavar="DOC", help="Its id, or REF or REF@REVISION")],
    username: AS,
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            metavar="DIR",
            help="Directory to write the files in (made if missing). Default: the current one.",
        ),
    ] = Path(),
    woo_decision: Annotated[
        str | None,
        typer.Option(
            "--woo-decision",
            metavar="REF",
            help="The Woo decision that makes it public. Default: the one recorded with it.",
        ),
    ] = None,
    published_on: Annotated[
        str | None,
        typer.Option(
            "--date",
            metavar="DATE",
            help="The day of publication (also the PDF's creation date). Default: the day it "
            "was published before, else today.",
        ),
    ] = None,
    title: Annotated[
        str | None,
        typer.Option(metavar="TEXT", help="The published title. Default: the document's title."),
    ] = None,
    author: Annotated[
        str | None,
        typer.Option(
            metavar="TEXT", help="The PDF's author, e.g. the ministry. Default: none is written."
        ),
    ] = None,
    output_format: FormatOption = OutputFormat.text,
) -> None:
    """Publish a document of the library: HTML and PDF with each redaction a box with its Woo
    ground, the inventory of redactions as CSV and JSON. Refused while a redaction awaits its
    second publisher or a scan's proposal its decision; individual reports are never
    published. The same redactions give the same bytes."""
    day = parse_day(published_on, "--date") if published_on is not None else None
    if output.exists() and not output.is_dir():
        fail(f"--output: {output} is a file, not a directory")
    url = database_url()
    require_current(url)
    with database_errors(url), session_factory(url)() as session:
        actor = _actor(session, username)
        try:
            published = publish_document(
                session,
                actor,
                _document_id(session, actor, document),
                today=date.today(),
                woo_decision=woo_decision,
                published_on=day,
                title=title,
                author=author,
            )
        except CaseworkError as exc:
            _refused(session, exc)
        try:
            written = _write(output, published)
        except OSError as exc:
            session.rollback()
            fail(f"--output: cannot write in {output}: {exc.strerror or exc}; nothing recorded")
        session.commit()
    _report(published, written, output_format)


def _document_id(session: Session, actor: Actor, name: str) -> uuid.UUID:
    try:
        return uuid.UUID(name)
    except ValueError:
        return service.find_document(session, actor, name).id


def _write(output: Path, published: PublishedFiles) -> list[Path]:
    """Every file or none: each is written beside its place and then renamed over it."""
    output.mkdir(parents=True, exist_ok=True)
    staged: list[tuple[Path, Path]] = []
    try:
        for name, data in published.files.items():
            handle, made = tempfile.mkstemp(dir=output, prefix=".publishing-")
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.chmod(made, 0o644)  # a publication is public
            staged.append((Path(made), output / name))
    except OSError:
        for temporary, _ in staged:
            temporary.unlink(missing_ok=True)
        raise
    for temporary, target in staged:
        temporary.replace(target)
    return [target for _, target in staged]


def _report(published: PublishedFiles, written: list[Path], output_format: OutputFormat) -> None:
    if output_format is OutputFormat.json:
        body = {
            "documentId": str(published.document_id),
            "reference": published.reference,
            "revision": published.revision,
            "wooDecision": published.woo_decision,
            "publishedOn": published.published_on.isoformat(),
            "redactions": published.redactions,
            "files": [str(path) for path in written],
        }
        typer.echo(json.dumps(body, indent=2, ensure_ascii=False))
        return
    typer.echo(
        f"published {published.reference} revision {published.revision} under Woo decision "
        f"{published.woo_decision} on {published.published_on.isoformat()}: "
        f"{published.redactions} redaction(s)"
    )
    for path in written:
        typer.echo(f"  {path}")
