"""Bulk import of applications from CSV, JSON Lines or Parquet (`refuge import cases`).

All or nothing for bad input: every row is validated first (also against the stored teams and
people), and a file with any invalid row imports nothing; every problem is listed as
`FILE:LINE: field 'x': ...`. A valid file is then written in batches through the casework
service's `register_application`, each batch one transaction together with its audit events, so a
crash or kill leaves only whole batches behind. A row whose `import_key` is already stored is
skipped, so re-running the same file finishes the work without duplicates.

Messages never quote the value of a special-category field, only its name.
"""

from __future__ import annotations

import csv
import json
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, cast

from pydantic import Field, TypeAdapter, ValidationError, model_validator
from sqlalchemy import select
from sqlalchemy.orm import Session

from refuge.accounts.models import Team
from refuge.case.schema import InternalProtection
from refuge.casework.actor import Actor
from refuge.casework.applications import check_caseworker
from refuge.casework.errors import CaseworkerNotInTeam, CaseworkError
from refuge.casework.models import Application, Person
from refuge.casework.schemas import ApplicationCreate
from refuge.casework.service import register_application
from refuge.logging import get_logger
from refuge.quote import quote, reason, rejected

log = get_logger(__name__)

BATCH_SIZE = 500
READERS = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet"}
LIST_FIELDS = ("grounds", "risk_profiles", "exclusion_grounds")
# a nested fact as columns of its own, for CSV: `internal_protection.admittance`
NESTED_COLUMNS = tuple(f"internal_protection.{name}" for name in InternalProtection.model_fields)
# the API takes only JSON true/false (refuge.strict.Flag); a cell may say yes/no, true/false, 1/0
FLAG_FIELDS = (
    "exclusion_indications",
    "regime_support_indications",
    "legal_residence",
    "minor",
)
_CELL_FLAG: TypeAdapter[bool] = TypeAdapter(bool)
LOOKUP_CHUNK = 900  # values per IN (...): under SQLite's limit on bound parameters


def _flag_cell(value: Any) -> Any:
    """A yes/no cell as a boolean; anything else is left for the field to refuse."""
    if isinstance(value, str | int) and not isinstance(value, bool):
        try:
            return _CELL_FLAG.validate_python(value)
        except ValidationError:
            return value
    return value


class ImportRow(ApplicationCreate):
    """One application to register: the service's `ApplicationCreate` with a required
    `import_key`, `region` for `region_of_origin` (as in `refuge assess`) and the team's name."""

    import_key: str = Field(min_length=1, max_length=64)
    region_of_origin: str = Field(alias="region", pattern=r"^[A-Z]{2}-[A-Z0-9]{1,3}$")
    team: str | None = Field(default=None, min_length=1, max_length=100)

    @model_validator(mode="before")
    @classmethod
    def _cells(cls, data: Any) -> Any:
        """Text cells are trimmed; a list field may be text with ';' between the values."""
        if not isinstance(data, dict):
            return data
        cells = {k: v.strip() if isinstance(v, str) else v for k, v in data.items()}
        for name in LIST_FIELDS:
            if isinstance(cells.get(name), str):
                cells[name] = [v.strip() for v in cells[name].split(";") if v.strip()]
        for name in FLAG_FIELDS:
            if name in cells:
                cells[name] = _flag_cell(cells[name])
        if isinstance(day := cells.get("application_date"), datetime) and day.time() == time():
            cells["application_date"] = day.date()  # a Parquet timestamp at midnight
        for column in NESTED_COLUMNS:
            name, part = column.split(".")
            nested = cells.get(name, {})
            if column in cells and isinstance(nested, dict):
                cells[name] = {**nested, part: cells.pop(column)}
        return cells

    def to_create(self) -> ApplicationCreate:
        return ApplicationCreate.model_construct(
            **{name: getattr(self, name) for name in ApplicationCreate.model_fields}
        )


COLUMNS = tuple(f.alias or name for name, f in ImportRow.model_fields.items()) + NESTED_COLUMNS


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with the file, at a line (row number for Parquet; 0: the whole file)."""

    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else str(self.path)
        return f"{where}: {self.message}"


class ImportFileError(Exception):
    """The file cannot be imported (as it is); `problems` lists every reason with its line."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems


# --- reading ------------------------------------------------------------------------------

Source = Iterator[tuple[int, dict[str, Any] | str]]  # line, and the row or what is wrong


def _present(data: dict[str, Any]) -> dict[str, Any]:
    """Empty cells are left out: an empty value means the column's default (or 'missing')."""
    return {k: v for k, v in data.items() if v is not None and v != ""}


def _unknown(columns: list[str]) -> str | None:
    unknown = [c for c in columns if c not in COLUMNS]
    if not unknown:
        return None
    return (
        f"unknown column(s) {', '.join(map(repr, unknown))}; the columns are {', '.join(COLUMNS)}"
    )


def _csv(path: Path) -> Source:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        header = list(reader.fieldnames or [])
        if (unknown := _unknown(header)) is not None:
            yield 1, unknown
            return
        start = 2
        for row in reader:
            line, start = start, reader.line_num + 1
            extra = cast(list[str] | None, row.pop(None, None))
            if extra is not None:
                yield line, f"{len(header) + len(extra)} cells, but the header has {len(header)}"
            else:
                yield line, _present(row)


def _jsonl(path: Path) -> Source:
    with path.open(encoding="utf-8-sig") as handle:
        for line, text in enumerate(handle, start=1):
            if not text.strip():
                continue
            try:
                data = json.loads(text)
            except json.JSONDecodeError as exc:
                yield line, f"not valid JSON ({exc.msg} at column {exc.colno})"
                continue
            yield line, _present(data) if isinstance(data, dict) else "not a JSON object"


def _parquet(path: Path) -> Source:
    import pyarrow.parquet as pq  # only when a Parquet file is read

    parquet = pq.ParquetFile(path)
    if (unknown := _unknown(list(parquet.schema_arrow.names))) is not None:
        yield 0, unknown
        return
    number = 0
    for batch in parquet.iter_batches(batch_size=2000):
        for data in batch.to_pylist():
            number += 1
            yield number, _present(data)


def read_rows(path: Path) -> Source:
    """The rows of the file with their line number (row number for Parquet)."""
    kind = READERS.get(path.suffix.lower())
    if kind is None:
        raise ImportFileError([Problem(path, 0, "name the file .csv, .jsonl or .parquet")])
    reader = {"csv": _csv, "jsonl": _jsonl, "parquet": _parquet}[kind]
    try:
        yield from reader(path)
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        why = f"cannot read the file ({exc.__class__.__name__}: {exc})"
        raise ImportFileError([Problem(path, 0, why)]) from None
    except Exception as exc:
        if not exc.__class__.__module__.startswith("pyarrow"):
            raise
        why = f"not a readable Parquet file ({exc.__class__.__name__})"
        raise ImportFileError([Problem(path, 0, why)]) from None


# --- validation ---------------------------------------------------------------------------


def describe(err: Any) -> str:
    """One pydantic error as `field 'x': ...`, quoting the bad value only where
    `refuge.quote.rejected` allows it (never a special-category value, never a whole row)."""
    loc = [str(p) for p in err["loc"]]
    name = ".".join(loc)
    if err["type"] == "missing":
        return f"field {name!r}: missing; every row needs it"
    if err["type"] == "extra_forbidden":
        return f"unknown field {name!r}; the fields are {', '.join(COLUMNS)}"
    message = reason(err)
    if not loc:
        return message  # a model-level error: its input is the whole row
    if (got := rejected(loc, err.get("input"))) is not None:
        message += f" (got {got})"
    return f"field {name!r}: {message}"


@dataclass(slots=True)
class Checked:
    """What a full read of the file found: how many rows, every problem, the teams' ids."""

    rows: int = 0
    problems: list[Problem] = field(default_factory=list)
    teams: dict[str, uuid.UUID] = field(default_factory=dict)


def _chunked(values: list[str]) -> Iterator[list[str]]:
    for i in range(0, len(values), LOOKUP_CHUNK):
        yield values[i : i + LOOKUP_CHUNK]


def check_file(
    path: Path, session: Session, today: date, default_team: str | None = None
) -> Checked:
    """Read and validate every row, and check it against the stored teams, caseworkers and people
    (a known V-number must keep its nationality and region). Writes nothing."""
    checked = Checked()
    keys: dict[str, int] = {}
    people: dict[str, tuple[int, str, str]] = {}
    teams: dict[str, int] = {}
    caseworkers: dict[tuple[str, uuid.UUID], int] = {}

    def problem(line: int, message: str) -> None:
        checked.problems.append(Problem(path, line, message))

    for line, data in read_rows(path):
        if isinstance(data, str):
            problem(line, data)
            continue
        checked.rows += 1
        try:
            row = ImportRow.model_validate(data)
        except ValidationError as exc:
            for err in exc.errors(include_url=False):
                problem(line, describe(err))
            continue
        if row.application_date > today:
            problem(line, f"field 'application_date': {row.application_date} is after today")
        if (first := keys.setdefault(row.import_key, line)) != line:
            problem(line, f"field 'import_key': {quote(row.import_key)} is also on line {first}")
        origin = (line, row.nationality, row.region_of_origin)
        if (seen := people.setdefault(row.v_number, origin))[1:] != origin[1:]:
            problem(line, f"field 'v_number': line {seen[0]} gives this person another origin")
        if (team := row.team or default_team) is None:
            problem(line, "field 'team': missing; give it in the row, or --team for every row")
        else:
            teams.setdefault(team, line)
            if row.caseworker_id is not None:
                caseworkers.setdefault((team, row.caseworker_id), line)
    if checked.rows == 0 and not checked.problems:
        problem(0, "has no rows")
    for name, line in teams.items():
        team_id = session.scalar(select(Team.id).where(Team.name == name))
        if team_id is None:
            problem(line, f"field 'team': there is no team {quote(name)}; create it first")
        else:
            checked.teams[name] = team_id
    for (name, caseworker_id), line in caseworkers.items():
        if name in checked.teams:
            try:
                check_caseworker(session, checked.teams[name], caseworker_id)
            except CaseworkerNotInTeam as exc:
                problem(line, f"field 'caseworker_id': {exc.message}")
    for chunk in _chunked(list(people)):
        stored = session.execute(
            select(Person.v_number, Person.nationality, Person.region_of_origin).where(
                Person.v_number.in_(chunk)
            )
        )
        for v_number, nationality, region in stored:
            line, *given = people[v_number]
            if given != [nationality, region]:
                problem(line, "field 'v_number': this person is registered with another origin")
    checked.problems.sort(key=lambda p: p.line)
    return checked


# --- writing ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Importer:
    """Who imports: the audit trail's actor ('cli' or 'cli:USERNAME') and, for a named user,
    their id (recorded as who granted the decision period)."""

    actor: str
    user_id: uuid.UUID | None = None

    def acting_for(self, team_id: uuid.UUID) -> Actor:
        # The CLI acts as a supervisor of each row's team; `cli` alone is no stored user, so
        # there is no user id to record (registering writes it only into nullable columns).
        return Actor(
            user_id=self.user_id,
            username=self.actor,
            role="supervisor",
            team_id=team_id,
        )


@dataclass(slots=True)
class ImportResult:
    rows: int
    imported: int = 0
    skipped: int = 0  # already stored by an earlier run
    batches: int = 0


def _batches(path: Path, size: int) -> Iterator[list[tuple[int, ImportRow]]]:
    """The rows again (check_file found them valid), `size` at a time."""
    batch: list[tuple[int, ImportRow]] = []
    for line, data in read_rows(path):
        assert isinstance(data, dict)
        batch.append((line, ImportRow.model_validate(data)))
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def import_file(
    path: Path,
    sessions: Callable[[], Session],
    importer: Importer,
    today: date,
    *,
    batch_size: int = BATCH_SIZE,
    default_team: str | None = None,
    on_start: Callable[[int], None] = lambda rows: None,
    on_batch: Callable[[int], None] = lambda rows: None,
) -> ImportResult:
    """Validate the whole file, then write it `batch_size` rows at a time, each batch in one
    transaction with its audit events. ImportFileError, with nothing written, when any row is
    invalid; rows whose import_key is stored already are skipped."""
    with sessions() as session:
        checked = check_file(path, session, today, default_team)
    if checked.problems:
        raise ImportFileError(checked.problems)
    result = ImportResult(rows=checked.rows)
    on_start(checked.rows)
    fields = {"action": "import", "object": "applications", "actor": importer.actor}
    log.info("import.start", **fields, rows=checked.rows, batch_size=batch_size)
    for batch in _batches(path, batch_size):
        before = result.imported
        with sessions() as session, session.begin():
            keys = [row.import_key for _, row in batch]
            stored = set(
                session.scalars(
                    select(Application.import_key).where(Application.import_key.in_(keys))
                )
            )
            for line, row in batch:
                if row.import_key in stored:
                    result.skipped += 1
                    continue
                actor = importer.acting_for(checked.teams[row.team or default_team or ""])
                try:
                    register_application(session, actor, row.to_create(), today)
                except CaseworkError as exc:
                    done = f"{before} rows were imported before its batch; a re-run skips them"
                    why = f"{exc.message} [{exc.code}]; {done}"
                    raise ImportFileError([Problem(path, line, why)]) from None
                result.imported += 1
        result.batches += 1
        log.info(
            "import.batch",
            **fields,
            result="committed",
            batch=result.batches,
            imported=result.imported,
            skipped=result.skipped,
        )
        on_batch(len(batch))
    log.info("import.done", **fields, result="ok", imported=result.imported, skipped=result.skipped)
    return result
