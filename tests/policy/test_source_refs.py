"""The loader checks every source's `ref` and points at it by file:line:column: a ref in no
accepted form, a ref that names another kind of document than the source's kind, a ref on
an assumption, `ref` together with `ref_unknown`, and (once required) a law, letter or
judgment without either. A good ref gives the source its public address."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_loader_errors import assert_at, problems_of, where

from refuge.policy import PackError, identifiers, load_pack
from refuge.policy.facts import FACTS

PACK = """\
country: XX
title: Test
valid_from: 2020-01-01
sources:
{sources}
  - id: a1
    title: Assumed
    kind: assumption
    note: we assume
parameters:
  moratorium:
    description: moratorium
    type: bool
    values:
      - {{valid_from: 2020-01-01, value: false, cite: [s1, a1]}}
rules:
  - id: in_moratorium
    description: x
    expression: moratorium
    cite: s1
"""


def source(kind: str = "law", **fields: str) -> str:
    """One source `s1` of `kind`, in block style, with `fields` as JSON-quoted values."""
    lines = ["  - id: s1", "    title: Source one", f"    kind: {kind}"]
    lines += [f"    {name}: {json.dumps(value)}" for name, value in fields.items()]
    return "\n".join(lines)


def pack(tmp_path: Path, *sources: str) -> tuple[Path, str]:
    text = PACK.format(sources="\n".join(sources))
    path = tmp_path / "XX.yaml"
    path.write_text(text, encoding="utf-8")
    return path, text


@pytest.fixture
def refs_required(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(identifiers, "REQUIRE_REFS", True)


# -- good refs --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "ref", "link"),
    [
        (
            "law",
            "jci1.3:c:BWBR0011823&artikel=29&lid=1&o=a",
            "https://wetten.overheid.nl/jci1.3:c:BWBR0011823&artikel=29&lid=1&o=a",
        ),
        ("law", "BWBR0011823", "https://wetten.overheid.nl/BWBR0011823"),
        (
            "law",
            "CELEX:32011L0095",
            "https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:32011L0095",
        ),
        ("law", "stb-2013-478", "https://zoek.officielebekendmakingen.nl/stb-2013-478.html"),
        (
            "kamerstuk",
            "kst-19637-1431",
            "https://zoek.officielebekendmakingen.nl/kst-19637-1431.html",
        ),
        (
            "kamerstuk",
            "tk:2025D42239",
            "https://www.tweedekamer.nl/kamerstukken/detail?id=2025D42239&did=2025D42239",
        ),
        (
            "court",
            "ECLI:NL:RBDHA:2025:8654",
            "https://uitspraken.rechtspraak.nl/details?id=ECLI:NL:RBDHA:2025:8654",
        ),
        (
            "seed",
            "ah-tk-20242025-2489",
            "https://zoek.officielebekendmakingen.nl/ah-tk-20242025-2489.html",
        ),
    ],
)
def test_a_source_with_a_good_ref_links_to_its_publisher(
    tmp_path: Path, kind: str, ref: str, link: str
) -> None:
    path, _ = pack(tmp_path, source(kind, ref=ref))
    loaded = load_pack(path, FACTS).sources["s1"]
    assert (loaded.ref, loaded.url, loaded.link) == (ref, None, link)


def test_an_explicit_url_wins_over_the_address_of_the_ref(tmp_path: Path) -> None:
    url = "https://wetten.overheid.nl/BWBR0011823/2025-01-01#Hoofdstuk3"
    path, _ = pack(tmp_path, source(ref="BWBR0011823", url=url))
    loaded = load_pack(path, FACTS).sources["s1"]
    assert (loaded.ref, loaded.link) == ("BWBR0011823", url)


def test_a_source_without_ref_or_url_has_no_link(tmp_path: Path) -> None:
    path, _ = pack(tmp_path, source("ambtsbericht"))
    sources = load_pack(path, FACTS).sources
    assert sources["s1"].link is None and sources["a1"].link is None


# -- bad refs ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ref", "says"),
    [
        ("BWBR001182", "e.g. BWBR0011823"),
        ("jci1.3:c:BWBR0011823&artikel=", "artikel= has no value"),
        ("ECLI:NL:RVS:17:1259", "e.g. ECLI:NL:RVS:2017:1259"),
        ("kst-19637", "e.g. kst-19637-3435"),
        ("art. 29 Vw 2000", "write one of"),
    ],
)
def test_a_malformed_ref_is_reported_at_its_value(tmp_path: Path, ref: str, says: str) -> None:
    path, text = pack(tmp_path, source("law", ref=ref))
    [problem] = problems_of(path)
    assert_at(problem, path, where(text, json.dumps(ref)), "bad-source-ref")
    assert problem.message.startswith("source 's1': ") and says in problem.message


def test_a_plain_unquoted_ref_is_pointed_at_too(tmp_path: Path) -> None:
    sources = "  - id: s1\n    title: One\n    kind: court\n    ref: ECLI:NL:RVS:17:1259"
    path, text = pack(tmp_path, sources)
    [problem] = problems_of(path)
    assert_at(problem, path, where(text, "ECLI:NL:RVS:17"), "bad-source-ref")


def test_every_bad_ref_in_a_pack_is_reported_at_once(tmp_path: Path) -> None:
    second = source("court", ref="ECLI:NL:RVS:2017").replace("id: s1", "id: s2")
    path, text = pack(tmp_path, source("law", ref="BWBR001182"), second)
    problems = problems_of(path)
    assert [(p.line, p.code) for p in problems] == [
        (where(text, '"BWBR001182"')[0], "bad-source-ref"),
        (where(text, '"ECLI:NL:RVS:2017"')[0], "bad-source-ref"),
    ]


@pytest.mark.parametrize(
    ("kind", "ref", "says"),
    [
        ("court", "kst-19637-3435", "'kst-19637-3435' is a Kamerstuk"),
        ("court", "CELEX:62019CJ0238", "identified by one of: ECLI"),
        ("law", "ECLI:EU:C:2009:94", "is a judgment"),
        ("law", "CELEX:62019CJ0238", "is a judgment"),
        ("kamerstuk", "stb-2013-478", "is a Staatsblad"),
        ("kamerstuk", "jci1.3:c:BWBR0011823&artikel=43", "is a Juriconnect reference"),
    ],
)
def test_a_ref_naming_another_kind_of_document_is_reported_at_the_ref(
    tmp_path: Path, kind: str, ref: str, says: str
) -> None:
    path, text = pack(tmp_path, source(kind, ref=ref))
    [problem] = problems_of(path)
    assert_at(problem, path, where(text, json.dumps(ref)), "source-ref-kind-mismatch")
    assert says in problem.message and "Fix the ref or the kind" in problem.message


@pytest.mark.parametrize("field", ["ref", "ref_unknown"])
def test_an_assumption_cites_no_document_so_has_no_ref(tmp_path: Path, field: str) -> None:
    value = "kst-19637-3435" if field == "ref" else "not seen"
    path, text = pack(tmp_path, source("law", ref="BWBR0011823"))
    text = text.replace("    note: we assume", f"    note: we assume\n    {field}: {value}")
    path.write_text(text, encoding="utf-8")
    [problem] = problems_of(path)
    assert_at(problem, path, where(text, value), "assumption-with-ref")
    assert "'a1' is an assumption" in problem.message


def test_ref_and_ref_unknown_together_are_reported_at_ref_unknown(tmp_path: Path) -> None:
    path, text = pack(tmp_path, source("kamerstuk", ref="kst-19637-3435", ref_unknown="why"))
    [problem] = problems_of(path)
    assert_at(problem, path, where(text, '"why"'), "ref-and-ref-unknown")


def test_an_empty_ref_unknown_says_nothing_and_is_refused(tmp_path: Path) -> None:
    path, text = pack(tmp_path, source("kamerstuk", ref_unknown=""))
    [problem] = problems_of(path)
    assert_at(problem, path, where(text, '""'), "bad-value")


# -- laws, letters and judgments need a ref (switched by identifiers.REQUIRE_REFS) --------


@pytest.mark.parametrize("kind", ["law", "kamerstuk", "court"])
def test_a_law_letter_or_judgment_without_ref_is_reported_at_its_kind(
    tmp_path: Path, refs_required: None, kind: str
) -> None:
    path, text = pack(tmp_path, source(kind))
    [problem] = problems_of(path)
    assert_at(problem, path, where(text, kind, after="id: s1"), "source-without-ref")
    assert "ref_unknown" in problem.message


def test_ref_unknown_says_why_a_letter_has_no_ref(tmp_path: Path, refs_required: None) -> None:
    path, _ = pack(tmp_path, source("kamerstuk", ref_unknown="the letter's number was not seen"))
    loaded = load_pack(path, FACTS).sources["s1"]
    assert (loaded.ref, loaded.ref_unknown) == (None, "the letter's number was not seen")


@pytest.mark.parametrize("kind", ["seed", "ambtsbericht", "euaa"])
def test_other_kinds_of_source_need_no_ref(tmp_path: Path, refs_required: None, kind: str) -> None:
    path, _ = pack(tmp_path, source(kind))
    assert load_pack(path, FACTS).sources["s1"].ref is None


def test_refs_are_required_and_a_law_without_one_is_refused(tmp_path: Path) -> None:
    assert identifiers.REQUIRE_REFS is True, "update this test and the docs when flipping it"
    path, _ = pack(tmp_path, source("law"))
    assert [p.code for p in problems_of(path)] == ["source-without-ref"]


# -- any text at all --------------------------------------------------------------------


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), max_size=40))
def test_any_ref_either_loads_as_written_or_is_reported_at_the_ref(
    tmp_path: Path, ref: str
) -> None:
    path, text = pack(tmp_path, source("law", ref=ref))
    try:
        loaded = load_pack(path, FACTS).sources["s1"]
    except PackError:
        problems = problems_of(path)
        at = where(text, json.dumps(ref), after="id: s1")
        assert [(p.line, p.column) for p in problems] == [at]
        assert problems[0].code in {"bad-source-ref", "source-ref-kind-mismatch"}
    else:
        assert loaded.ref == ref and loaded.link == identifiers.parse(ref).url
