"""The Woo grounds a redaction may cite: art. 5.1(1), 5.1(2), 5.1(5) and 5.2 of the Wet open
overheid, each with a code (`5.1.2e`), its article and a short label in Dutch and English.

They are data: `woo_grounds.yaml`, shipped with the package, or the file named by
REFUGE_WOO_GROUNDS (a deployment's own list, of the same shape). The shipped list follows
law-and-figures §4.4, which is marked [U-light] (not checked against the statute text)."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from refuge.coi.redaction_errors import UnknownGround, WooGroundsFileInvalid

SHIPPED = Path(__file__).with_name("woo_grounds.yaml")
ENV = "REFUGE_WOO_GROUNDS"
CODE = re.compile(r"^5\.[12](\.[0-9]+[a-z]?)?$")


@dataclass(frozen=True, slots=True)
class WooGround:
    code: str  # 5.1.2e
    article: str  # art. 5.1 lid 2 sub e
    nl: str
    en: str

    def label(self, language: str = "en") -> str:
        return self.nl if language == "nl" else self.en


def grounds_file() -> Path:
    configured = os.environ.get(ENV)
    return Path(configured) if configured else SHIPPED


def grounds() -> dict[str, WooGround]:
    """The grounds in force, by code, in the file's order."""
    path = grounds_file()
    try:
        stamp = path.stat().st_mtime_ns
    except OSError as exc:
        raise WooGroundsFileInvalid(str(path), f"cannot be read ({exc.strerror})") from None
    return _load(str(path), stamp)


@lru_cache(maxsize=4)
def _load(path: str, stamp: int) -> dict[str, WooGround]:
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise WooGroundsFileInvalid(path, f"is not readable YAML ({exc})") from None
    items = data.get("grounds") if isinstance(data, dict) else None
    if not isinstance(items, list) or not items:
        raise WooGroundsFileInvalid(path, "needs a list `grounds:` of at least one ground")
    found: dict[str, WooGround] = {}
    for n, item in enumerate(items, start=1):
        if not isinstance(item, dict) or not all(
            isinstance(item.get(k), str) and item[k].strip()
            for k in ("code", "article", "nl", "en")
        ):
            raise WooGroundsFileInvalid(
                path, f"ground {n} needs the texts code, article, nl and en"
            )
        code = item["code"].strip()
        if not CODE.match(code):
            raise WooGroundsFileInvalid(
                path, f"ground {n}: code {code!r} is not like 5.1.2e, 5.1.5 or 5.2"
            )
        if code in found:
            raise WooGroundsFileInvalid(path, f"ground {n}: code {code!r} is listed twice")
        found[code] = WooGround(
            code, item["article"].strip(), item["nl"].strip(), item["en"].strip()
        )
    return found


def ground(code: str) -> WooGround:
    """The ground of this code; UnknownGround, naming every valid code, otherwise."""
    known = grounds()
    found = known.get(code.strip().lower())
    if found is None:
        raise UnknownGround(code, list(known))
    return found
