"""`refuge policy show` and the assessment link a source that cites a report library passage
to that passage: the seed's answer to question 2, on which the end of the decision moratorium
rests, and to question 7, on which the credibility steps rest."""

from __future__ import annotations

import json
from importlib.resources import files

from typer.testing import CliRunner

from refuge.cli import app

runner = CliRunner()
SEED = "/api/v1/coi/documents/kamervragen-syrie-terugkeer-2025-09-29@1/passages/"


def test_policy_show_links_a_cited_passage() -> None:
    text = runner.invoke(app, ["policy", "show", "SY", "--as-of", "2025-10-01"])
    assert text.exit_code == 0, text.output
    assert f"seed-q2 (Antwoord op vraag 2, passage {SEED}p11)" in text.stdout
    shown = runner.invoke(
        app, ["policy", "show", "SY", "--as-of", "2025-10-01", "--format", "json"]
    )
    passages = json.loads(shown.stdout)["passages"]
    assert passages["seed-q7"] == {
        "coi": "coi:kamervragen-syrie-terugkeer-2025-09-29@1#p34",
        "passage": SEED + "p34",
    }


def test_the_assessment_links_its_sources_to_their_passages() -> None:
    case = str(files("refuge.examples").joinpath("01-lgbtiq-credible.json"))
    as_json = runner.invoke(app, ["assess", case, "--as-of", "2025-10-01", "--format", "json"])
    assert as_json.exit_code == 0, as_json.output
    sources = {s["id"]: s for s in json.loads(as_json.stdout)["sources"]}
    assert sources["seed-q7"]["passage"] == SEED + "p34"
    assert sources["seed-q1"]["passage"] is None  # an answer of two paragraphs: not cited
    for lang in ("en", "nl"):
        text = runner.invoke(app, ["assess", case, "--as-of", "2025-10-01", "--lang", lang])
        assert "seed-q7: Antwoord op vraag 7 <https://" in text.stdout
        assert f"passage <{SEED}p34>" in text.stdout
