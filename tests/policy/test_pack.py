"""Which policy is in force on a date, and how a pack is identified."""

from __future__ import annotations

import hashlib
import shutil
from datetime import date
from pathlib import Path

import pytest

from refuge.policy import PolicyNotInForce, PolicyPack, load_pack
from refuge.policy.country import load_country_pack
from refuge.policy.facts import FACTS
from refuge.rules import ir
from refuge.rules.types import Type

FIXTURE = Path(__file__).parent / "fixtures" / "XX.yaml"


@pytest.fixture(scope="module")
def pack() -> PolicyPack:
    return load_pack(FIXTURE, FACTS)


def moratorium_on(pack: PolicyPack, day: date) -> object:
    return pack.as_of(day).params["moratorium"].value


def test_the_first_version_starts_on_the_packs_valid_from(pack: PolicyPack) -> None:
    assert pack.as_of(date(2020, 1, 1)).valid_from == date(2020, 1, 1)


def test_the_day_before_the_pack_starts_has_no_policy(pack: PolicyPack) -> None:
    with pytest.raises(PolicyNotInForce) as caught:
        pack.as_of(date(2019, 12, 31))
    assert "starts on 2020-01-01" in str(caught.value)
    assert "Use a date on or after 2020-01-01" in str(caught.value)
    assert caught.value.code == "date-before-pack"


def test_valid_from_is_the_first_day_in_force(pack: PolicyPack) -> None:
    assert moratorium_on(pack, date(2020, 12, 31)) is False
    assert moratorium_on(pack, date(2021, 1, 1)) is True


def test_valid_to_is_the_last_day_in_force(pack: PolicyPack) -> None:
    assert moratorium_on(pack, date(2021, 6, 30)) is True
    assert moratorium_on(pack, date(2021, 7, 1)) is False


def test_a_value_without_valid_to_ends_the_day_before_the_next_begins(pack: PolicyPack) -> None:
    first, _, last = pack.parameters["moratorium"].values
    assert first.valid_to == date(2020, 12, 31)
    assert last.valid_to is None  # the last value stays in force
    assert pack.parameters["profiles"].values[0].valid_to == date(2021, 12, 31)


def test_versions_split_at_every_change_of_any_parameter(pack: PolicyPack) -> None:
    spans = [(v.valid_from, v.valid_to) for v in pack.versions]
    assert spans == [
        (date(2020, 1, 1), date(2020, 12, 31)),
        (date(2021, 1, 1), date(2021, 6, 30)),
        (date(2021, 7, 1), date(2021, 12, 31)),
        (date(2022, 1, 1), None),
    ]
    assert [v.label for v in pack.versions][-1] == "XX/2022-01-01"


@pytest.mark.parametrize("version", range(4))
def test_every_day_of_a_version_resolves_to_it(pack: PolicyPack, version: int) -> None:
    v = pack.versions[version]
    assert pack.as_of(v.valid_from) is v
    if v.valid_to is not None:
        assert pack.as_of(v.valid_to) is v
    else:
        assert pack.as_of(date(2099, 12, 31)) is v


def test_a_moratorium_in_force_decides_every_case(pack: PolicyPack) -> None:
    during = pack.as_of(date(2021, 3, 1))
    assert during.folded["recommendation"] == ir.Const("no_decision_moratorium", Type.STR)


def test_lgbtiq_is_a_risk_profile_from_2022_on(pack: PolicyPack) -> None:
    case = {
        "risk_profiles": frozenset({"lgbtiq"}),
        "credibility": "credible",
        "application_date": date(2022, 3, 1),
        "decision_date": date(2022, 6, 1),
    }
    assert pack.as_of(date(2021, 12, 31)).evaluate(case)["recommendation"] == "reject"
    assert pack.as_of(date(2022, 1, 1)).evaluate(case)["recommendation"] == "grant_refugee"


def test_the_pack_hash_is_the_sha256_of_the_file(pack: PolicyPack) -> None:
    assert pack.sha256 == hashlib.sha256(FIXTURE.read_bytes()).hexdigest()


def test_one_byte_changes_the_pack_hash(tmp_path: Path, pack: PolicyPack) -> None:
    copy = tmp_path / "XX.yaml"
    shutil.copy(FIXTURE, copy)
    assert load_pack(copy, FACTS).sha256 == pack.sha256
    copy.write_bytes(FIXTURE.read_bytes().replace(b"title: Test", b"title: Tesu", 1))
    assert load_pack(copy, FACTS).sha256 != pack.sha256


def test_a_text_no_longer_in_force_is_never_cited_as_law_without_an_assumption() -> None:
    """The SY pack reads some principles in historical versions of the Aliens Circular; each
    place that cites one also cites an assumption saying what a policy officer confirms."""
    sy = load_country_pack("SY")
    historical = {i for i, s in sy.sources.items() if "historical" in (s.locator or "")}
    assumed = {i for i, s in sy.sources.items() if s.kind == "assumption"}
    citing: list[tuple[str, tuple[str, ...]]] = []
    for rule in sy.rules.values():
        citing.append((rule.id, rule.cite))
        citing += [(f"{rule.id} row {n}", row.cite) for n, row in enumerate(rule.rows)]
    for name, parameter in sy.parameters.items():
        citing += [(f"{name} from {v.valid_from}", v.cite) for v in parameter.values]
    uses = [(where, cites) for where, cites in citing if historical & set(cites)]
    assert uses, "the SY pack cites a historical circular; this test must see it"
    for where, cites in uses:
        assert assumed & set(cites), f"{where} cites {sorted(historical & set(cites))} as law"
