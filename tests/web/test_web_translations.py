"""Every text of the web app has its Dutch translation, and the catalogues hold exactly the
messages the code and templates use (run scripts/update_web_catalogues.sh after changing a
text, then translate what it leaves empty)."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from refuge.web import i18n

WEB = Path(i18n.__file__).parent
METHODS = [("**.py", "python"), ("**/templates/**.html", "jinja2")]
KEYWORDS = {"_": None, "gettext": (2,), "N_": None}


def used_messages() -> set[str]:
    found = extract_from_dir(
        str(WEB),
        method_map=METHODS,
        options_map={"**/templates/**.html": {"extensions": "jinja2.ext.i18n"}},
        keywords=KEYWORDS,
    )
    return {
        message for _file, _line, message, _comments, _context in found if isinstance(message, str)
    }


def catalogue(language: str) -> dict[str, str]:
    path = WEB / "locale" / language / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as handle:
        return {m.id: m.string for m in read_po(handle) if m.id and isinstance(m.id, str)}


def test_every_message_has_its_dutch_translation() -> None:
    dutch = catalogue("nl")
    missing = sorted(m for m in used_messages() if not dutch.get(m))
    assert missing == [], f"translate these in locale/nl/LC_MESSAGES/messages.po: {missing}"


def test_the_catalogues_hold_no_message_the_app_no_longer_uses() -> None:
    used = used_messages()
    for language in i18n.LANGUAGES:
        assert sorted(set(catalogue(language)) - used) == [], language


def test_placeholders_survive_translation() -> None:
    import re

    for message, text in catalogue("nl").items():
        assert sorted(re.findall(r"%\(\w+\)s", message)) == sorted(
            re.findall(r"%\(\w+\)s", text)
        ), message
