"""Concurrent requests that only read (and so only audit) never collide on the chain."""

from __future__ import annotations

import threading

from sqlalchemy.orm import sessionmaker

from refuge.audit.trail import head, record, verify
from refuge.store.engine import engine_for


def test_parallel_appenders_all_succeed_and_the_chain_holds(db_url: str) -> None:
    factory = sessionmaker(engine_for(db_url), expire_on_commit=False)
    errors: list[BaseException] = []
    start = threading.Barrier(8)

    def reader(n: int) -> None:
        start.wait()
        for i in range(15):
            try:
                with factory() as s, s.begin():
                    record(
                        s,
                        actor=f"user{n}",
                        action="read",
                        entity="application",
                        entity_id=f"A-{n}-{i}",
                        fields=["grounds"],
                        purpose="reading",
                    )
            except BaseException as exc:
                errors.append(exc)

    threads = [threading.Thread(target=reader, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with factory() as s:
        assert verify(s) is None
        assert head(s).count == 8 * 15
