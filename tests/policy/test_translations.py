"""The Dutch catalogue of the Syria pack's explanation texts (policies/translations/SY.nl.yaml).

It translates every text an explanation can show and nothing else, each translation shows the
same {placeholders} as its English text, a broken catalogue is reported as file:line, and an
assessment asked for in Dutch explains in the catalogue's words.
"""

from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from refuge.assess import assess
from refuge.assess.scenario import Scenario, overrides, read_scenarios
from refuge.case.schema import Case
from refuge.policy import PackError, PolicyPack, load_pack, pack_dir
from refuge.policy.country import REQUIRED_OUTPUTS, load_country_pack
from refuge.policy.facts import FACTS
from refuge.policy.translations import (
    PLACEHOLDER,
    Translations,
    load_translations,
    missing,
    pack_texts,
    translations_path,
    unused,
)
from refuge.policy.yaml_source import load_yaml

REGENERATE = (
    'python -c "from refuge.policy.country import load_country_pack; '
    "from refuge.policy.translations import pack_texts; "
    "[print(repr(t)) for t in pack_texts(load_country_pack('SY'))]\""
)


@pytest.fixture(scope="module")
def pack() -> PolicyPack:
    return load_country_pack("SY")


@pytest.fixture(scope="module")
def dutch(pack: PolicyPack) -> Translations:
    return load_translations(pack, "nl")


AS_OF = date(2025, 10, 1)
# policies/tests/SY/principles.yaml, PR-1: a credible LGBTIQ applicant who fears their family
LGBTIQ_CASE = Case.model_validate(
    {
        "case_id": "PR-1",
        "nationality": "SY",
        "region": "SY-HL",
        "application_date": "2025-07-01",
        "grounds": ["sexual_orientation", "fear_non_state_actor"],
        "credibility": "credible",
        "risk_profiles": ["lgbtiq"],
        "individual_risk_indicators": 1,
        "legal_residence": False,
    }
)


def _listed(texts: list[str]) -> str:
    return "\n".join(f"  {t!r}" for t in texts)


# -- the SY catalogue ---------------------------------------------------------------------------


def test_the_catalogue_loads_from_next_to_the_pack(pack: PolicyPack, dutch: Translations) -> None:
    assert dutch.lang == "nl"
    assert dutch.path == str(translations_path(pack, "nl"))
    assert dutch.path.endswith("policies/translations/SY.nl.yaml")


def test_every_text_of_the_pack_has_a_dutch_translation(
    pack: PolicyPack, dutch: Translations
) -> None:
    lacking = missing(pack, dutch)
    assert lacking == [], (
        f"{len(lacking)} text(s) of the SY pack have no entry in {dutch.path} "
        f"(list them with: {REGENERATE}):\n" + _listed(lacking)
    )


def test_the_catalogue_has_no_stale_entries(pack: PolicyPack, dutch: Translations) -> None:
    stale = unused(pack, dutch)
    assert stale == [], (
        f"{len(stale)} entr(y/ies) of {dutch.path} match no text of the SY pack any more "
        "(the English changed or was removed):\n" + _listed(stale)
    )


def test_each_text_has_one_entry_in_pack_order(pack: PolicyPack, dutch: Translations) -> None:
    entries = load_yaml(Path(str(dutch.path)).read_text(encoding="utf-8")).data
    listed = [entry["en"] for entry in entries]
    twice = [t for t, n in Counter(listed).items() if n > 1]
    assert twice == [], "listed more than once:\n" + _listed(twice)
    assert listed == list(pack_texts(pack)), "the entries are not in pack order"


def test_every_entry_keeps_the_placeholders_and_is_translated(
    pack: PolicyPack, dutch: Translations
) -> None:
    """Every text is translated, but a source's own name may read the same in both languages
    ("Antwoord op vraag 1", "Saadi v. Italy, no. 37201/06")."""
    names = {s.title for s in pack.sources.values()} | {
        s.locator for s in pack.sources.values() if s.locator
    }
    assert dutch.texts
    for english, nl in dutch.texts.items():
        assert sorted(PLACEHOLDER.findall(nl)) == sorted(PLACEHOLDER.findall(english)), english
        assert nl != english or english in names, f"not translated: {english!r}"
        assert nl == nl.strip() and "  " not in nl, f"stray spaces in the Dutch of {english!r}"


# -- a broken catalogue is reported where it is broken -------------------------------------------


def _pack_with_catalogue(
    tmp_path: Path, entries: list[dict[str, str]]
) -> tuple[PolicyPack, Path, list[int]]:
    """A copy of the SY pack in tmp_path with `entries` as its Dutch catalogue; also the line
    each entry starts on."""
    shutil.copy(pack_dir() / "SY.yaml", tmp_path / "SY.yaml")
    (tmp_path / "translations").mkdir()
    path = tmp_path / "translations" / "SY.nl.yaml"
    lines = ["# a catalogue for the test"]
    starts = []
    for entry in entries:
        starts.append(len(lines) + 1)
        for i, (key, value) in enumerate(entry.items()):
            lines.append(
                f"{'- ' if i == 0 else '  '}{key}: {json.dumps(value, ensure_ascii=False)}"
            )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return load_pack(tmp_path / "SY.yaml", FACTS, REQUIRED_OUTPUTS), path, starts


def _region_text(pack: PolicyPack, dutch: Translations) -> tuple[str, str]:
    english = next(t for t in pack_texts(pack) if "{region}" in t)
    return english, dutch(english)


def test_a_copy_of_the_catalogue_loads_for_a_copy_of_the_pack(
    tmp_path: Path, pack: PolicyPack, dutch: Translations
) -> None:
    english, nl = _region_text(pack, dutch)
    copy, path, _ = _pack_with_catalogue(tmp_path, [{"en": english, "nl": nl}])
    loaded = load_translations(copy, "nl")
    assert loaded.path == str(path)
    assert loaded.texts == {english: nl}
    assert missing(copy, loaded) == [t for t in pack_texts(copy) if t != english]


def test_a_changed_placeholder_is_reported_at_its_entry(
    tmp_path: Path, pack: PolicyPack, dutch: Translations
) -> None:
    english, nl = _region_text(pack, dutch)
    first = next(iter(pack_texts(pack)))
    broken = nl.replace("{region}", "{regio}")
    copy, path, starts = _pack_with_catalogue(
        tmp_path, [{"en": first, "nl": dutch(first)}, {"en": english, "nl": broken}]
    )
    with pytest.raises(PackError) as caught:
        load_translations(copy, "nl")
    [problem] = caught.value.problems
    line = starts[1]
    assert (problem.file, problem.line, problem.code) == (str(path), line, "placeholder-mismatch")
    assert str(caught.value).startswith(f"{path}:{line}:")
    assert "entry 2" in problem.message


def test_an_entry_without_its_dutch_text_is_reported_at_its_entry(
    tmp_path: Path, pack: PolicyPack, dutch: Translations
) -> None:
    english, nl = _region_text(pack, dutch)
    first = next(iter(pack_texts(pack)))
    copy, path, starts = _pack_with_catalogue(
        tmp_path, [{"en": english, "nl": nl}, {"en": first}, {"en": first, "nl": ""}]
    )
    with pytest.raises(PackError) as caught:
        load_translations(copy, "nl")
    problems = caught.value.problems
    assert [(p.file, p.line, p.code) for p in problems] == [
        (str(path), starts[1], "bad-value"),
        (str(path), starts[2], "bad-value"),
    ]
    assert str(caught.value).startswith(f"{path}:{starts[1]}:")


def test_a_broken_catalogue_stops_a_dutch_assessment_but_not_an_english_one(
    tmp_path: Path, pack: PolicyPack, dutch: Translations
) -> None:
    english, nl = _region_text(pack, dutch)
    copy, _, _ = _pack_with_catalogue(tmp_path, [{"en": english, "nl": nl.replace("{region}", "")}])
    with pytest.raises(PackError):
        assess(LGBTIQ_CASE, AS_OF, pack=copy, lang="nl")
    assert assess(LGBTIQ_CASE, AS_OF, pack=copy).language == "en"


# -- an assessment in Dutch ------------------------------------------------------------------------


def _filled(text: str) -> re.Pattern[str]:
    """`text` with each {name} standing for any value."""
    return re.compile(".+?".join(re.escape(part) for part in PLACEHOLDER.split(text)))


def test_a_credible_lgbtiq_case_is_explained_in_dutch(
    pack: PolicyPack, dutch: Translations
) -> None:
    result = assess(LGBTIQ_CASE, AS_OF, lang="nl")
    assert result.language == "nl"
    assert result.recommendation == "grant_refugee"
    assert result.headline.title.startswith("conceptadvies: ")
    [grant] = [r.explain for r in pack.rules["recommendation"].rows if r.value == "grant_refugee"]
    basis = result.parameter("basis_refugee_permit").shown  # the legal basis on that day
    assert basis.startswith("art. 29, eerste lid, onder a, Vw")
    expected = dutch(grant).format(basis_refugee_permit=basis)
    assert result.headline.text == result.recommendation_explanation == expected
    assert "vluchteling" in result.headline.text
    assert result.notice.startswith("Dit is een advies")

    def nl(rule: str, field: str) -> str:
        english = getattr(pack.rules[rule], field)
        assert english in dutch.texts, f"{rule}.{field}"
        return dutch(english)

    steps = {step.rule: step for step in result.steps}
    assert steps["account_credible"].explanation == nl("account_credible", "if_true")
    assert steps["risk_profile_fear"].explanation == nl("risk_profile_fear", "if_true")
    assert steps["enough_indicators"].explanation == nl("enough_indicators", "if_true").format(
        individual_risk_indicators=1, indicators_needed=1
    )
    assert steps["indicators_needed"].explanation == nl("indicators_needed", "explain").format(
        value=1
    )
    assert steps["account_credible"].caseworker_judgment == nl("account_credible", "judgment")
    notes = {result.source(c).note for step in result.steps for c in step.assumptions}
    assert notes and notes <= set(dutch.texts.values())
    # the legal basis of each step is cited in Dutch too ("Verordening", not "Regulation")
    bases = [p for p in result.parameters if p.name.startswith("basis_")]
    assert bases and all(p.shown == dutch(str(p.value)) != p.value for p in bases)

    english = assess(LGBTIQ_CASE, AS_OF, lang="en")
    assert [s.rule for s in english.steps] == [s.rule for s in result.steps]
    for en_step, nl_step in zip(english.steps, result.steps, strict=True):
        assert nl_step.explanation != en_step.explanation, nl_step.rule


def _scenarios() -> list[tuple[str, Scenario]]:
    out: list[tuple[str, Scenario]] = []
    for path in sorted((pack_dir() / "tests" / "SY").glob("*.yaml")):
        out += [(f"{path.stem}: {s.name}", s) for s in read_scenarios(path).scenarios]
    return out


def test_every_scenario_reads_in_the_catalogues_dutch(
    pack: PolicyPack, dutch: Translations
) -> None:
    """Every text a person reads, in every scenario of the pack, is a Dutch text of the
    catalogue with its placeholders filled."""
    templates = [_filled(nl) for nl in dutch.texts.values()]

    def is_dutch(text: str) -> bool:
        return any(t.fullmatch(text) for t in templates)

    scenarios = _scenarios()
    assert len(scenarios) >= 40
    for name, scenario in scenarios:
        result = assess(
            scenario.case,
            scenario.as_of,
            overrides=overrides(pack, scenario),
            all_steps=True,
            lang="nl",
        )
        texts = [
            result.headline.text,
            result.return_.forced_return_explanation,
            *(s.explanation for s in result.steps),
            *(s.caseworker_judgment for s in result.steps if s.caseworker_judgment),
            *(result.source(c).note or "" for s in result.steps for c in s.assumptions),
        ]
        if result.permit_review is not None:
            texts.append(result.permit_review.reason)
        english = [t for t in texts if not is_dutch(t)]
        assert english == [], f"{name}: not from the Dutch catalogue:\n" + _listed(english)
