"""Fixtures of the report library's tests (both databases through `session`)."""

from __future__ import annotations

import pytest
from coi_helpers import People, make_people
from sqlalchemy.orm import Session


@pytest.fixture
def people(session: Session) -> People:
    return make_people(session)
