"""`refuge coi redact|redactions|approve|reject|scan|proposals|accept|dismiss|grounds`: the
redaction workflow on the command line. A publisher marks a span with a Woo ground and a note;
another publisher approves or rejects it (four eyes). The scan proposes spans, which a
publisher accepts (a marked span) or dismisses. Acts as a named user (--as); every step is
audited; a refusal exits 2 naming what is wrong and changes nothing."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from typing import Annotated, TypeVar

import typer
from pydantic import BaseModel, ValidationError
from sqlalchemy.orm import Session

from refuge.casework.actor import Actor
from refuge.casework.errors import CaseworkError
from refuge.cli.coi_cmd import AS, _actor, _find, _refused, _uuid, coi_app
from refuge.cli.db_cmd import database_errors, require_current
from refuge.cli.options import FormatOption, OutputFormat, fail
from refuge.coi import proposals, redactions
from refuge.coi.redaction_errors import InvalidSpan
from refuge.coi.redaction_schemas import MarkSpan, ProposalOut, RedactionOut
from refuge.coi.scan import scan
from refuge.coi.woo_grounds import grounds
from refuge.store.engine import session_factory
from refuge.store.settings import database_url

T = TypeVar("T")
DOC = Annotated[str, typer.Argument(metavar="DOC", help="Its id, or REF or REF@REVISION")]
SHOWN = 60  # characters of withheld text shown in a list


def _run(username: str, work: Callable[[Session, Actor], T]) -> T:
    url = database_url()
    require_current(url)
    with database_errors(url), session_factory(url)() as session:
        actor = _actor(session, username)
        try:
            result = work(session, actor)
        except CaseworkError as exc:
            if isinstance(exc, InvalidSpan):
                session.rollback()
                fail(f"--{exc.field}{exc.message.removeprefix(exc.field)}")
            _refused(session, exc)
        session.commit()
    return result


def _document(session: Session, actor: Actor, name: str) -> uuid.UUID:
    return _find(session, actor, name, "").id


def _echo(item: BaseModel | list[BaseModel], output_format: OutputFormat) -> bool:
    """JSON for programs; True if it was written."""
    if output_format is not OutputFormat.json:
        return False
    data = [i.model_dump(mode="json") for i in item] if isinstance(item, list) else item
    text = json.dumps(data, indent=2, ensure_ascii=False) if isinstance(item, list) else None
    typer.echo(text or item.model_dump_json(indent=2))  # type: ignore[union-attr]
    return True


def _quoted(text: str) -> str:
    flat = " ".join(text.split())
    return repr(flat if len(flat) <= SHOWN else flat[: SHOWN - 1] + "…")


def _line(r: RedactionOut) -> str:
    last = r.history[-1]
    by = f"marked by {r.marked_by}"
    if r.status != "marked":
        by += f", {r.status} by {last.actor}"
    carried = "  (carried over from the previous revision)" if r.carried_from else ""
    return (
        f"{r.id}  {r.status:<8} {r.start}-{r.end}  {r.anchor:<8} {r.ground:<7} "
        f"{_quoted(r.text)}  {by}{carried}"
    )


def _proposal(p: ProposalOut) -> str:
    return (
        f"{p.id}  {p.status:<9} {p.start}-{p.end}  {p.anchor:<8} {p.recogniser:<18} "
        f"{p.ground:<7} {_quoted(p.text)}"
    )


@coi_app.command("redact")
def redact_command(
    document: DOC,
    username: AS,
    ground: Annotated[str, typer.Option(help="A Woo ground's code, e.g. 5.1.2e (coi grounds)")],
    note: Annotated[str, typer.Option(help="Why it is withheld (the reasoning)")],
    start: Annotated[int | None, typer.Option(help="First character withheld")] = None,
    end: Annotated[int | None, typer.Option(help="One past the last")] = None,
    anchor: Annotated[str | None, typer.Option(help="A passage, e.g. 2.3-p4 (with --text)")] = None,
    text: Annotated[
        str | None, typer.Option(help="The exact text to withhold, found once in --anchor")
    ] = None,
    output_format: FormatOption = OutputFormat.text,
) -> None:
    """Mark a span of a document to withhold, by --start/--end (offsets in the document's
    text) or by --anchor and --text; another publisher approves or rejects it."""
    given = {"start": start, "end": end, "anchor": anchor, "text": text}
    try:
        span = MarkSpan.model_validate(
            {**{k: v for k, v in given.items() if v is not None}, "ground": ground, "note": note}
        )
    except ValidationError as exc:
        first = exc.errors()[0]
        where = f"--{first['loc'][0]}" if first["loc"] else "--start/--end or --anchor/--text"
        fail(f"{where}: {first['msg'].removeprefix('Value error, ')}")
    marked = _run(username, lambda s, a: redactions.mark(s, a, _document(s, a, document), span))
    if not _echo(marked, output_format):
        typer.echo(f"marked, awaiting another publisher's approval:\n{_line(marked)}")


@coi_app.command("redactions")
def redactions_command(
    document: DOC,
    username: AS,
    status: Annotated[str | None, typer.Option(help="marked | approved | rejected")] = None,
    output_format: FormatOption = OutputFormat.text,
) -> None:
    """Every redaction of a document with its status, by position; and how many spans await
    a decision."""
    if status not in (None, "marked", "approved", "rejected"):
        fail(f"--status {status!r}: use marked, approved or rejected")

    def work(s: Session, a: Actor) -> tuple[list[RedactionOut], int]:
        doc = _document(s, a, document)
        return redactions.list_redactions(s, a, doc, status), redactions.pending_redactions(
            s, a, doc
        )

    found, pending = _run(username, work)
    if _echo(list(found), output_format):
        return
    for r in found:
        typer.echo(_line(r))
    typer.echo(f"{len(found)} redaction(s); {pending} awaiting a decision (marked or proposed)")


@coi_app.command("approve")
def approve_command(
    redaction: Annotated[str, typer.Argument(metavar="REDACTION", help="The redaction's id")],
    username: AS,
    output_format: FormatOption = OutputFormat.text,
) -> None:
    """Approve a span another publisher marked: it is withheld when the document is published."""
    rid = _uuid(redaction, "REDACTION")
    done = _run(username, lambda s, a: redactions.approve(s, a, rid))
    if not _echo(done, output_format):
        typer.echo(f"approved:\n{_line(done)}")


@coi_app.command("reject")
def reject_command(
    redaction: Annotated[str, typer.Argument(metavar="REDACTION", help="The redaction's id")],
    username: AS,
    reason: Annotated[str, typer.Option(help="Why the text is not withheld")],
    output_format: FormatOption = OutputFormat.text,
) -> None:
    """Reject a span another publisher marked: it is not withheld."""
    rid = _uuid(redaction, "REDACTION")
    done = _run(username, lambda s, a: redactions.reject(s, a, rid, reason))
    if not _echo(done, output_format):
        typer.echo(f"rejected:\n{_line(done)}")


@coi_app.command("scan")
def scan_command(
    document: DOC, username: AS, output_format: FormatOption = OutputFormat.text
) -> None:
    """Propose spans to redact (names, V-numbers, BSNs, telephone numbers, email addresses,
    IBANs, dates of birth, repetitions of redacted text); nothing is redacted until a
    publisher accepts a proposal and another approves it."""
    result = _run(username, lambda s, a: scan(s, a, _document(s, a, document)))
    if _echo(result, output_format):
        return
    for p in result.new:
        typer.echo(_proposal(p))
    c = result.carried_over
    if c.carried or c.proposed or c.gone:
        typer.echo(
            f"from the previous revision: {c.carried} marked again for approval, "
            f"{c.proposed} proposed where the text moved, {c.gone} no longer in the text"
        )
    typer.echo(
        f"{len(result.new)} new proposal(s), {result.open} open: accept or dismiss each "
        "(refuge coi accept|dismiss PROPOSAL)"
    )


@coi_app.command("proposals")
def proposals_command(
    document: DOC,
    username: AS,
    every: Annotated[bool, typer.Option("--all", help="Accepted and dismissed ones too")] = False,
    output_format: FormatOption = OutputFormat.text,
) -> None:
    """The scan's open proposals for a document."""
    found = _run(
        username,
        lambda s, a: proposals.list_proposals(
            s, a, _document(s, a, document), None if every else "open"
        ),
    )
    if _echo(list(found), output_format):
        return
    for p in found:
        typer.echo(_proposal(p))
    typer.echo(f"{len(found)} proposal(s)")


@coi_app.command("accept")
def accept_command(
    proposal: Annotated[str, typer.Argument(metavar="PROPOSAL", help="The proposal's id")],
    username: AS,
    ground: Annotated[str | None, typer.Option(help="Default: the one proposed")] = None,
    note: Annotated[str | None, typer.Option(help="Default: what the scan found")] = None,
    output_format: FormatOption = OutputFormat.text,
) -> None:
    """Accept a proposal: it becomes a marked span, which another publisher approves."""
    pid = _uuid(proposal, "PROPOSAL")
    if note is not None and not note.strip():
        fail("--note: give the reasoning, or leave --note out")
    marked = _run(username, lambda s, a: proposals.accept(s, a, pid, ground, note))
    if not _echo(marked, output_format):
        typer.echo(f"marked, awaiting another publisher's approval:\n{_line(marked)}")


@coi_app.command("dismiss")
def dismiss_command(
    proposal: Annotated[str, typer.Argument(metavar="PROPOSAL", help="The proposal's id")],
    username: AS,
    output_format: FormatOption = OutputFormat.text,
) -> None:
    """Dismiss a proposal: the text is not withheld, and the scan does not propose it again."""
    pid = _uuid(proposal, "PROPOSAL")
    done = _run(username, lambda s, a: proposals.dismiss(s, a, pid))
    if not _echo(done, output_format):
        typer.echo(f"dismissed:\n{_proposal(done)}")


@coi_app.command("grounds")
def grounds_command(
    language: Annotated[str, typer.Option(help="nl | en")] = "en",
) -> None:
    """The Woo grounds a redaction may cite (REFUGE_WOO_GROUNDS replaces the shipped list)."""
    if language not in ("nl", "en"):
        fail(f"--language {language!r}: use nl or en")
    try:
        known = grounds()
    except CaseworkError as exc:
        fail(exc.message)
    for g in known.values():
        typer.echo(f"{g.code:<8} {g.article:<22} {g.label(language)}")
