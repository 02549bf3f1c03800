"""The TrueType fonts the published PDF is set in: a PDF with text beyond Latin-1 (Syrië,
names in Arabic transcription) needs an embedded Unicode font. DejaVu Sans from the Debian
package `fonts-dejavu-core`, or the files named by `REFUGE_PDF_FONT` (and
`REFUGE_PDF_FONT_BOLD`). Nothing is downloaded: without a font the publication is refused
with a message saying what to install."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from refuge.coi.publication_errors import PublicationRefused

DEJAVU = (
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/dejavu"),
    Path("/usr/local/share/fonts/dejavu"),
)


class NoFont(PublicationRefused):
    code = "no-unicode-font"
    status = 500

    def __init__(self, why: str) -> None:
        super().__init__(
            f"{why}; install the Debian package fonts-dejavu-core (apt-get install "
            "fonts-dejavu-core) or set REFUGE_PDF_FONT to a .ttf file; nothing was written"
        )


@dataclass(frozen=True, slots=True)
class Fonts:
    regular: Path
    bold: Path


def find_fonts() -> Fonts:
    given = os.environ.get("REFUGE_PDF_FONT")
    if given:
        regular = Path(given)
        if not regular.is_file():
            raise NoFont(f"REFUGE_PDF_FONT={given}: no such file")
        bold = Path(os.environ.get("REFUGE_PDF_FONT_BOLD") or regular)
        return Fonts(regular, bold if bold.is_file() else regular)
    for folder in DEJAVU:
        regular = folder / "DejaVuSans.ttf"
        if regular.is_file():
            bold = folder / "DejaVuSans-Bold.ttf"
            return Fonts(regular, bold if bold.is_file() else regular)
    raise NoFont("no Unicode font (DejaVu Sans) for the PDF was found")
