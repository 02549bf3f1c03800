"""`refuge import cases` refuses a file with mistakes and lists each at its line, naming the
field, but never repeats a special-category value from the file: not the rejected value, not
the valid ones beside it, not a whole row (a model-level error) and not an object sent where a
plain value belongs. Its log lines carry none of them either."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from refuge.accounts.models import Team
from refuge.cli import app

runner = CliRunner()
SECRETS = ("SECRET-GROUND-VALUE", "SECRET-PROFILE-VALUE", "SECRET-EXCLUSION-VALUE")
VALID = {
    "grounds": ["religion", "sexual_orientation"],
    "risk_profiles": ["lgbtiq", "alawite"],
    "exclusion_grounds": ["article_1F"],
}


def _row(i: int, **changes: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "import_key": f"K-{i}",
        "v_number": f"{4000000000 + i}",
        "nationality": "SY",
        "region": "SY-DI",
        "application_date": "2025-07-01",
        "credibility": "credible",
        "team": "North",
        **VALID,
    }
    row.update(changes)
    return row


def test_import_problems_name_fields_but_never_repeat_special_category_values(
    db_url: str, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REFUGE_DATABASE_URL", db_url)
    monkeypatch.setenv("REFUGE_LOG_LEVEL", "debug")
    session.add(Team(name="North"))
    session.commit()
    rows = [
        _row(
            1,
            grounds=["religion", SECRETS[0]],
            risk_profiles=["lgbtiq", SECRETS[1]],
            exclusion_grounds=SECRETS[2],
        ),
        _row(2, region="IQ-BG"),  # a model-level error: the whole row is its input
        _row(3, credibility={"grounds": VALID["grounds"]}, minor=VALID["risk_profiles"]),
    ]
    path = tmp_path / "cases.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")

    result = runner.invoke(app, ["import", "cases", str(path)])
    assert result.exit_code == 2
    err = result.stderr
    assert f"{path}:1: field 'grounds.1': not one of the allowed values (fear_former_regime" in err
    assert f"{path}:1: field 'risk_profiles.1': not one of the allowed values (lgbtiq" in err
    assert f"{path}:1: field 'exclusion_grounds.0': not one of the allowed values" in err
    assert f"{path}:2: region_of_origin 'IQ-BG' is not in 'SY'; use a SY-.. code" in err
    assert f"{path}:3: field 'credibility': not one of the allowed values" in err
    assert f"{path}:3: field 'minor'" in err
    assert "SECRET" not in err
    for line in err.splitlines():  # only line 1 lists the allowed values of a special field
        if not line.startswith(f"{path}:1:"):
            for word in ("religion", "sexual_orientation", "lgbtiq", "alawite", "article_1F"):
                assert word not in line, f"{word!r} is repeated in: {line}"
