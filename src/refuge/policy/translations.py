"""The texts of a pack's explanations in another language.

A pack is written in English. `policies/translations/<COUNTRY>.<lang>.yaml` lists, for every text
an explanation can show, the English text and its translation:

    - en: The account was found credible, so the claimed facts are taken as established.
      nl: Het relaas is geloofwaardig bevonden; de gestelde feiten worden als vaststaand aangenomen.

Keyed by the English text itself (as gettext does): when a text in the pack changes, its old
translation no longer matches and `missing` names the text, so no stale translation is shown.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from refuge.policy.errors import PackError, PackProblem
from refuge.policy.pack import PolicyPack
from refuge.policy.yaml_source import YamlProblem, load_yaml

LANGUAGES = ("en", "nl")
PLACEHOLDER = re.compile(r"\{[a-z_][a-z0-9_]*\}")


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: one per pack and language
class Translations:
    lang: str
    texts: dict[str, str]  # English -> this language
    path: str | None = None

    def __call__(self, text: str) -> str:
        """`text` in this language; the English text where the catalogue lacks it."""
        return self.texts.get(text, text)


ENGLISH = Translations("en", {})


def translations_path(pack: PolicyPack, lang: str) -> Path:
    return Path(pack.path).parent / "translations" / f"{pack.country}.{lang}.yaml"


def load_translations(pack: PolicyPack, lang: str) -> Translations:
    """The catalogue of `lang` for `pack`; raises PackError (file:line:column) if it is broken."""
    if lang == "en":
        return ENGLISH
    if lang not in LANGUAGES:
        raise ValueError(f"no language {lang!r}; use one of {', '.join(LANGUAGES)}")
    path = translations_path(pack, lang)
    file = str(path)
    try:
        doc = load_yaml(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise PackError(
            [PackProblem(file, 1, 1, "unreadable-file", f"cannot read: {exc}")]
        ) from None
    except YamlProblem as exc:
        raise PackError(
            [PackProblem(file, exc.mark.line, exc.mark.column, exc.code, exc.message)]
        ) from None
    problems: list[PackProblem] = []
    texts: dict[str, str] = {}
    entries = doc.data if isinstance(doc.data, list) else []
    if not isinstance(doc.data, list):
        problems.append(PackProblem(file, 1, 1, "bad-value", "a catalogue is a list of {en, nl}"))
    for i, entry in enumerate(entries):
        mark = doc.mark((i,))
        if not (
            isinstance(entry, dict)
            and set(entry) == {"en", lang}
            and all(isinstance(v, str) and v for v in entry.values())
        ):
            problems.append(
                PackProblem(
                    file,
                    mark.line,
                    mark.column,
                    "bad-value",
                    f"entry {i + 1}: write en: and {lang}:",
                )
            )
            continue
        if sorted(PLACEHOLDER.findall(entry["en"])) != sorted(PLACEHOLDER.findall(entry[lang])):
            problems.append(
                PackProblem(
                    file,
                    mark.line,
                    mark.column,
                    "placeholder-mismatch",
                    f"entry {i + 1}: the {lang} text must show the same {{names}} as the English",
                )
            )
        texts[entry["en"]] = entry[lang]
    if problems:
        raise PackError(problems)
    return Translations(lang, texts, file)


def pack_texts(pack: PolicyPack) -> Iterator[str]:
    """Every text of `pack` that an explanation can show, each once, in pack order (the rules'
    texts, the sources' titles, locators and notes, then the parameters' text values)."""
    seen: set[str] = set()
    candidates: list[str | None] = []
    for rule in pack.rules.values():
        candidates += [rule.if_true, rule.if_false, rule.explain, rule.judgment]
        if not (rule.if_true or rule.if_false or rule.explain):
            candidates.append(rule.description)
        candidates += [row.explain for row in rule.rows]
    for source in pack.sources.values():  # its title and locator, as cited; its note
        locator = source.locator if source.locator and " " in source.locator else None
        candidates += [source.title, locator]
        candidates.append(source.note)  # an assumption's, or a caveat
    candidates += [  # a parameter's text value, e.g. a legal basis: codes have no spaces
        v.value
        for p in pack.parameters.values()
        for v in p.values
        if isinstance(v.value, str) and " " in v.value
    ]
    for text in candidates:
        if text and text not in seen:
            seen.add(text)
            yield text


def missing(pack: PolicyPack, catalogue: Translations) -> list[str]:
    """The pack's texts the catalogue does not translate."""
    return [t for t in pack_texts(pack) if t not in catalogue.texts]


def unused(pack: PolicyPack, catalogue: Translations) -> list[str]:
    """Entries of the catalogue no text of the pack needs any more (stale translations)."""
    wanted = set(pack_texts(pack))
    return [t for t in catalogue.texts if t not in wanted]
