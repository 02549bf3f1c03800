"""`refuge policy review COUNTRY [--output PATH]`: the legal review on standard output, or
written to a file whose reviewer's notes are kept."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from refuge.cli import app
from refuge.policy import find_pack
from refuge.policy.country import load_country_pack
from refuge.policy.review import review

runner = CliRunner()


def first_rule() -> str:
    """The id of the first plain rule in the SY pack, which has a row of its own."""
    return next(rid for rid, rule in load_country_pack("SY").rules.items() if not rule.rows)


def with_note(text: str, rid: str, note: str) -> str:
    prefix = f"| {rid} |  |"
    (line,) = [x for x in text.splitlines() if x.startswith(prefix)]
    assert line.endswith(" |  |"), "the note column of a new row is empty"
    return text.replace(line, line.removesuffix(" |") + f"{note} |")


def test_review_prints_the_legal_review_of_the_pack() -> None:
    result = runner.invoke(app, ["policy", "review", "sy"])
    assert result.exit_code == 0, result.output
    assert result.stdout == review(load_country_pack("SY"))


def test_review_output_writes_the_file_and_keeps_the_notes_on_regeneration(
    tmp_path: Path,
) -> None:
    out = tmp_path / "legal-review.md"
    result = runner.invoke(app, ["policy", "review", "SY", "--output", str(out)])
    assert result.exit_code == 0, result.output
    assert "reviewer's notes kept: 0" in result.stdout
    text = out.read_text(encoding="utf-8")
    assert text == review(load_country_pack("SY"))

    rid = first_rule()
    out.write_text(with_note(text, rid, "Art. 43 \\| 45 Vw: checked."), encoding="utf-8")
    result = runner.invoke(app, ["policy", "review", "SY", "--output", str(out)])
    assert result.exit_code == 0, result.output
    assert "reviewer's notes kept: 1" in result.stdout
    assert "no longer in the pack" not in result.stdout
    line = next(
        x for x in out.read_text(encoding="utf-8").splitlines() if x.startswith(f"| {rid} |")
    )
    assert line.endswith(" | Art. 43 \\| 45 Vw: checked. |")
    assert not list(tmp_path.glob(".*.tmp"))


def test_an_unknown_country_is_named_and_nothing_is_written(tmp_path: Path) -> None:
    out = tmp_path / "legal-review.md"
    result = runner.invoke(app, ["policy", "review", "XX", "--output", str(out)])
    assert result.exit_code == 2
    assert "no policy pack for country 'XX'" in result.stderr
    assert not out.exists()


def test_a_pack_with_problems_is_reported_with_its_positions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = find_pack("SY").read_text(encoding="utf-8")  # type: ignore[union-attr]
    (tmp_path / "SY.yaml").write_text(text.replace("valid_from:", "valid_form:", 1))
    monkeypatch.setenv("REFUGE_POLICY_DIR", str(tmp_path))
    result = runner.invoke(app, ["policy", "review", "SY"])
    assert result.exit_code == 2
    assert "the policy pack has problems" in result.stderr and "SY.yaml:" in result.stderr


def test_a_file_that_is_not_a_legal_review_is_not_overwritten(tmp_path: Path) -> None:
    out = tmp_path / "README.md"
    out.write_text("# Read me\n", encoding="utf-8")
    result = runner.invoke(app, ["policy", "review", "SY", "--output", str(out)])
    assert result.exit_code == 2
    assert "is not a legal review made by this command" in result.stderr
    assert out.read_text(encoding="utf-8") == "# Read me\n"


def test_the_review_of_another_country_is_not_overwritten(tmp_path: Path) -> None:
    out = tmp_path / "legal-review.md"
    out.write_text("# Legal review: IQ — Iraq\n", encoding="utf-8")
    result = runner.invoke(app, ["policy", "review", "SY", "--output", str(out)])
    assert result.exit_code == 2
    assert "is the legal review of IQ" in result.stderr


def test_a_folder_that_does_not_exist_is_an_error(tmp_path: Path) -> None:
    out = tmp_path / "missing" / "legal-review.md"
    result = runner.invoke(app, ["policy", "review", "SY", "--output", str(out)])
    assert result.exit_code == 2
    assert f"cannot write {out}" in result.stderr
