"""`refuge serve` checks its limits before it starts: a bad setting stops it with a message
naming the setting (exit 2), not a traceback in every worker."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from refuge.cli import app

runner = CliRunner()


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("REFUGE_MAX_IN_FLIGHT", "lots"),
        ("REFUGE_MAX_IN_FLIGHT", "0"),
        ("REFUGE_MAX_BODY_BYTES", "-5"),
        ("REFUGE_HANDLERS", "fibers"),
    ],
)
def test_a_bad_limit_stops_the_server_before_it_starts(
    variable: str, value: str, monkeypatch: pytest.MonkeyPatch, tmp_path: object
) -> None:
    monkeypatch.setenv("REFUGE_HOME", str(tmp_path))
    monkeypatch.setenv(variable, value)
    result = runner.invoke(app, ["serve", "--port", "1"])
    assert result.exit_code == 2, result.output
    assert variable in result.output
    assert "Traceback" not in result.output


def test_max_in_flight_must_be_a_positive_number() -> None:
    result = runner.invoke(app, ["serve", "--max-in-flight", "0"])
    assert result.exit_code == 2
    assert "--max-in-flight" in result.output


def test_handlers_must_be_inline_or_threads() -> None:
    result = runner.invoke(app, ["serve", "--handlers", "fibers"])
    assert result.exit_code == 2
    assert "--handlers: one of inline, threads" in result.output
