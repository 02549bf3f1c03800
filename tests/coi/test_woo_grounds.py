"""The Woo grounds: the shipped list (art. 5.1(1), 5.1(2), 5.1(5), 5.2), an unknown ground
refused naming the valid codes, and a deployment's own list through REFUGE_WOO_GROUNDS."""

from __future__ import annotations

from pathlib import Path

import pytest

from refuge.coi.redaction_errors import UnknownGround, WooGroundsFileInvalid
from refuge.coi.woo_grounds import ground, grounds


def test_the_shipped_grounds_are_those_of_articles_5_1_and_5_2() -> None:
    codes = list(grounds())
    assert codes[:5] == ["5.1.1a", "5.1.1b", "5.1.1c", "5.1.1d", "5.1.1e"]
    assert [c for c in codes if c.startswith("5.1.2")] == [f"5.1.2{x}" for x in "abcdefghi"]
    assert codes[-2:] == ["5.1.5", "5.2"]
    assert ground("5.1.1e").label("en") == "national identification numbers (BSN)"
    assert ground("5.1.2e").label("nl") == "eerbiediging van de persoonlijke levenssfeer"


def test_an_unknown_ground_is_refused_naming_the_valid_codes() -> None:
    with pytest.raises(UnknownGround, match=r"'5\.1\.3' is not a Woo ground; use one of: 5\.1\.1a"):
        ground("5.1.3")


def test_a_deployment_replaces_the_list(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    own = tmp_path / "grounds.yaml"
    own.write_text(
        'grounds:\n  - {code: "5.1.2e", article: "art. 5.1 lid 2 sub e", nl: "privacy", '
        'en: "privacy"}\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("REFUGE_WOO_GROUNDS", str(own))
    assert list(grounds()) == ["5.1.2e"]
    with pytest.raises(UnknownGround, match=r"use one of: 5\.1\.2e$"):
        ground("5.2")


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("grounds: []\n", "at least one ground"),
        ("grounds:\n  - {code: 5.1.2e}\n", "ground 1 needs"),
        ('grounds:\n  - {code: "6.1", article: a, nl: b, en: c}\n', "is not like 5.1.2e"),
        ("grounds: [\n", "not readable YAML"),
    ],
)
def test_a_bad_file_of_grounds_is_refused_naming_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: str, words: str
) -> None:
    own = tmp_path / "grounds.yaml"
    own.write_text(content, encoding="utf-8")
    monkeypatch.setenv("REFUGE_WOO_GROUNDS", str(own))
    with pytest.raises(WooGroundsFileInvalid, match=words) as refused:
        grounds()
    assert str(own) in refused.value.message
