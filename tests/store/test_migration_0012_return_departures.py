"""Revision 0012 adds the departure day and route to return cases, on an existing table."""

from __future__ import annotations

from sqlalchemy import create_engine, inspect, text

from refuge.store.migrate import upgrade


def test_the_departure_fields_are_added(empty_url: str) -> None:
    upgrade(empty_url, "0011_password_change_required")
    engine = create_engine(empty_url)
    try:
        before = {c["name"] for c in inspect(engine).get_columns("return_cases")}
        assert "departed_on" not in before
        upgrade(empty_url, "0012_return_departures")
        after = {c["name"] for c in inspect(engine).get_columns("return_cases")}
        assert after - before == {"departed_on", "route"}
        with engine.begin() as conn:
            assert conn.execute(text("SELECT count(*) FROM return_cases")).scalar() == 0
    finally:
        engine.dispose()
