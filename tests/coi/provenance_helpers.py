"""Helpers of the provenance tests: a copy of the Syria pack whose sources cite passages of a
small test report, the report (two revisions) and the folder the copy is found in."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from refuge.casework.actor import Actor
from refuge.coi import service
from refuge.coi.schemas import DocumentDetail, DocumentMeta
from refuge.policy import find_pack

REPORT_V1 = """# Testambtsbericht Syrië

## 1 Geloofwaardigheid

Een verwijzing naar een ambtsbericht volstaat niet om het asielrelaas aannemelijk te maken.

## 2 Beslissen

Syrische asielaanvragen worden weer ter hand genomen.
"""
# revision 2: the paragraph of section 1 says something else, section 2 has none any more
REPORT_V2 = """# Testambtsbericht Syrië

## 1 Geloofwaardigheid

Een verwijzing naar een ambtsbericht volstaat soms wel.

## 2 Beslissen
"""
SEED = "kamervragen-syrie-terugkeer-2025-09-29@1#"
# the SY pack's citations -> the test report's passages (and one that dangles)
CITES = {
    SEED + "p11": "test-report#2-p1",  # seed-q2: decision_moratorium
    SEED + "p34": "test-report#1-p1",  # seed-q7: credibility rules
    SEED + "p49": "missing-report#p1",  # seed-q11: no such document
}
SEED_Q12_URL = (
    "    locator: Antwoord op vraag 12\n"
    '    ref: "tk:2025D42239"\n'
    "    url: https://www.tweedekamer.nl/kamerstukken/kamervragen/detail?did=2025D42239"
    "&id=2025D42239\n"
)


def cited_pack_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, extra: str = "test-report#9-p9"
) -> Path:
    """A copy of the pack folder where SY's sources cite the test report; seed-q12 cites
    `extra`. The copy is the one `refuge` finds (REFUGE_POLICY_DIR)."""
    original = find_pack("SY")
    assert original is not None
    folder = tmp_path / "policies"
    shutil.copytree(original.parent, folder)
    pack = folder / "SY.yaml"
    text = pack.read_text(encoding="utf-8")
    for old, new in CITES.items():
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    assert text.count(SEED_Q12_URL) == 1
    text = text.replace(SEED_Q12_URL, SEED_Q12_URL + f"    coi: {extra}\n")
    pack.write_text(text, encoding="utf-8")
    monkeypatch.setenv("REFUGE_POLICY_DIR", str(folder))
    return pack


def add_report(session: Session, publisher: Actor, text: str = REPORT_V1) -> DocumentDetail:
    meta = DocumentMeta(reference="test-report", kind="general", country="SY")
    added = service.add_document(session, publisher, "test-report.md", text.encode(), meta)
    session.commit()
    return added.document
