"""Where a what-if scenario comes from when it is not a path on this machine: one of the
examples bundled with Refuge (`refuge/examples/scenarios/`), or the text of a file a user
uploaded. Either way it is read by `refuge.policy.what_if.read_what_if` against its country's
pack, with its `workload:` section, and every problem names the file (by the name the user
knows it by) and the line.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

import refuge.examples
from refuge.analytics.workload import Workload, WorkloadError, read_workload
from refuge.policy.country import NoPackForCountry, load_country_pack
from refuge.policy.errors import PackError
from refuge.policy.pack import PolicyPack
from refuge.policy.what_if import WhatIf, read_what_if

BUNDLED = Path(refuge.examples.__file__).parent / "scenarios"
MAX_BYTES = 64 * 1024  # a scenario is a few dozen lines
DEFAULT_COUNTRY = "SY"


@dataclass(frozen=True)
class Scenario:
    pack: PolicyPack
    what_if: WhatIf
    workload: Workload
    bundled: str | None  # the example's name (its file's stem), None for an upload


class ScenarioFileError(Exception):
    """A scenario that cannot be used: `problems` are lines `file:line:column: what`."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


def bundled_scenarios() -> dict[str, Path]:
    """The bundled examples by name (the file's stem), in name order."""
    return {path.stem: path for path in sorted(BUNDLED.glob("*.yaml"))}


def bundled_names() -> dict[str, str]:
    """The bundled examples' own names (their `name:`), by file stem."""
    names = {}
    for stem, path in bundled_scenarios().items():
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        names[stem] = str(data.get("name", stem)) if isinstance(data, dict) else stem
    return names


def read_bundled(name: str) -> Scenario:
    path = bundled_scenarios().get(name)
    if path is None:
        raise ScenarioFileError([f"{name}: no bundled scenario of that name"])
    return _read(path.read_text(encoding="utf-8"), path.name, bundled=name)


def read_uploaded(data: bytes, filename: str) -> Scenario:
    """The scenario in an uploaded file's `data`; `filename` (as the user's browser gives it)
    names it in the problems."""
    shown = _shown_name(filename)
    if len(data) > MAX_BYTES:
        raise ScenarioFileError([f"{shown}: larger than {MAX_BYTES // 1024} KB"])
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise ScenarioFileError([f"{shown}:1:1: not UTF-8 text"]) from None
    if not text.strip():
        raise ScenarioFileError([f"{shown}:1:1: the file is empty"])
    return _read(text, shown, bundled=None)


def _shown_name(filename: str) -> str:
    """The file's own name, without any folder and control characters, at most 80 long."""
    name = re.split(r"[\\/]", filename or "")[-1]
    name = re.sub(r"[\x00-\x1f\x7f]", "", name).strip()[:80]
    return name or "scenario.yaml"


def _read(text: str, shown: str, bundled: str | None) -> Scenario:
    pack = _pack_of(text, shown)
    with tempfile.TemporaryDirectory(prefix="refuge-scenario-") as folder:
        path = Path(folder) / "scenario.yaml"
        path.write_text(text, encoding="utf-8")
        try:
            what_if = read_what_if(path, pack)
            workload = read_workload(path)
        except PackError as exc:
            raise ScenarioFileError(
                [f"{shown}:{p.line}:{p.column}: {p.message}" for p in exc.problems]
            ) from None
        except WorkloadError as exc:
            raise ScenarioFileError([str(exc).replace(str(path), shown, 1)]) from None
    return Scenario(pack, what_if, workload, bundled)


def _pack_of(text: str, shown: str) -> PolicyPack:
    """The pack of the country the file names (the reader checks the rest: a file that is no
    YAML is reported there, with its line)."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        data = None
    country = data.get("country") if isinstance(data, dict) else None
    if not isinstance(country, str):
        country = DEFAULT_COUNTRY
    try:
        return load_country_pack(country.upper())
    except NoPackForCountry:
        line = next(
            (i for i, row in enumerate(text.splitlines(), 1) if row.startswith("country")), 1
        )
        raise ScenarioFileError(
            [f"{shown}:{line}:1: there is no policy pack for country {country[:10]!r}"]
        ) from None
