"""Structured logs: JSON lines on standard error, ISO 8601 UTC timestamps, a level.

The only module that may touch the standard library's `logging` (ruff TID251 bans it elsewhere):
everything else logs with `get_logger(__name__).info("event.name", key=value)`. Records from
libraries (SQLAlchemy, Alembic, uvicorn) pass through the same processors, so they too come out
as JSON lines and are masked the same way.

No special-category value ever reaches a log line: any key whose name contains one of
`SENSITIVE` (as a whole word of the key: `grounds`, `hearing_summary`, `api_token`), at any
depth of nesting, has its value replaced by `MASK` before rendering. Log references (ids, field
names, counts), never values. A logged exception shows its type and where it was raised, never
its text: a message (a pydantic error's `input_value`, say) may quote a whole case.
"""

from __future__ import annotations

import logging
import os
import re
import sys
import traceback
from collections.abc import Iterator, Mapping, MutableMapping
from typing import Any, TextIO

import structlog
from structlog.typing import EventDict, Processor, WrappedLogger

SENSITIVE = frozenset(
    {
        "grounds",
        "risk_profiles",
        "exclusion_grounds",
        "exclusion_indications",
        "regime_support_indications",
        "summary",
        "reasons",
        "notes",
        "element",
        "question",
        "output",
        "sexual_orientation",
        "religion",
        "ethnicity",
        "password",
        "token",
        "secret",
    }
)
MASK = "[masked]"
LEVELS = ("debug", "info", "warning", "error", "critical")

_WORD = re.compile(r"[a-z0-9]+")


def _singular(word: str) -> str:
    return word[:-1] if word.endswith("s") else word


# each sensitive name as a tuple of singular words: "risk_profiles" -> ("risk", "profile")
_PATTERNS = tuple(tuple(_singular(w) for w in _WORD.findall(name)) for name in SENSITIVE)


def is_sensitive(key: object) -> bool:
    """Whether a key names a special-category field or a secret (plural or singular, alone
    or as part of a longer name; case and separators do not matter)."""
    if not isinstance(key, str):
        return False
    snake = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", key).lower()
    words = tuple(_singular(w) for w in _WORD.findall(snake))
    return any(
        words[i : i + len(p)] == p for p in _PATTERNS for i in range(len(words) - len(p) + 1)
    )


def _scrub(value: Any, depth: int = 0) -> Any:
    if depth > 20:
        return MASK
    if isinstance(value, Mapping):
        return {k: MASK if is_sensitive(k) else _scrub(v, depth + 1) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_scrub(v, depth + 1) for v in value]
    return value


def mask_sensitive(_logger: WrappedLogger, _method: str, event_dict: EventDict) -> EventDict:
    """Processor: replace the value of every sensitive key, at any depth, with `MASK`."""
    for key in list(event_dict):
        if key == "event":
            continue
        event_dict[key] = MASK if is_sensitive(key) else _scrub(event_dict[key])
    return event_dict


def _chain(exc: BaseException) -> Iterator[BaseException]:
    """`exc` and the exceptions it was raised from or while handling, oldest first."""
    seen: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and all(current is not e for e in seen):
        seen.append(current)
        context = None if current.__suppress_context__ else current.__context__
        current = current.__cause__ or context
    return reversed(seen)


def exception_without_text(exc: BaseException) -> str:
    """A traceback of `exc` (and its chain) with each exception's type and frames, not its
    message."""
    parts: list[str] = []
    for e in _chain(exc):
        parts.append("Traceback (most recent call last):\n")
        parts.extend(traceback.format_list(traceback.extract_tb(e.__traceback__)))
        kind = type(e)
        parts.append(f"{kind.__module__}.{kind.__qualname__} (message not logged)\n")
    return "".join(parts).rstrip("\n")


def format_exception(_logger: WrappedLogger, _method: str, event_dict: EventDict) -> EventDict:
    """Processor: render `exc_info` as `exception` without the exception's text (in place of
    structlog's `format_exc_info`, which would write the message)."""
    exc_info = event_dict.pop("exc_info", None)
    if exc_info is True:
        exc_info = sys.exc_info()
    exc = exc_info if isinstance(exc_info, BaseException) else None
    if isinstance(exc_info, tuple) and len(exc_info) == 3:
        exc = exc_info[1]
    if isinstance(exc, BaseException):
        event_dict["exception"] = exception_without_text(exc)
    return event_dict


def _logger_name(_logger: WrappedLogger, _method: str, event_dict: EventDict) -> EventDict:
    if "logger_name" in event_dict:
        event_dict["logger"] = event_dict.pop("logger_name")
    return event_dict


def _drop_stdlib_extras(_logger: WrappedLogger, _method: str, event_dict: EventDict) -> EventDict:
    for key in ("_record", "_from_structlog", "message"):  # "message" repeats "event"
        event_dict.pop(key, None)
    return event_dict


class _Stderr:
    """Writes to whatever `sys.stderr` is at the time of writing (test capture swaps it)."""

    def write(self, text: str) -> int:
        return sys.stderr.write(text)

    def flush(self) -> None:
        sys.stderr.flush()


def _shared() -> list[Processor]:
    return [
        structlog.contextvars.merge_contextvars,
        _logger_name,
        structlog.processors.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        format_exception,
        mask_sensitive,
    ]


def configure(level: str | None = None, stream: TextIO | None = None) -> None:
    """Set up structlog and the standard library's root logger. `level` defaults to
    REFUGE_LOG_LEVEL, else `info`; `stream` to standard error."""
    name = (level or os.environ.get("REFUGE_LOG_LEVEL") or "info").lower()
    if name not in LEVELS:
        raise ValueError(f"log level {name!r} is not one of {', '.join(LEVELS)}")
    number = logging.getLevelNamesMapping()[name.upper()]
    out: Any = stream if stream is not None else _Stderr()
    structlog.configure(
        processors=[*_shared(), structlog.processors.JSONRenderer(sort_keys=True)],
        wrapper_class=structlog.make_filtering_bound_logger(number),
        logger_factory=structlog.WriteLoggerFactory(file=out),
        cache_logger_on_first_use=False,
    )
    handler = logging.StreamHandler(out)
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            foreign_pre_chain=[
                structlog.stdlib.add_logger_name,
                structlog.stdlib.ExtraAdder(),
                *_shared(),
            ],
            processors=[_drop_stdlib_extras, structlog.processors.JSONRenderer(sort_keys=True)],
        )
    )
    root = logging.getLogger()
    for old in list(root.handlers):
        if getattr(old, "_refuge", False):
            root.removeHandler(old)
    handler._refuge = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(max(number, logging.WARNING) if name != "debug" else number)


def get_logger(name: str | None = None, **initial: Any) -> Any:
    """A structlog logger (lazy: it follows `configure`, even when made at import time);
    `name` is recorded as `logger`."""
    if name:
        initial["logger_name"] = name  # ("logger" is taken by structlog's own argument)
    return structlog.get_logger(**initial)


def bind(**values: Any) -> None:
    """Add values (e.g. actor, request id) to every log line of this context."""
    structlog.contextvars.bind_contextvars(**values)


def scrubbed(values: MutableMapping[str, Any]) -> dict[str, Any]:
    """A copy of `values` with sensitive keys masked, e.g. for an error report."""
    return dict(_scrub(dict(values)))
