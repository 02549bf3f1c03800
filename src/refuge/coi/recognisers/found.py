"""What a recogniser found."""

from __future__ import annotations

from dataclasses import dataclass

PRIVACY = "5.1.2e"  # respect for private life: the ground proposed for most personal data
IDENTIFICATION_NUMBER = "5.1.1e"  # national identification numbers (BSN)


@dataclass(frozen=True, order=True, slots=True)
class Found:
    """A span a recogniser found: `text[start:end]` is exactly the value it recognised."""

    start: int
    end: int
    recogniser: str  # titled_name | v_number | bsn | phone | email | iban | date_of_birth | ...
    ground: str  # the Woo ground it suggests
