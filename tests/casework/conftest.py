"""Fixtures for casework tests (both databases through `session`)."""

from __future__ import annotations

import pytest
from casework_helpers import People, make_people
from sqlalchemy.orm import Session


@pytest.fixture
def people(session: Session) -> People:
    return make_people(session)
