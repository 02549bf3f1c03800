"""Languages of the web app: Dutch (the default) and English.

The language is the user's choice (the `refuge_lang` cookie, set by the switch in the header)
or else the best match of the browser's Accept-Language. Texts are gettext messages in English
with their Dutch translation in `locale/nl/LC_MESSAGES/messages.po`, read once per process;
`tests/web/test_translations.py` fails when a message lacks its translation."""

from __future__ import annotations

from functools import lru_cache
from io import BytesIO
from pathlib import Path
from typing import Literal

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations
from starlette.requests import Request

Language = Literal["nl", "en"]
LANGUAGES: tuple[Language, ...] = ("nl", "en")
DEFAULT: Language = "nl"
COOKIE = "refuge_lang"
LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "messages"


def chosen(value: str | None) -> Language | None:
    """`value` if it names a language of the app."""
    for language in LANGUAGES:
        if value == language:
            return language
    return None


def accepted(header: str | None) -> Language:
    """The app's language the Accept-Language header prefers most (RFC 9110 §12.5.4: q-values,
    `nl-BE` matches `nl`), or the default when it names none of them."""
    best: tuple[float, int, Language] | None = None
    for position, item in enumerate((header or "").split(",")[:32]):
        tag, _, params = item.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        found = chosen(tag.strip().lower().split("-")[0])
        if found is None or quality <= 0:
            continue
        candidate = (quality, -position, found)
        if best is None or candidate > best:
            best = candidate
    return DEFAULT if best is None else best[2]


def language_of(request: Request) -> Language:
    return chosen(request.cookies.get(COOKIE)) or accepted(request.headers.get("accept-language"))


@lru_cache(maxsize=len(LANGUAGES))
def translations(language: Language) -> Translations:
    """The catalogue of `language`, compiled in memory from its .po file."""
    po = LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    with po.open("rb") as handle:
        catalog = read_po(handle, locale=language, domain=DOMAIN)
    compiled = BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)
