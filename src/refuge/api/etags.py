"""ETags are the record's `version` (optimistic lock); updates must send `If-Match`.

Missing If-Match: 428. A version other than the current one: 412 (someone else changed it
since). A concurrent writer that slips in between our check and our write is caught by the
version column itself (SQLAlchemy raises StaleDataError, rendered as 412 too).
"""

from __future__ import annotations

from refuge.api.problems import Problem, stale_version


def etag(version: int) -> str:
    return f'"{version}"'


def _versions(header: str) -> list[str]:
    tags = []
    for part in header.split(","):
        tag = part.strip()
        if tag.startswith("W/"):
            tag = tag[2:]
        tags.append(tag.strip('"'))
    return tags


def expected_version(if_match: str | None) -> int:
    """The version the client based its change on (from If-Match)."""
    if if_match is None or not if_match.strip():
        raise Problem(
            428,
            "if-match-required",
            "send the ETag you read in an If-Match header, so that no one's change is lost",
        )
    for tag in _versions(if_match):
        if tag.isdigit() and len(tag) < 10:
            return int(tag)
    raise Problem(400, "invalid-if-match", 'If-Match must be an ETag as sent, e.g. "3"')


def check(if_match: str | None, current: int) -> int:
    """Raise 428/412 unless `if_match` names `current`; return it."""
    version = expected_version(if_match)  # `*` is refused: it would defeat the check
    if version != current:
        raise stale_version()
    return version
