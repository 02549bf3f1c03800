"""A kept head catches what a chain alone cannot: events cut off the end, a rewritten trail."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session

from refuge.audit.trail import GENESIS, Head, check_head, head, record, verify


def _fill(session: Session, n: int) -> None:
    for i in range(n):
        record(
            session,
            actor="alice",
            action="read",
            entity="application",
            entity_id=f"A-{i}",
            fields=["grounds"],
            purpose="deciding the application",
        )
    session.commit()


def test_an_empty_trail_has_the_genesis_head(session: Session) -> None:
    assert head(session) == Head(0, GENESIS)
    assert verify(session) is None
    assert check_head(session, expect_hash=GENESIS, expect_count=0) is None


def test_the_head_is_the_newest_event(session: Session) -> None:
    _fill(session, 4)
    now = head(session)
    assert now.count == 4
    assert now.hash == session.scalar(text("SELECT hash FROM audit_events WHERE seq = 4"))


def test_a_trail_that_grew_still_holds_the_kept_head(session: Session) -> None:
    _fill(session, 3)
    kept = head(session)
    _fill(session, 2)
    assert check_head(session, expect_hash=kept.hash, expect_count=kept.count) is None
    assert check_head(session, expect_hash=kept.hash) is None
    assert check_head(session, expect_count=kept.count) is None


def test_events_cut_off_the_end_pass_the_chain_but_not_the_kept_head(session: Session) -> None:
    _fill(session, 5)
    kept = head(session)
    session.execute(text("DELETE FROM audit_events WHERE seq >= 4"))
    session.commit()
    assert verify(session) is None  # a chain alone cannot see it
    by_count = check_head(session, expect_count=kept.count)
    assert by_count is not None and (by_count.seq, by_count.kind) == (4, "deleted")
    by_hash = check_head(session, expect_hash=kept.hash)
    assert by_hash is not None and by_hash.kind == "deleted"


def test_a_trail_rewritten_with_fresh_hashes_loses_the_kept_head(session: Session) -> None:
    _fill(session, 3)
    kept = head(session)
    # an intruder empties the trail and writes a plausible new one: the chain is intact
    session.execute(text("DELETE FROM audit_events"))
    session.commit()
    _fill(session, 3)
    assert verify(session) is None
    broken = check_head(session, expect_hash=kept.hash, expect_count=kept.count)
    assert broken is not None and (broken.seq, broken.kind) == (3, "altered")
    assert check_head(session, expect_hash=kept.hash) is not None
