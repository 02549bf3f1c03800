"""Request-scoped dependencies: the database session and the clock.

Both are `async def`: they do no I/O of their own (a session connects when first used, and
closing one that its route committed or rolled back is a no-op on the driver), so they run on
the event loop instead of taking two trips through the thread pool on every request.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session, sessionmaker


async def get_db(request: Request) -> AsyncIterator[Session]:
    """A session for this request. Routes commit their work; anything else is rolled back."""
    factory: sessionmaker[Session] = request.app.state.sessions
    with factory() as session:
        yield session


async def get_now() -> datetime:
    return datetime.now(UTC)


SessionDep = Annotated[Session, Depends(get_db)]
NowDep = Annotated[datetime, Depends(get_now)]
