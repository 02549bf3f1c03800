"""Return cases for the charter tests, made through the casework service, and a test pack in
which forced return to Syria becomes possible. Not policy: the real pack has no return agreement.

`write_agreement_pack(directory, risk_from)` writes the Syria pack with a return-cooperation
agreement in force from 10 June 2025 and, from `risk_from` on (if given), the general
presumption of real risk on return back in force — the situation in the country worsening
after a person was put on the forced track. Point REFUGE_POLICY_DIR at `directory` to use it.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy.orm import Session

from moratorium_pack import forget_packs
from refuge.accounts.models import Team, User
from refuge.casework import service
from refuge.casework.actor import Actor
from refuge.casework.models import Application, Decision
from refuge.casework.schemas import ApplicationCreate
from refuge.policy.locate import _bundled_dir

TODAY = date.today()
AGREEMENT_FROM = date(2025, 6, 10)
TEST_SOURCE = "test-pack"
# rejected on its facts: no protection need, so no real risk on return
NO_RISK: dict[str, Any] = {
    "grounds": ["economic"],
    "risk_profiles": [],
    "credibility": "not_credible",
}
# excluded (Article 1F) with a credible fear and individual risk: a real risk on return
REAL_RISK: dict[str, Any] = {
    "grounds": ["fear_non_state_actor"],
    "risk_profiles": [],
    "credibility": "credible",
    "individual_risk_indicators": 3,
    "exclusion_grounds": ["article_1F"],
}
# excluded with no protection need today: forced return possible where an agreement exists
EXCLUDED_NO_RISK: dict[str, Any] = {**NO_RISK, "exclusion_grounds": ["article_1F"]}


def actor(session: Session, name: str, role: str, team: str) -> Actor:
    """A stored user of `team` (made if need be), as the casework service sees them."""
    found = session.query(Team).filter_by(name=team).one_or_none()
    if found is None:
        found = Team(name=team)
        session.add(found)
        session.flush()
    user = User(username=name, display_name=name, password_hash="x", role=role)
    user.team_id = found.id
    session.add(user)
    session.flush()
    return Actor(user.id, name, role, found.id)


def return_case(
    session: Session,
    who: Actor,
    v_number: str,
    *,
    region: str = "SY-DI",
    to_state: str | None = "voluntary_departure",
    opened_on: date = TODAY,
    facts: dict[str, Any] | None = None,
) -> uuid.UUID:
    """A person with a rejection in effect and an open return case, moved to `to_state`."""
    body = {
        "v_number": v_number,
        "nationality": "SY",
        "region_of_origin": region,
        "application_date": date(2025, 3, 1),
        **(NO_RISK if facts is None else facts),
    }
    app = service.register_application(
        session, who, ApplicationCreate.model_validate(body), date(2025, 3, 1)
    )
    assert who.user_id is not None
    outcome = "reject_excluded" if (facts or {}).get("exclusion_grounds") else "reject"
    session.add(
        Decision(application_id=app.id, outcome=outcome, reasons="x", decided_by=who.user_id)
    )
    session.get_one(Application, app.id).status = "decided"
    session.flush()
    case = service.open_return_case(session, who, app.id, opened_on)
    if to_state is not None:
        service.transition_return_case(session, who, case.id, to_state, TODAY)
    session.commit()
    return case.id


def write_agreement_pack(directory: Path, risk_from: date | None = None) -> Path:
    pack = yaml.safe_load((_bundled_dir() / "SY.yaml").read_text(encoding="utf-8"))
    pack["sources"].append(
        {"id": TEST_SOURCE, "title": "Test pack", "kind": "assumption", "note": "tests only"}
    )
    params = pack["parameters"]
    params["return_agreement_in_force"]["values"] = [
        {"valid_from": date(2011, 7, 6), "valid_to": AGREEMENT_FROM - timedelta(days=1)}
        | {"value": False, "cite": [TEST_SOURCE]},
        {"valid_from": AGREEMENT_FROM, "value": True, "cite": [TEST_SOURCE]},
    ]
    if risk_from is not None:
        values = params["general_risk_presumption"]["values"]
        last = values[-1]
        last["valid_to"] = risk_from - timedelta(days=1)
        values.append({"valid_from": risk_from, "value": True, "cite": [TEST_SOURCE]})
    path = directory / "SY.yaml"
    path.write_text(yaml.safe_dump(pack, sort_keys=False), encoding="utf-8")
    forget_packs()
    return path
