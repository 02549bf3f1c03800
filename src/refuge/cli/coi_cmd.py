"""`refuge coi add|list|show`: the report library — add a report (.txt, .md, .docx, .pdf) with
its metadata, list the library, show a document and its passages. Acts as a named user."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from refuge.accounts.models import User
from refuge.casework.actor import Actor
from refuge.casework.errors import CaseworkError
from refuge.cli.db_cmd import database_errors, require_current
from refuge.cli.options import FormatOption, OutputFormat, fail
from refuge.coi import service
from refuge.coi.errors import InvalidMetadata
from refuge.coi.schemas import DocumentDetail, DocumentMeta, DocumentOut, PassageOut
from refuge.coi.vocabulary import KINDS, STATUSES
from refuge.store.engine import session_factory
from refuge.store.settings import database_url

coi_app = typer.Typer(
    help="The report library: country reports, policy letters and work instructions.",
    no_args_is_help=True,
)
# the metadata field -> the option that carries it
OPTION = {
    "document_date": "--date",
    "period_start": "--period-from",
    "period_end": "--period-to",
    "application_id": "--application",
}
AS = Annotated[
    str,
    typer.Option(
        "--as",
        metavar="USERNAME",
        help="The user you act as (audited): a publisher adds to the library; the case's "
        "caseworker or supervisor adds and reads its individual reports.",
    ),
]
Purpose = Annotated[
    str,
    typer.Option(
        "--purpose", help="Why you read an individual report (audited), e.g. 'prepare hearing'."
    ),
]


def _option(field: str) -> str:
    return OPTION.get(field, "--" + field.replace("_", "-"))


def _actor(session: Session, username: str) -> Actor:
    user = session.scalar(select(User).where(User.username == username))
    if user is None or not user.active:
        fail(f"--as {username!r}: there is no active user of that name; see `refuge users list`")
    return Actor(user.id, f"cli:{user.username}", user.role, user.team_id)


def _refused(session: Session, exc: CaseworkError) -> NoReturn:
    session.rollback()
    if isinstance(exc, InvalidMetadata):
        fail(f"{_option(exc.field)}{exc.message.removeprefix(exc.field)}")
    fail(exc.message)


@coi_app.command("add")
def add_command(
    file: Annotated[Path, typer.Argument(metavar="FILE", help=".txt, .md, .docx or .pdf")],
    username: AS,
    kind: Annotated[str | None, typer.Option(help=" | ".join(KINDS) + " (default general)")] = None,
    country: Annotated[str | None, typer.Option(help="ISO 3166-1 alpha-2, e.g. SY")] = None,
    title: Annotated[str | None, typer.Option(help="Default: the first heading")] = None,
    reference: Annotated[
        str | None,
        typer.Option(help="Short name in citations (coi:REF#2.3-p4). Default: the file's name"),
    ] = None,
    date: Annotated[str | None, typer.Option("--date", metavar="DATE")] = None,
    period_from: Annotated[
        str | None, typer.Option(metavar="DATE", help="The reference period's first day")
    ] = None,
    period_to: Annotated[str | None, typer.Option(metavar="DATE")] = None,
    terms_of_reference: Annotated[
        str | None, typer.Option(metavar="TEXT", help="The questions the report answers")
    ] = None,
    status: Annotated[str | None, typer.Option(help=" | ".join(STATUSES))] = None,
    disclosure_decision: Annotated[
        str | None, typer.Option(metavar="REF", help="The Woo decision that published it")
    ] = None,
    published_on: Annotated[str | None, typer.Option(metavar="DATE")] = None,
    application: Annotated[
        str | None, typer.Option(metavar="ID", help="An individual report's application")
    ] = None,
    language: Annotated[str | None, typer.Option(help="nl | en. Default: from the text")] = None,
    output_format: FormatOption = OutputFormat.text,
) -> None:
    """Add a report to the library, split into passages with stable anchors. The same file
    again is recognised (nothing stored twice); a changed file under the same reference is its
    next revision. A bad file or value stores nothing (exit 2)."""
    given = {
        "kind": kind,
        "country": country,
        "title": title,
        "reference": reference,
        "document_date": date,
        "period_start": period_from,
        "period_end": period_to,
        "terms_of_reference": terms_of_reference,
        "status": status,
        "disclosure_decision": disclosure_decision,
        "published_on": published_on,
        "application_id": application,
        "language": language,
    }
    try:
        meta = DocumentMeta.model_validate({k: v for k, v in given.items() if v is not None})
    except ValidationError as exc:
        first = exc.errors()[0]
        fail(f"{_option(str(first['loc'][0]))}: {first['msg']}")
    if not file.is_file():
        fail(f"{file}: no such file")
    try:
        data = file.read_bytes()
    except OSError as exc:
        fail(f"{file}: cannot be read ({exc.strerror})")
    url = database_url()
    require_current(url)
    with database_errors(url), session_factory(url)() as session:
        actor = _actor(session, username)
        try:
            added = service.add_document(session, actor, file.name, data, meta)
        except CaseworkError as exc:
            _refused(session, exc)
        session.commit()
    d = added.document
    if output_format is OutputFormat.json:
        typer.echo(added.model_dump_json(indent=2))
        return
    what = "added" if added.created else "already in the library, unchanged:"
    typer.echo(
        f"{what} {d.reference} revision {d.revision} ({d.id}): {d.passage_count} passages, "
        f"{d.kind}, {d.country or 'no country'}, {d.status}"
    )


@coi_app.command("list")
def list_command(
    username: AS,
    country: Annotated[str | None, typer.Option(help="ISO 3166-1 alpha-2")] = None,
    kind: Annotated[str | None, typer.Option(help=" | ".join(KINDS))] = None,
    status: Annotated[str | None, typer.Option(help=" | ".join(STATUSES))] = None,
    application: Annotated[
        str | None, typer.Option(metavar="ID", help="This application's individual reports")
    ] = None,
    purpose: Purpose = "",
    output_format: FormatOption = OutputFormat.text,
) -> None:
    """The newest revision of every document in the library (or of one application's
    individual reports, with --purpose), by reference."""
    application_id = _uuid(application, "--application") if application else None
    url = database_url()
    require_current(url)
    with database_errors(url), session_factory(url)() as session:
        actor = _actor(session, username)
        try:
            documents, _ = service.list_documents(
                session,
                actor,
                country=country,
                kind=kind,
                status=status,
                application_id=application_id,
                purpose=purpose,
                limit=10_000,
            )
        except CaseworkError as exc:
            _refused(session, exc)
        session.commit()  # the audit trail's records of the reading
    if output_format is OutputFormat.json:
        typer.echo(json.dumps([d.model_dump(mode="json") for d in documents], indent=2))
        return
    for d in documents:
        day = d.document_date.isoformat() if d.document_date else "undated"
        typer.echo(
            f"{d.reference}@{d.revision}  {d.kind:<16} {d.country or '--'}  {day}  "
            f"{d.status:<9}  {d.title}"
        )
    typer.echo(f"{len(documents)} document(s)")


@coi_app.command("show")
def show_command(
    document: Annotated[str, typer.Argument(metavar="DOC", help="Its id, or REF or REF@REVISION")],
    username: AS,
    passages: Annotated[bool, typer.Option("--passages", help="Every passage too")] = False,
    purpose: Purpose = "",
    output_format: FormatOption = OutputFormat.text,
) -> None:
    """A document's metadata and, with --passages, its passages with their anchors."""
    url = database_url()
    require_current(url)
    with database_errors(url), session_factory(url)() as session:
        actor = _actor(session, username)
        try:
            detail = _find(session, actor, document, purpose)
            found = service.list_passages(session, actor, detail.id, purpose) if passages else []
        except CaseworkError as exc:
            _refused(session, exc)
        session.commit()  # the audit trail's records of the reading
    if output_format is OutputFormat.json:
        out = detail.model_dump(mode="json")
        if passages:
            out["passages"] = [p.model_dump(mode="json") for p in found]
        typer.echo(json.dumps(out, indent=2, ensure_ascii=False))
        return
    _print_detail(detail)
    for p in found:
        _print_passage(p)


def _find(session: Session, actor: Actor, name: str, purpose: str) -> DocumentDetail:
    try:
        document_id = uuid.UUID(name)
    except ValueError:
        return service.find_document(session, actor, name)
    return service.get_document(session, actor, document_id, purpose)


def _uuid(value: str, option: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError:
        fail(f"{option} {value!r} is not an id (a UUID)")


def _print_detail(d: DocumentOut | DocumentDetail) -> None:
    rows = [
        ("title", d.title),
        ("reference", f"{d.reference} revision {d.revision}"),
        ("id", str(d.id)),
        ("kind", d.kind),
        ("country", d.country or "-"),
        ("language", d.language),
        ("date", d.document_date.isoformat() if d.document_date else "-"),
        (
            "reference period",
            f"{d.period_start or '?'} to {d.period_end or '?'}"
            if d.period_start or d.period_end
            else "-",
        ),
        ("status", d.status),
        ("disclosure decision", d.disclosure_decision or "-"),
        ("published on", d.published_on.isoformat() if d.published_on else "-"),
        ("file", f"{d.media_type}, {d.byte_size} bytes, sha256 {d.sha256}"),
        ("passages", str(d.passage_count)),
        ("added", f"{d.added_at:%Y-%m-%d %H:%M} by {d.added_by}"),
    ]
    if isinstance(d, DocumentDetail):
        rows.insert(8, ("terms of reference", d.terms_of_reference or "-"))
        rows.append(("revisions", ", ".join(map(str, d.revisions))))
    for label, value in rows:
        typer.echo(f"{label + ':':<21}{value}")


def _print_passage(p: PassageOut) -> None:
    page = ""
    if p.page is not None:
        pages = str(p.page) if p.page_end == p.page else f"{p.page}-{p.page_end}"
        page = f"  [p. {pages}]"
    typer.echo(f"\n{p.anchor}{page}")
    typer.echo(f"  {p.text}")
