"""The fixed words of a publication, in the document's language (Dutch or English)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Labels:
    version: str
    reference: str
    revision: str
    decision: str
    published_on: str
    redacted_note: str
    inventory: str
    number: str
    ground: str
    location: str
    report_pages: str
    published_pages: str
    length: str
    none: str
    page: str
    box_title: str  # the tooltip of a box: "withheld on ground {ground}"


NL = Labels(
    version="Openbaarmakingsversie",
    reference="Kenmerk",
    revision="versie",
    decision="Woo-besluit",
    published_on="Openbaar gemaakt op",
    redacted_note=(
        "Gelakte tekst is vervangen door een kader met de weigeringsgrond van de Wet open "
        "overheid; de inventaris achteraan noemt elke lakking met plaats en lengte."
    ),
    inventory="Inventaris van lakkingen",
    number="Nr.",
    ground="Grond",
    location="Plaats",
    report_pages="Pagina's rapport",
    published_pages="Pagina's publicatie",
    length="Lengte (tekens)",
    none="Niets gelakt.",
    page="pagina",
    box_title="gelakt op grond van artikel {ground} Woo",
)
EN = Labels(
    version="Publication version",
    reference="Reference",
    revision="revision",
    decision="Woo decision",
    published_on="Published on",
    redacted_note=(
        "Withheld text is replaced by a box with its ground under the Open Government Act "
        "(Woo); the inventory at the end lists each redaction with its place and length."
    ),
    inventory="Inventory of redactions",
    number="No.",
    ground="Ground",
    location="Location",
    report_pages="Report pages",
    published_pages="Publication pages",
    length="Length (characters)",
    none="Nothing withheld.",
    page="page",
    box_title="withheld on ground {ground} of the Woo",
)


def labels(language: str) -> Labels:
    return NL if language == "nl" else EN
