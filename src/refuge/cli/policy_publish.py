"""`refuge policy publish COUNTRY`: the public description of the pack's decision-support
algorithm for the Dutch Algorithm Register, as HTML and JSON, in Dutch and English."""

from __future__ import annotations

import json
from contextlib import suppress
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from refuge.assess.scenario import ScenarioError, check_scenario, read_scenarios
from refuge.cli.options import fail
from refuge.policy import PackError, PolicyPack, pack_dir
from refuge.policy.country import NoPackForCountry, load_country_pack
from refuge.policy.register import registration, render_html
from refuge.policy.translations import Translations, load_translations, missing


class Language(StrEnum):
    nl = "nl"
    en = "en"


def publish_command(
    country: Annotated[
        str, typer.Argument(metavar="COUNTRY", help="ISO 3166-1 alpha-2 code, e.g. SY.")
    ],
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            metavar="DIR",
            help="Directory to write the files in (made if missing). Default: the current one.",
        ),
    ] = Path(),
    langs: Annotated[
        list[Language] | None,
        typer.Option("--lang", help="nl or en; repeat for both. Default: Dutch and English."),
    ] = None,
) -> None:
    """The public description of the pack's algorithm for the Algorithm Register (HTML and JSON):
    purpose, legal basis, human oversight, data, risks, every rule with its sources, every
    assumption, and the AI Act's points for a high-risk system. Same pack, same bytes."""
    pack = _pack(country)
    chosen = sorted(set(langs or Language), key=list(Language).index)
    catalogues = [_catalogue(pack, lang) for lang in chosen]
    passed = _scenarios_pass(pack)
    if output.exists() and not output.is_dir():
        fail(f"--output: {output} is a file, not a directory")
    try:
        output.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        fail(f"--output: cannot make the directory {output}: {exc.strerror or exc}")
    for catalogue in catalogues:
        reg = registration(pack, catalogue, passed)
        stem = f"algorithm-register-{pack.country}.{reg.lang}"
        data = json.dumps(reg.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"
        for path, text in (
            (output / f"{stem}.html", render_html(reg)),
            (output / f"{stem}.json", data),
        ):
            _write(path, text)
            typer.echo(f"{path}: written")


def _pack(country: str) -> PolicyPack:
    try:
        return load_country_pack(country.upper())
    except NoPackForCountry as exc:
        fail(str(exc))
    except PackError as exc:
        fail(f"the policy pack has problems:\n{exc}")


def _catalogue(pack: PolicyPack, lang: Language) -> Translations:
    """The texts in `lang`; every text of the pack must have one, as `policy test` checks."""
    try:
        catalogue = load_translations(pack, lang.value)
    except PackError as exc:
        fail(f"the {lang.value} catalogue has problems:\n{exc}")
    lacking = missing(pack, catalogue) if lang is not Language.en else []  # the pack's own
    if lacking:
        fail(
            f"{len(lacking)} texts of the pack have no {lang.value} translation, e.g. "
            f"{lacking[0]!r}; run `refuge policy test {pack.country}`; nothing written"
        )
    return catalogue


def _scenarios_pass(pack: PolicyPack) -> int:
    """The number of the pack's scenarios; publishing stops if any fails."""
    passed = failed = 0
    for path in sorted((pack_dir() / "tests" / pack.country).glob("*.yaml")):
        try:
            for scenario in read_scenarios(path).scenarios:
                if check_scenario(pack, scenario):
                    failed += 1
                else:
                    passed += 1
        except ScenarioError as exc:
            fail(f"{path}: {exc}")
    if failed:
        typer.echo(
            f"refuge: {failed} of the pack's scenarios fail; run `refuge policy test "
            f"{pack.country}` and fix the pack before publishing; nothing written",
            err=True,
        )
        raise typer.Exit(1)
    return passed


def _write(path: Path, text: str) -> None:
    """Replace the file in one step, so a reader never sees half a publication."""
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8", newline="\n")
        tmp.replace(path)
    except OSError as exc:
        with suppress(OSError):
            tmp.unlink(missing_ok=True)
        fail(f"--output: cannot write {path}: {exc.strerror or exc}")
