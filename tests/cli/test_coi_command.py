"""`refuge coi add|list|show` on SQLite and PostgreSQL: a publisher adds a Word report and
sees it with its anchors; the same file again stores nothing; a scanned PDF and a bad option
exit 2 with a message naming the file or the option, and store nothing."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from docx import Document
from fpdf import FPDF
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from coi_cli import add_users, run
from refuge.coi.models import CoiDocument, CoiPassage


@pytest.fixture
def cli(db_url: str, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("REFUGE_DATABASE_URL", db_url)
    add_users(db_url, ("pia", "publisher"), ("ada", "admin"))
    return CliRunner()


@pytest.fixture
def report(tmp_path: Path) -> Path:
    document = Document()
    document.add_heading("1 Veiligheidssituatie", level=1)
    document.add_paragraph("De situatie in Syrië is volatiel en gefragmenteerd.")
    document.add_heading("1.1 Damascus", level=2)
    document.add_paragraph("In Damascus is het relatief rustiger.")
    path = tmp_path / "Ambtsbericht Syrië.docx"
    document.save(path)
    return path


def _stored(session: Session) -> tuple[int, int]:
    return (
        session.scalar(select(func.count()).select_from(CoiDocument)) or 0,
        session.scalar(select(func.count()).select_from(CoiPassage)) or 0,
    )


def test_a_publisher_adds_a_report_and_reads_its_passages(
    cli: CliRunner, report: Path, session: Session
) -> None:
    out = run(cli, "add", str(report), "--as", "pia", "--country", "SY", "--date", "2025-05-29")
    assert "added ambtsbericht-syrie revision 1" in out.stdout
    assert "4 passages" in out.stdout
    again = run(cli, "add", str(report), "--as", "pia")
    assert "already in the library, unchanged: ambtsbericht-syrie revision 1" in again.stdout
    assert _stored(session) == (1, 4)
    listed = run(cli, "list", "--as", "pia", "--country", "SY")
    assert "ambtsbericht-syrie@1  general" in listed.stdout
    shown = json.loads(
        run(
            cli, "show", "ambtsbericht-syrie", "--as", "pia", "--passages", "--format", "json"
        ).stdout
    )
    assert shown["title"] == "1 Veiligheidssituatie"
    assert [p["anchor"] for p in shown["passages"]] == ["1", "1-p1", "1.1", "1.1-p1"]
    text = run(cli, "show", shown["id"], "--as", "pia", "--passages").stdout
    assert "1.1-p1\n  In Damascus is het relatief rustiger." in text


def test_a_scanned_pdf_is_refused_saying_it_has_no_text_layer(
    cli: CliRunner, tmp_path: Path, session: Session
) -> None:
    pdf = FPDF()
    pdf.add_page()  # a page without any text: what a scan without OCR looks like to a reader
    path = tmp_path / "scan.pdf"
    path.write_bytes(bytes(pdf.output()))
    out = run(cli, "add", str(path), "--as", "pia", code=2)
    assert "scan.pdf: this PDF has no text layer" in out.stderr
    assert "Traceback" not in out.output
    assert _stored(session) == (0, 0)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--date", "29-05-2025"], "--date: "),
        (["--country", "Syria"], "--country: "),
        (["--kind", "secret"], "--kind: "),
        (["--status", "internal", "--disclosure-decision", "W1"], "--disclosure-decision: only"),
        (["--period-from", "2025-05-01", "--period-to", "2025-01-01"], "--period-to: the"),
        (["--kind", "individual"], "--application: an individual report"),
    ],
)
def test_bad_options_exit_2_naming_the_option(
    cli: CliRunner, report: Path, session: Session, args: list[str], message: str
) -> None:
    out = run(cli, "add", str(report), "--as", "pia", *args, code=2)
    assert message in out.stderr
    assert _stored(session) == (0, 0)


def test_missing_files_unknown_users_and_other_roles(
    cli: CliRunner, report: Path, tmp_path: Path, session: Session
) -> None:
    missing = run(cli, "add", str(tmp_path / "nope.md"), "--as", "pia", code=2)
    assert "nope.md: no such file" in missing.stderr
    nobody = run(cli, "add", str(report), "--as", "nobody", code=2)
    assert "--as 'nobody': there is no active user" in nobody.stderr
    admin = run(cli, "add", str(report), "--as", "ada", code=2)
    assert "an admin may not add a document to the report library" in admin.stderr
    # a line of its own (other log lines may come before it)
    shown = run(cli, "show", "nothing-here", "--as", "pia", code=2).stderr.splitlines()
    assert any(line.startswith("refuge: error: no document nothing-here") for line in shown)
    assert _stored(session) == (0, 0)


def test_a_word_file_that_is_not_one(cli: CliRunner, tmp_path: Path, session: Session) -> None:
    path = tmp_path / "rapport.docx"
    path.write_bytes(io.BytesIO(b"just some text").getvalue())
    out = run(cli, "add", str(path), "--as", "pia", code=2)
    assert "rapport.docx: this is not a Word .docx file" in out.stderr
    assert _stored(session) == (0, 0)
