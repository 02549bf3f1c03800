"""Machine-readable identifiers of the documents a pack cites (a source's `ref:`), written the
way their publishers write them, and the public address each one leads to.
Reference: docs/policy-packs.md, "Source identifiers"."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Literal

# Sources of kind law, kamerstuk and court must have a `ref` (or a `ref_unknown` saying why
# not). Off while policies/SY.yaml still has such sources without one: turn it on when
# `refuge policy check policies/SY.yaml` passes with it on.
REQUIRE_REFS = True

Scheme = Literal["bwb", "jci", "ecli", "celex", "kst", "ah", "tk", "stb", "stcrt"]

# The schemes a source of each kind may use; kinds not listed may use any.
KIND_SCHEMES: dict[str, frozenset[Scheme]] = {
    "law": frozenset({"jci", "bwb", "celex", "stb", "stcrt"}),
    "kamerstuk": frozenset({"kst", "ah", "tk"}),
    "court": frozenset({"ecli"}),
}


@dataclass(frozen=True, slots=True)
class Ref:
    scheme: Scheme
    text: str  # as written; a valid ref has one spelling
    url: str
    case_law: bool = False  # a judgment (an ECLI, or a CELEX number of sector 6 or 8)


class BadRef(ValueError):
    """A ref that is not written in any accepted form; `message` says how to write it."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class _Why(Exception):
    """What is wrong inside one scheme; `parse` adds the scheme's form and an example."""


@dataclass(frozen=True, slots=True)
class _Form:
    scheme: Scheme
    prefix: str  # how a ref of this scheme starts, in any case
    name: str
    shape: str
    example: str
    parse: Callable[[str], Ref]


# -- the schemes ------------------------------------------------------------------------

_NUM = r"[1-9][0-9]*"  # a publication number: no leading zero, or the address breaks
_BWB = r"BWB[RV][0-9]{7}"
_WETTEN = "https://wetten.overheid.nl/"
_OB = "https://zoek.officielebekendmakingen.nl/"


def _bwb(text: str) -> Ref:
    if re.match(rf"{_BWB}&", text):
        raise _Why(f"a part of a regulation is named in Juriconnect: jci1.3:c:{text}")
    _match(_BWB, text)
    return Ref("bwb", text, _WETTEN + text)


# Juriconnect 1.3 (and 1.3.1, written jci1.31): the parts of a regulation that may be named,
# the repeatable list item `o` (o=b&o=1 is item 1 under item b), and two dates.
JCI_PARTS = (
    "boek",
    "deel",
    "titeldeel",
    "hoofdstuk",
    "afdeling",
    "paragraaf",
    "sub-paragraaf",
    "artikel",
    "bijlage",
    "aanwijzing",
    "lid",
    "o",
)
JCI_DATES = ("g", "z")  # g: the version in force on that day; z: as published by that day
_JCI_HEAD = re.compile(rf"jci(1\.3|1\.31):c:({_BWB})")
_JCI_VALUE = re.compile(r"[0-9A-Za-z][0-9A-Za-z.:_-]*")


def _jci(text: str) -> Ref:
    head = _JCI_HEAD.match(text)
    if head is None:
        raise _Why("it starts jci1.3:c: (or jci1.31:c:) and a BWB id")
    rest = text[head.end() :]
    if rest and not rest.startswith("&"):
        raise _Why("after the BWB id come parts such as &artikel=29, each after an &")
    seen: set[str] = set()
    for part in rest.split("&")[1:]:
        key, eq, value = part.partition("=")
        if key == "onderdeel":
            raise _Why("Juriconnect names a list item o, not onderdeel: write &o=a")
        if key not in JCI_PARTS and key not in JCI_DATES:
            raise _Why(f"{key!r} is no Juriconnect part; use {', '.join(JCI_PARTS + JCI_DATES)}")
        if not eq or not value:
            raise _Why(f"{key}= has no value")
        if key in seen and key != "o":
            raise _Why(f"{key}= is given twice")
        seen.add(key)
        if key in JCI_DATES:
            _date(value, f"{key}= is a date, YYYY-MM-DD")
        elif _JCI_VALUE.fullmatch(value) is None:
            raise _Why(f"{key}={value} is not a label like 29, 3.105, 8:1, II or a")
    return Ref("jci", text, _WETTEN + text)


_ECLI = re.compile(r"ECLI:([A-Z]{2}):([A-Z0-9]{1,7}):([0-9]{4}):([A-Z0-9.]{1,25})")


def _ecli(text: str) -> Ref:
    if not text.startswith("ECLI:"):
        raise _Why("write ECLI in capitals")
    found = _ECLI.fullmatch(text)
    if found is None:
        raise _Why(
            "after ECLI come a country (NL, EU, CE), a court code of up to 7 capitals or "
            "digits, a 4-digit year and a number of up to 25 capitals, digits or dots"
        )
    country = found.group(1)
    if country == "NL":
        url = f"https://uitspraken.rechtspraak.nl/details?id={text}"
    elif country == "EU":
        url = f"https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=ecli:{text}"
    else:  # CE (the ECtHR: HUDOC wants its own item id) and other countries
        url = f"https://e-justice.europa.eu/ecli/{text}"
    return Ref("ecli", text, url, case_law=True)


_CELEX = re.compile(r"([1-9])([0-9]{4})([A-Z]{1,2})([0-9]{4})(\([0-9]{2}\))?")
_CELEX_CONSOLIDATED = re.compile(r"0([0-9]{4})([A-Z]{1,2})([0-9]{4})(\([0-9]{2}\))?-([0-9]{8})")


def _celex(text: str) -> Ref:
    if not text.startswith("CELEX:"):
        raise _Why("write the prefix CELEX: in capitals")
    number = text.removeprefix("CELEX:")
    consolidated = _CELEX_CONSOLIDATED.fullmatch(number)
    if consolidated:
        day = consolidated.group(5)
        _date(f"{day[:4]}-{day[4:6]}-{day[6:]}", "a consolidated text ends in -YYYYMMDD")
    elif _CELEX.fullmatch(number) is None:
        raise _Why(
            "a CELEX number is a sector digit, a 4-digit year, a type of one or two capitals "
            "and a 4-digit number (a consolidated text: sector 0, then -YYYYMMDD)"
        )
    url = f"https://eur-lex.europa.eu/legal-content/EN/TXT/?uri={text}"
    return Ref("celex", text, url, case_law=number[0] in "68")


def _kst(text: str) -> Ref:
    _match(rf"kst-{_NUM}-(?:{_NUM}|[A-Z]{{1,3}})", text)
    return Ref("kst", text, f"{_OB}{text}.html")


def _ah(text: str) -> Ref:
    found = _match(rf"ah-(?:tk|ek)-([0-9]{{4}})([0-9]{{4}})-{_NUM}", text)
    if int(found.group(2)) != int(found.group(1)) + 1:
        raise _Why("the session year is two years in a row, e.g. 20112012")
    return Ref("ah", text, f"{_OB}{text}.html")


def _stb(text: str) -> Ref:
    _match(rf"stb-[0-9]{{4}}-{_NUM}", text)
    return Ref("stb", text, f"{_OB}{text}.html")


def _stcrt(text: str) -> Ref:
    _match(rf"stcrt-[0-9]{{4}}-{_NUM}", text)
    return Ref("stcrt", text, f"{_OB}{text}.html")


def _tk(text: str) -> Ref:
    _match(r"tk:[0-9]{4}D[0-9]{5}", text)
    number = text.removeprefix("tk:")
    url = f"https://www.tweedekamer.nl/kamerstukken/detail?id={number}&did={number}"
    return Ref("tk", text, url)


# A ref's start (in any case) decides its scheme; the rest must then fit that scheme.
FORMS = (
    _Form(
        "jci",
        "jci",
        "Juriconnect reference",
        "jci1.3:c:, a BWB id, then &part=label for each part",
        "jci1.3:c:BWBR0011823&artikel=29&lid=1&o=a",
        _jci,
    ),
    _Form("bwb", "BWB", "BWB id", "BWBR (BWBV for a treaty) and 7 digits", "BWBR0011823", _bwb),
    _Form(
        "ecli",
        "ECLI:",
        "ECLI",
        "ECLI:country:court:year:number",
        "ECLI:NL:RVS:2017:1259",
        _ecli,
    ),
    _Form("celex", "CELEX:", "CELEX number", "CELEX: and the number", "CELEX:32011L0095", _celex),
    _Form("kst", "kst-", "Kamerstuk", "kst-, the dossier, -, the number", "kst-19637-3435", _kst),
    _Form(
        "ah",
        "ah-",
        "Aanhangsel Handelingen",
        "ah-tk- (ah-ek-), the session's two years, -, the number",
        "ah-tk-20112012-3195",
        _ah,
    ),
    _Form(
        "tk", "tk:", "Tweede Kamer document", "tk:, the year, D and 5 digits", "tk:2025D42239", _tk
    ),
    _Form("stb", "stb-", "Staatsblad", "stb-, the year, -, the number", "stb-2013-478", _stb),
    _Form(
        "stcrt",
        "stcrt-",
        "Staatscourant",
        "stcrt-, the year, -, the number",
        "stcrt-2024-19165",
        _stcrt,
    ),
)
_BY_SCHEME = {form.scheme: form for form in FORMS}
ACCEPTED = "; ".join(f"{f.name} {f.example}" for f in FORMS)


@lru_cache(maxsize=1024)
def parse(text: str) -> Ref:
    """The identifier `text` names, with its address; `BadRef` if it is in no accepted form."""
    for form in FORMS:
        if text.upper().startswith(form.prefix.upper()):
            try:
                return form.parse(text)
            except _Why as why:
                because = f": {why}" if str(why) else ""
                raise BadRef(
                    f"{text!r} is not a valid {form.name}{because}. Write {form.shape}, "
                    f"e.g. {form.example}"
                ) from None
    if _CELEX.fullmatch(text) or _CELEX_CONSOLIDATED.fullmatch(text):
        raise BadRef(f"write a CELEX number with its prefix: CELEX:{text}")
    raise BadRef(f"{text!r} is not an identifier Refuge knows; write one of: {ACCEPTED}")


def kind_mismatch(kind: str, ref: Ref) -> str | None:
    """Why `ref` cannot identify a source of `kind`, or None if it can."""
    allowed = KIND_SCHEMES.get(kind)
    if allowed is None:
        return None
    if ref.scheme in allowed and not (kind == "law" and ref.case_law):
        return None
    forms = ", ".join(f"{_BY_SCHEME[s].name} ({_BY_SCHEME[s].example})" for s in _order(allowed))
    what = "a judgment" if ref.case_law else _a(_BY_SCHEME[ref.scheme].name)
    return (
        f"a source of kind {kind!r} is identified by one of: {forms}; {ref.text!r} is "
        f"{what}. Fix the ref or the kind"
    )


def _a(name: str) -> str:
    return f"an {name}" if name[0] in "AEIOU" else f"a {name}"


def _order(schemes: frozenset[Scheme]) -> list[Scheme]:
    return [s for s in _BY_SCHEME if s in schemes]


def _match(pattern: str, text: str) -> re.Match[str]:
    found = re.fullmatch(pattern, text)
    if found is None:
        raise _Why("")  # the form and example `parse` adds say it all
    return found


def _date(text: str, hint: str) -> None:
    if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text) is None:
        raise _Why(hint)
    try:
        date.fromisoformat(text)
    except ValueError:
        raise _Why(f"{text} is no day on the calendar") from None
