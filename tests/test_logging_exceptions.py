"""A logged exception shows its type and where it was raised, never its message: a pydantic
error's message quotes its input, which for a case is the whole case with its grounds."""

from __future__ import annotations

import io
import json
import logging  # noqa: TID251 - a library's (uvicorn's) records pass the same processors
from collections.abc import Iterator
from typing import Any

import pytest
from pydantic import ValidationError

from refuge.case.schema import Case
from refuge.logging import configure, get_logger

CASE: dict[str, Any] = {
    "case_id": "C-1",
    "nationality": "SY",
    "region": "IQ-BG",  # outside the nationality: an error whose input is the whole case
    "application_date": "2025-03-01",
    "credibility": "credible",
    "legal_residence": False,
    "grounds": ["religion", "sexual_orientation"],
    "risk_profiles": ["lgbtiq"],
    "exclusion_grounds": ["article_1F"],
}
WORDS = ("religion", "sexual_orientation", "lgbtiq", "article_1F", "IQ-BG")


@pytest.fixture
def stream() -> Iterator[io.StringIO]:
    out = io.StringIO()
    configure("debug", stream=out)
    yield out
    configure()


def _fail() -> None:
    try:
        Case.model_validate(CASE)
    except ValidationError as exc:
        raise RuntimeError(f"could not read case {CASE}") from exc


def test_a_logged_exception_keeps_its_type_and_frames_but_not_its_text(
    stream: io.StringIO,
) -> None:
    with pytest.raises(RuntimeError) as raised:
        _fail()
    assert all(word in str(raised.value) for word in WORDS)  # what a message would have said
    try:
        _fail()
    except RuntimeError as exc:
        get_logger("refuge.test").exception("case.unreadable", application="A-1")
        get_logger("refuge.test").error("case.unreadable", exc_info=exc)
        logging.getLogger("uvicorn.error").exception("Exception in ASGI application")
    lines = stream.getvalue().splitlines()
    assert len(lines) == 3
    for line in lines:
        for word in WORDS:
            assert word not in line, f"{word!r} in a log line: {line}"
        record = json.loads(line)
        trace = record["exception"]
        assert "pydantic_core._pydantic_core.ValidationError (message not logged)" in trace
        assert "builtins.RuntimeError (message not logged)" in trace
        assert "test_logging_exceptions.py" in trace and "in _fail" in trace
    assert json.loads(lines[0])["application"] == "A-1"


def test_a_line_without_an_exception_has_no_exception_key(stream: io.StringIO) -> None:
    get_logger("refuge.test").info("case.read", exc_info=False)
    get_logger("refuge.test").info("case.read", exc_info=True)  # outside an except block
    assert all("exception" not in json.loads(line) for line in stream.getvalue().splitlines())
