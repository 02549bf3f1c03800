"""The scan's recognisers: a BSN is proposed only with a valid elfproef, an IBAN only with a
valid mod-97 check; every proposal lies within the text and covers exactly the value found
(Hypothesis, over text mixing words, names, numbers and addresses)."""

from __future__ import annotations

import string

from hypothesis import assume, given
from hypothesis import strategies as st

from refuge.coi.recognisers import recognise
from refuge.coi.recognisers.checks import elfproef, iban_valid
from refuge.coi.recognisers.names import known_names
from refuge.coi.recognisers.numbers import bsns, ibans

digits = st.text(alphabet=string.digits, min_size=8, max_size=8)


def _bsn(first8: str) -> str | None:
    total = sum((9 - i) * int(d) for i, d in enumerate(first8))
    check = total % 11
    return None if check == 10 else first8 + str(check)


def _iban(country: str, bban: str) -> str:
    moved = bban + country + "00"
    number = "".join(str(string.ascii_uppercase.index(c) + 10) if c.isalpha() else c for c in moved)
    return f"{country}{98 - int(number) % 97:02d}{bban}"


@st.composite
def valid_bsns(draw: st.DrawFn) -> str:
    value = _bsn(draw(digits))
    assume(value is not None and value != "000000000")
    return str(value)


@st.composite
def valid_ibans(draw: st.DrawFn) -> str:
    # country: (letters, digits) of its account number (BBAN)
    shapes = {"NL": (4, 10), "GB": (4, 14), "DE": (0, 18), "BE": (0, 12), "FR": (0, 23)}
    country = draw(st.sampled_from(sorted(shapes)))
    letters, numbers = shapes[country]
    bank = draw(st.text(alphabet=string.ascii_uppercase, min_size=letters, max_size=letters))
    account = draw(st.text(alphabet=string.digits, min_size=numbers, max_size=numbers))
    return _iban(country, bank + account)


@given(valid_bsns())
def test_a_bsn_with_a_valid_check_digit_passes_the_elfproef(bsn: str) -> None:
    assert elfproef(bsn)


@given(valid_bsns(), st.integers(0, 8), st.integers(1, 9))
def test_a_bsn_with_one_digit_changed_fails_and_is_not_proposed(
    bsn: str, at: int, change: int
) -> None:
    wrong = bsn[:at] + str((int(bsn[at]) + change) % 10) + bsn[at + 1 :]
    assert not elfproef(wrong)
    assert bsns(f"BSN {wrong} van betrokkene") == []


@given(valid_bsns(), st.text(alphabet="abc ,.:;()", max_size=20))
def test_a_valid_bsn_in_text_is_proposed_exactly(bsn: str, before: str) -> None:
    text = f"{before} BSN {bsn}, zie dossier"
    found = bsns(text)
    assert [text[f.start : f.end] for f in found] == [bsn]
    assert found[0].ground == "5.1.1e"


@given(valid_ibans())
def test_an_iban_with_valid_check_digits_passes_mod_97(iban: str) -> None:
    assert iban_valid(iban)
    grouped = " ".join(iban[i : i + 4] for i in range(0, len(iban), 4))
    assert iban_valid(grouped)


@given(valid_ibans(), st.data())
def test_an_iban_with_one_character_changed_fails_and_is_not_proposed(
    iban: str, data: st.DataObject
) -> None:
    at = data.draw(st.integers(4, len(iban) - 1))
    replacement = data.draw(st.sampled_from(string.digits))
    assume(replacement != iban[at])
    assume(iban[at].isdigit())
    wrong = iban[:at] + replacement + iban[at + 1 :]
    assert not iban_valid(wrong)
    assert ibans(f"rekening {wrong} ten name van") == []


@given(valid_ibans())
def test_an_iban_followed_by_a_word_in_capitals_is_proposed_without_it(iban: str) -> None:
    text = f"op rekening {iban} EUR 300"
    assert [text[f.start : f.end] for f in ibans(text)] == [iban]


PIECES = st.one_of(
    st.sampled_from(
        [
            "de heer Karim Haddad",
            "mevrouw A. van Dijk",
            "Mr. John Smith",
            "geboren op 12-04-1990",
            "born 3 May 1985",
            "l.nasser@example.org",
            "+31 6 12345678",
            "020-1234567",
            "06-12345678",
            "0031 20 123 4567",
            "V-nummer 0123456789",
            "9123456789",
            "Syrië",
            "IND",
            "2025",
            "3 maart 2025",
            "\n\n",
        ]
    ),
    valid_bsns(),
    valid_ibans(),
    st.text(alphabet=string.ascii_letters + string.digits + " .,-@+()", max_size=15),
)


@given(st.lists(PIECES, max_size=12))
def test_every_proposal_lies_within_the_text_and_covers_exactly_the_value(
    pieces: list[str],
) -> None:
    text = " ".join(pieces)
    for f in recognise(text):
        value = text[f.start : f.end]
        assert 0 <= f.start < f.end <= len(text)
        assert value == value.strip(), "no surrounding space or punctuation"
        if f.recogniser == "bsn":
            assert elfproef(value.replace(".", ""))
        elif f.recogniser == "iban":
            assert iban_valid(value)
        elif f.recogniser == "email":
            assert "@" in value and not value.endswith(".")
        elif f.recogniser in ("v_number", "phone"):
            assert value[-1].isdigit()
        elif f.recogniser == "titled_name":
            assert value[0].isupper() or value[0] in "vdtahbl"


@given(st.sampled_from(["Karim Haddad", "Layla Nasser"]), st.lists(PIECES, max_size=6))
def test_a_name_redacted_elsewhere_is_found_wherever_it_stands_alone(
    name: str, pieces: list[str]
) -> None:
    text = " ".join([*pieces, name, "en", f"({name})"])
    found = known_names(text, [name])
    assert len(found) >= 2
    assert all(text[f.start : f.end] == name for f in found)


def test_each_recogniser_finds_its_kind_and_not_the_others() -> None:
    text = (
        "De heer Karim Haddad (V-nummer 9123456789, BSN 1112.22.333) is geboren op 12 april "
        "1990; bel +31 (0)6 12345678 of 06-12345678, mail k.haddad@example.org, rekening "
        "NL91 ABNA 0417 1643 00. Het rapport van 3 maart 2025 telt 123456789 woorden."
    )

    found = recognise(text)

    def values(recogniser: str) -> list[str]:
        return [text[f.start : f.end] for f in found if f.recogniser == recogniser]

    assert values("titled_name") == ["Karim Haddad"]
    assert values("v_number") == ["9123456789"]
    assert values("bsn") == ["1112.22.333"]  # 123456789 fails the elfproef
    assert values("date_of_birth") == ["12 april 1990"]  # not the report's date
    assert values("phone") == ["+31 (0)6 12345678", "06-12345678"]  # not the IBAN's digits
    assert values("email") == ["k.haddad@example.org"]
    assert values("iban") == ["NL91 ABNA 0417 1643 00"]
    assert len(found) == 8
