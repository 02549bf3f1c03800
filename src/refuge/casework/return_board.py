"""The team's return cases by state, for the return board: how many are in each state of the
return lifecycle, and a card for each of the first of them (who waits longest first; the most
recent first once departed or closed).

A card holds the V-number, the country and region of return, how the person leaves (or left)
and the dates that matter; no special-category fact, so showing the board is not an audited read.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from refuge.casework import lifecycle
from refuge.casework.access import in_scope, require_case_role
from refuge.casework.actor import Actor
from refuge.casework.models import Application, Person, ReturnCase
from refuge.casework.models.returns import FINAL_STATES
from refuge.casework.returns import route_of

CARDS_PER_COLUMN = 50
NO_TRACK = "no_track"  # a case still `opened`: no departure track chosen yet


@dataclass(frozen=True, slots=True)
class ReturnCard:
    return_case_id: uuid.UUID
    application_id: uuid.UUID
    v_number: str
    nationality: str
    region: str
    state: str
    route: str | None  # ROUTES, or NO_TRACK; None for a case closed without a departure
    opened_on: date
    departed_on: date | None
    days_open: int | None  # for a case not yet departed or closed


@dataclass(frozen=True, slots=True)
class BoardColumn:
    state: str
    count: int
    cards: list[ReturnCard]


def route_on_card(case: ReturnCase) -> str | None:
    """How the person leaves: the route recorded on departure; before it, the one the chosen
    track leads to (charter and not-verified are known only once departed)."""
    if case.status == "departed":
        return case.route or "not_verified"
    if case.status == "closed":
        return None
    if case.status == lifecycle.RETURN.initial:
        return NO_TRACK
    return route_of(case.track, case.support_amount_eur)


def card_of(case: ReturnCase, person: Person, today: date) -> ReturnCard:
    assert case.application_id is not None  # in scope only through its application
    still_open = case.status not in FINAL_STATES
    return ReturnCard(
        return_case_id=case.id,
        application_id=case.application_id,
        v_number=person.v_number,
        nationality=person.nationality,
        region=person.region_of_origin,
        state=case.status,
        route=route_on_card(case),
        opened_on=case.opened_on,
        departed_on=case.departed_on,
        days_open=(today - case.opened_on).days if still_open else None,
    )


def _scoped(actor: Actor) -> Select[ReturnCase, Person]:
    return in_scope(
        select(ReturnCase, Person)
        .join(Application, Application.id == ReturnCase.application_id)
        .join(Person, Person.id == ReturnCase.person_id),
        actor,
    )


def return_board(
    session: Session, actor: Actor, today: date, *, per_column: int = CARDS_PER_COLUMN
) -> list[BoardColumn]:
    """One column per state of the return lifecycle, in its order, with the count of the
    actor's team's return cases in it and at most `per_column` cards."""
    require_case_role(actor, "see the return cases")
    counted = in_scope(
        select(ReturnCase.status, func.count())
        .join(Application, Application.id == ReturnCase.application_id)
        .group_by(ReturnCase.status),
        actor,
    )
    counts = {status: n for status, n in session.execute(counted)}
    columns = []
    for state in lifecycle.RETURN.states:
        cards: list[ReturnCard] = []
        if counts.get(state):
            order: tuple[Any, ...]
            if state == "departed":
                order = (ReturnCase.departed_on.desc(), ReturnCase.opened_on.desc())
            elif state in FINAL_STATES:
                order = (ReturnCase.opened_on.desc(),)
            else:
                order = (ReturnCase.opened_on,)
            rows = session.execute(
                _scoped(actor)
                .where(ReturnCase.status == state)
                .order_by(*order, ReturnCase.id)
                .limit(per_column)
            )
            cards = [card_of(case, person, today) for case, person in rows]
        columns.append(BoardColumn(state, counts.get(state, 0), cards))
    return columns


def return_cards(
    session: Session, actor: Actor, ids: Iterable[uuid.UUID], today: date
) -> dict[uuid.UUID, ReturnCard]:
    """The cards of the return cases `ids` that are in the actor's scope (a charter plan's)."""
    require_case_role(actor, "see the return cases")
    wanted = list(set(ids))
    found: dict[uuid.UUID, ReturnCard] = {}
    for start in range(0, len(wanted), 900):  # under SQLite's limit on bound parameters
        chunk = wanted[start : start + 900]
        rows = session.execute(_scoped(actor).where(ReturnCase.id.in_(chunk)))
        found.update({case.id: card_of(case, person, today) for case, person in rows})
    return found
