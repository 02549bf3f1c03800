"""A source's `ref` is an identifier written the way its publisher writes it: each form is
read back exactly as written and leads to the publisher's address, and a ref that is off by
a character is refused with a message that shows the form and an example."""

from __future__ import annotations

import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from refuge.policy.identifiers import (
    FORMS,
    JCI_PARTS,
    KIND_SCHEMES,
    BadRef,
    Ref,
    kind_mismatch,
    parse,
)

WETTEN = "https://wetten.overheid.nl/"
OB = "https://zoek.officielebekendmakingen.nl/"

# -- generated valid identifiers, each with the address it must lead to -----------------

numbers = st.integers(1, 10**7).map(str)  # publication numbers: no leading zero
years = st.integers(1814, 2999).map(str)
capitals = st.sampled_from(string.ascii_uppercase)
bwb_ids = st.builds(
    lambda kind, n: f"BWB{kind}{n:07d}", st.sampled_from("RV"), st.integers(0, 9_999_999)
)
labels = st.from_regex(r"[0-9A-Za-z][0-9A-Za-z.:_-]{0,6}", fullmatch=True)


@st.composite
def jci_refs(draw: st.DrawFn) -> str:
    keys = draw(st.lists(st.sampled_from([k for k in JCI_PARTS if k != "o"]), unique=True))
    parts = [f"&{k}={draw(labels)}" for k in keys]
    parts += [f"&o={draw(labels)}" for _ in range(draw(st.integers(0, 2)))]
    if draw(st.booleans()):
        parts.append(f"&g={draw(st.dates()).isoformat()}")
    if draw(st.booleans()):
        parts.append(f"&z={draw(st.dates()).isoformat()}")
    parts = draw(st.permutations(parts))
    return f"jci{draw(st.sampled_from(['1.3', '1.31']))}:c:{draw(bwb_ids)}{''.join(parts)}"


eclis = st.builds(
    lambda country, court, year, number: f"ECLI:{country}:{court}:{year:04d}:{number}",
    st.sampled_from(["NL", "EU", "CE", "DE", "BE"]) | st.from_regex(r"[A-Z]{2}", fullmatch=True),
    st.from_regex(r"[A-Z0-9]{1,7}", fullmatch=True),
    st.integers(0, 9999),
    st.from_regex(r"[A-Z0-9.]{1,25}", fullmatch=True),
)
celexes = st.builds(
    lambda sector, year, kind, n, suffix: f"CELEX:{sector}{year:04d}{kind}{n:04d}{suffix}",
    st.integers(1, 9),
    st.integers(0, 9999),
    st.from_regex(r"[A-Z]{1,2}", fullmatch=True),
    st.integers(0, 9999),
    st.sampled_from(["", "(01)", "(12)"]),
)
ksts = st.builds(
    lambda dossier, nr: f"kst-{dossier}-{nr}",
    numbers,
    numbers | st.from_regex(r"[A-Z]{1,3}", fullmatch=True),
)
ahs = st.builds(
    lambda house, year, nr: f"ah-{house}-{year}{year + 1}-{nr}",
    st.sampled_from(["tk", "ek"]),
    st.integers(1814, 2998),
    numbers,
)
gazettes = st.builds(
    lambda name, year, nr: f"{name}-{year}-{nr}", st.sampled_from(["stb", "stcrt"]), years, numbers
)
tk_ids = st.builds(
    lambda year, n: f"tk:{year:04d}D{n:05d}", st.integers(0, 9999), st.integers(0, 99999)
)

valid_refs = st.one_of(bwb_ids, jci_refs(), eclis, celexes, ksts, ahs, gazettes, tk_ids)


def expected_url(text: str) -> str:
    """The address each scheme's publisher gives a document, written out once more here."""
    if text.startswith(("BWB", "jci")):
        return WETTEN + text
    if text.startswith("ECLI:NL:"):
        return f"https://uitspraken.rechtspraak.nl/details?id={text}"
    if text.startswith("ECLI:EU:"):
        return f"https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=ecli:{text}"
    if text.startswith("ECLI:"):
        return f"https://e-justice.europa.eu/ecli/{text}"
    if text.startswith("CELEX:"):
        return f"https://eur-lex.europa.eu/legal-content/EN/TXT/?uri={text}"
    if text.startswith("tk:"):
        number = text[3:]
        return f"https://www.tweedekamer.nl/kamerstukken/detail?id={number}&did={number}"
    return f"{OB}{text}.html"


@given(valid_refs)
def test_every_well_formed_identifier_is_read_back_as_written_with_its_address(text: str) -> None:
    ref = parse(text)
    assert ref.text == text
    assert ref.url == expected_url(text)


@given(valid_refs, st.data())
def test_a_space_anywhere_makes_an_identifier_unreadable(text: str, data: st.DataObject) -> None:
    at = data.draw(st.integers(0, len(text)))
    with pytest.raises(BadRef):
        parse(text[:at] + " " + text[at:])


@given(st.one_of(bwb_ids, tk_ids, celexes.filter(lambda c: not c.endswith(")"))))
def test_a_fixed_width_number_one_digit_short_is_refused(text: str) -> None:
    with pytest.raises(BadRef):
        parse(text[:-1])


@given(st.one_of(ksts, ahs, gazettes), st.data())
def test_a_publication_number_with_a_leading_zero_is_refused(
    text: str, data: st.DataObject
) -> None:
    head, _, number = text.rpartition("-")
    with pytest.raises(BadRef):
        parse(f"{head}-0{number}")


@given(jci_refs().filter(lambda j: "=" in j), st.data())
def test_a_juriconnect_part_without_its_label_is_refused(text: str, data: st.DataObject) -> None:
    head, *parts = text.split("&")
    i = data.draw(st.integers(0, len(parts) - 1))
    parts[i] = parts[i].split("=")[0] + "="
    with pytest.raises(BadRef, match="has no value"):
        parse("&".join([head, *parts]))


@given(eclis)
def test_an_ecli_with_a_two_digit_year_is_refused(text: str) -> None:
    ecli, country, court, year, number = text.split(":")
    with pytest.raises(BadRef):
        parse(":".join([ecli, country, court, year[2:], number]))


@given(st.one_of(eclis, celexes))
def test_ecli_and_celex_are_written_in_capitals(text: str) -> None:
    scheme, _, rest = text.partition(":")
    with pytest.raises(BadRef, match="capitals"):
        parse(f"{scheme.lower()}:{rest}")


@given(st.text(max_size=60))
def test_any_text_is_either_an_identifier_as_written_or_refused_with_a_message(
    text: str,
) -> None:
    try:
        ref = parse(text)
    except BadRef as exc:
        assert "e.g." in exc.message or "write" in exc.message
    else:
        assert ref.text == text and ref.url.startswith("https://")


# -- the forms the brief names, and how they are refused ----------------------------------


@pytest.mark.parametrize(
    ("text", "scheme", "url"),
    [
        ("BWBR0011823", "bwb", "https://wetten.overheid.nl/BWBR0011823"),
        (
            "jci1.3:c:BWBR0011823&artikel=29&lid=1",
            "jci",
            "https://wetten.overheid.nl/jci1.3:c:BWBR0011823&artikel=29&lid=1",
        ),
        (
            "jci1.3:c:BWBR0011823&hoofdstuk=3&afdeling=4&paragraaf=1&artikel=29&lid=1&o=a",
            "jci",
            "https://wetten.overheid.nl/jci1.3:c:BWBR0011823&hoofdstuk=3&afdeling=4"
            "&paragraaf=1&artikel=29&lid=1&o=a",
        ),
        ("jci1.31:c:BWBR0005537&artikel=8:1&g=2024-01-01", "jci", None),
        (
            "ECLI:NL:RVS:2017:1259",
            "ecli",
            "https://uitspraken.rechtspraak.nl/details?id=ECLI:NL:RVS:2017:1259",
        ),
        ("ECLI:NL:RBDHA:2025:8654", "ecli", None),
        (
            "ECLI:EU:C:2020:945",
            "ecli",
            "https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=ecli:ECLI:EU:C:2020:945",
        ),
        (
            "ECLI:CE:ECHR:1996:1115JUD002241493",
            "ecli",
            "https://e-justice.europa.eu/ecli/ECLI:CE:ECHR:1996:1115JUD002241493",
        ),
        ("kst-19637-3435", "kst", "https://zoek.officielebekendmakingen.nl/kst-19637-3435.html"),
        ("kst-36096-A", "kst", None),
        ("ah-tk-20112012-3195", "ah", None),
        ("stcrt-2024-19165", "stcrt", None),
        ("stb-2013-478", "stb", "https://zoek.officielebekendmakingen.nl/stb-2013-478.html"),
        (
            "tk:2025D42239",
            "tk",
            "https://www.tweedekamer.nl/kamerstukken/detail?id=2025D42239&did=2025D42239",
        ),
        (
            "CELEX:32011L0095",
            "celex",
            "https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:32011L0095",
        ),
        ("CELEX:32024R1347", "celex", None),
        ("CELEX:62019CJ0238", "celex", None),
        ("CELEX:02011L0095-20111221", "celex", None),
    ],
)
def test_the_identifiers_publishers_use_are_accepted(
    text: str, scheme: str, url: str | None
) -> None:
    ref = parse(text)
    assert (ref.scheme, ref.text) == (scheme, text)
    assert url is None or ref.url == url


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("BWBR001182", "BWBR (BWBV for a treaty) and 7 digits, e.g. BWBR0011823"),
        ("BWBR0011823&artikel=29", "jci1.3:c:BWBR0011823&artikel=29"),
        ("jci1.3:c:BWBR0011823&artikel=", "artikel= has no value"),
        ("jci1.3:c:BWBR0011823&artikel=29&onderdeel=a", "write &o=a"),
        ("jci1.3:c:BWBR0011823&artikel=29&artikel=30", "artikel= is given twice"),
        ("jci1.3:c:BWBR0011823&artikel=29&g=2025-02-30", "no day on the calendar"),
        ("jci1.3:c:BWBR0011823&artikel=29&g=1-1-2025", "g= is a date, YYYY-MM-DD"),
        ("jci1.3:c:BWBR0011823&sectie=2", "'sectie' is no Juriconnect part"),
        ("jci1.3:c:BWBR0011823artikel=29", "each after an &"),
        ("jci1.2:c:BWBR0011823&artikel=29", "jci1.3:c:"),
        ("ECLI:NL:RVS:17:1259", "e.g. ECLI:NL:RVS:2017:1259"),
        ("ecli:NL:RVS:2017:1259", "write ECLI in capitals"),
        ("ECLI:NL:RVS:2017", "e.g. ECLI:NL:RVS:2017:1259"),
        ("kst-19637", "e.g. kst-19637-3435"),
        ("kst-19637-03435", "e.g. kst-19637-3435"),
        ("ah-tk-20112013-3195", "two years in a row"),
        ("stb-13-478", "e.g. stb-2013-478"),
        ("tk:2025D4223", "e.g. tk:2025D42239"),
        ("32011L0095", "CELEX:32011L0095"),
        ("CELEX:2011L0095", "e.g. CELEX:32011L0095"),
        ("CELEX:02011L0095-20111232", "no day on the calendar"),
        ("Vw 2000 art. 29", "is not an identifier Refuge knows; write one of"),
        ("", "write one of"),
    ],
)
def test_a_malformed_identifier_is_refused_with_its_form_and_an_example(
    text: str, says: str
) -> None:
    with pytest.raises(BadRef) as caught:
        parse(text)
    assert says in caught.value.message


def test_an_unknown_form_is_answered_with_every_accepted_form() -> None:
    with pytest.raises(BadRef) as caught:
        parse("https://wetten.overheid.nl/BWBR0011823")
    for form in FORMS:
        assert form.example in caught.value.message


@pytest.mark.parametrize(("scheme", "example"), [(f.scheme, f.example) for f in FORMS])
def test_each_forms_own_example_is_a_valid_identifier_of_that_form(
    scheme: str, example: str
) -> None:
    assert parse(example).scheme == scheme


# -- which kind of source may carry which identifier ---------------------------------------


@pytest.mark.parametrize(
    ("kind", "text"),
    [
        ("law", "jci1.3:c:BWBR0011823&artikel=43"),
        ("law", "BWBR0012288"),
        ("law", "CELEX:32011L0095"),
        ("law", "stb-2013-478"),
        ("law", "stcrt-2024-19165"),
        ("kamerstuk", "kst-19637-3435"),
        ("kamerstuk", "ah-tk-20112012-3195"),
        ("kamerstuk", "tk:2025D42239"),
        ("court", "ECLI:EU:C:2009:94"),
        ("seed", "ah-tk-20242025-2489"),
        ("euaa", "CELEX:32021R2303"),
    ],
)
def test_a_ref_fits_the_kind_of_its_source(kind: str, text: str) -> None:
    assert kind_mismatch(kind, parse(text)) is None


@pytest.mark.parametrize(
    ("kind", "text", "says"),
    [
        ("court", "kst-19637-3435", "'kst-19637-3435' is a Kamerstuk"),
        ("court", "CELEX:62019CJ0238", "identified by one of: ECLI (ECLI:NL:RVS:2017:1259)"),
        ("law", "ECLI:NL:RVS:2017:1259", "is a judgment"),
        ("law", "CELEX:62019CJ0238", "is a judgment"),
        ("law", "kst-19637-3435", "is a Kamerstuk"),
        ("kamerstuk", "stb-2013-478", "is a Staatsblad"),
        ("kamerstuk", "BWBR0011823", "is a BWB id"),
    ],
)
def test_a_ref_of_another_kind_of_document_is_named_as_such(
    kind: str, text: str, says: str
) -> None:
    why = kind_mismatch(kind, parse(text))
    assert why is not None and says in why


@given(valid_refs)
def test_court_sources_take_only_eclis_and_law_sources_no_judgments(text: str) -> None:
    ref = parse(text)
    assert (kind_mismatch("court", ref) is None) == (ref.scheme == "ecli")
    law_ok = ref.scheme in KIND_SCHEMES["law"] and not ref.case_law
    assert (kind_mismatch("law", ref) is None) == law_ok


def test_judgments_are_marked_as_case_law() -> None:
    assert parse("ECLI:NL:RVS:2017:1259").case_law
    assert parse("CELEX:62019CJ0238").case_law
    assert not parse("CELEX:32011L0095").case_law
    assert parse("kst-19637-3435") == Ref(
        "kst", "kst-19637-3435", "https://zoek.officielebekendmakingen.nl/kst-19637-3435.html"
    )
