"""Bulk import of the newer case facts: the indications as yes/no cells, the findings on internal
protection as `internal_protection.<finding>` columns in CSV or an object in JSON Lines."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from refuge.accounts.models import Team
from refuge.casework.importer import COLUMNS, Importer, ImportFileError, import_file
from refuge.casework.models import Application
from refuge.store.engine import engine_for

TODAY = date(2025, 10, 1)


def row(i: int, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "import_key": f"IMP-{i:05d}",
        "v_number": f"{3000000000 + i}",
        "nationality": "SY",
        "region": "SY-HM",
        "application_date": "2025-07-01",
        "grounds": "military_service",
        "credibility": "credible",
        "team": "North",
    }
    data.update(changes)
    return data


def write_csv(path: Path, rows: list[dict[str, Any]]) -> Path:
    header = list(dict.fromkeys(k for r in rows for k in r))
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=header)
        writer.writeheader()
        writer.writerows(rows)
    return path


@pytest.fixture
def sessions(db_url: str, session: Session) -> Callable[[], Session]:
    session.add(Team(name="North"))
    session.commit()
    return sessionmaker(engine_for(db_url), expire_on_commit=False)


def stored(sessions: Callable[[], Session]) -> dict[str, Application]:
    with sessions() as s:
        return {a.import_key or "": a for a in s.scalars(select(Application))}


def test_the_columns_include_the_new_facts() -> None:
    for column in (
        "exclusion_indications",
        "regime_support_indications",
        "internal_protection.safe_there",
        "internal_protection.safe_and_legal_travel",
        "internal_protection.admittance",
        "internal_protection.reasonable_to_settle",
    ):
        assert column in COLUMNS


def test_a_csv_records_the_indications_and_findings_and_empty_cells_mean_the_default(
    tmp_path: Path, sessions: Callable[[], Session]
) -> None:
    rows = [
        row(
            0,
            exclusion_indications="yes",
            regime_support_indications="false",
            **{
                "internal_protection.safe_there": "yes",
                "internal_protection.safe_and_legal_travel": "no",
                "internal_protection.admittance": "",
                "internal_protection.reasonable_to_settle": "not_assessed",
            },
        ),
        row(
            1,
            exclusion_indications="",
            regime_support_indications="",
            **{
                "internal_protection.safe_there": "",
                "internal_protection.safe_and_legal_travel": "",
                "internal_protection.admittance": "",
                "internal_protection.reasonable_to_settle": "",
            },
        ),
    ]
    path = write_csv(tmp_path / "cases.csv", rows)
    result = import_file(path, sessions, Importer("cli"), TODAY)
    assert result.imported == 2
    apps = stored(sessions)
    first, second = apps["IMP-00000"], apps["IMP-00001"]
    assert first.exclusion_indications is True and first.regime_support_indications is False
    assert first.internal_protection == {
        "safe_there": "yes",
        "safe_and_legal_travel": "no",
        "admittance": "not_assessed",
        "reasonable_to_settle": "not_assessed",
    }
    assert first.grounds == ["military_service"]
    assert second.exclusion_indications is False and second.regime_support_indications is False
    assert set(second.internal_protection.values()) == {"not_assessed"}


def test_a_jsonl_row_gives_the_findings_as_an_object(
    tmp_path: Path, sessions: Callable[[], Session]
) -> None:
    path = tmp_path / "cases.jsonl"
    data = row(0, regime_support_indications=True, internal_protection={"admittance": "yes"})
    path.write_text(json.dumps(data) + "\n", encoding="utf-8")
    import_file(path, sessions, Importer("cli"), TODAY)
    app = stored(sessions)["IMP-00000"]
    assert app.regime_support_indications is True
    assert app.internal_protection["admittance"] == "yes"
    assert app.internal_protection["safe_there"] == "not_assessed"


def test_a_bad_finding_is_named_and_a_bad_indication_is_not_quoted(
    tmp_path: Path, sessions: Callable[[], Session]
) -> None:
    rows = [
        row(0, **{"internal_protection.admittance": "maybe"}),
        row(1, exclusion_indications="suspected of war crimes"),
    ]
    path = write_csv(tmp_path / "cases.csv", rows)
    with pytest.raises(ImportFileError) as caught:
        import_file(path, sessions, Importer("cli"), TODAY)
    text = str(caught.value)
    assert f"{path}:2: field 'internal_protection.admittance'" in text and "maybe" in text
    assert f"{path}:3: field 'exclusion_indications'" in text
    assert "war crimes" not in text  # special-category: named, never quoted
    assert stored(sessions) == {}
