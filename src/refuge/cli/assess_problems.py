"""What `refuge assess` says, in the language asked, when it cannot assess a case: each
message names the option or the field of the case file to fix."""

from __future__ import annotations

from pathlib import Path

from refuge.assess.errors import (
    AssessedBeforeApplication,
    AssessedBeforePermit,
    PermitLapsed,
    PermitWithoutResidence,
    UnknownRegion,
)
from refuge.case.reader import CaseInputError
from refuge.policy import PolicyNotInForce
from refuge.policy.country import NoPackForCountry

# the exceptions `problem` words; anything else is not a problem with the input
PROBLEMS = (
    CaseInputError,
    NoPackForCountry,
    UnknownRegion,
    AssessedBeforeApplication,
    AssessedBeforePermit,
    PermitLapsed,
    PermitWithoutResidence,
    PolicyNotInForce,
)

PREFIX = {"en": "refuge: error: ", "nl": "refuge: fout: "}


def problem(exc: Exception, case_file: Path, lang: str) -> str:
    """The message for `exc` (one of PROBLEMS) about `case_file`, in `lang` ("en" or "nl")."""
    if isinstance(exc, CaseInputError):
        return exc.message(lang)
    if lang == "nl":
        return _dutch(exc, case_file)
    if isinstance(exc, NoPackForCountry):
        return f"{case_file}: field 'nationality': {exc}"
    if isinstance(exc, UnknownRegion):
        return f"{case_file}: field 'region': {exc}"
    if isinstance(exc, AssessedBeforeApplication):
        return f"--as-of: {exc} (the application_date of {case_file})"
    if isinstance(exc, AssessedBeforePermit):
        return f"--as-of: {exc} (the permit.granted of {case_file})"
    if isinstance(exc, PermitLapsed):
        return f"{case_file}: fields 'permit.valid_until' and 'legal_residence': {exc}"
    if isinstance(exc, PermitWithoutResidence):
        return f"{case_file}: fields 'permit' and 'legal_residence': {exc}"
    return f"--as-of: {exc}"


def _dutch(exc: Exception, case_file: Path) -> str:
    if isinstance(exc, NoPackForCountry):
        if exc.offered is not None:
            what = f"de nationaliteit is {exc.country!r}, maar het pakket is voor {exc.offered!r}"
        else:
            have = ", ".join(exc.have) or "geen enkel land"
            what = (
                f"er is geen beleidspakket voor land {exc.country!r}; pakketten zijn er voor {have}"
            )
        return f"{case_file}: veld 'nationality': {what}"
    if isinstance(exc, UnknownRegion):
        return (
            f"{case_file}: veld 'region': regio {exc.region!r} staat niet in het pakket; "
            f"gebruik een van {', '.join(exc.known)}"
        )
    if isinstance(exc, AssessedBeforeApplication):
        lodged = exc.application_date.isoformat()
        return (
            f"--as-of: de beoordelingsdatum {exc.as_of.isoformat()} ligt vóór de aanvraagdatum "
            f"{lodged}; beoordeel op of na {lodged} (de application_date van {case_file})"
        )
    if isinstance(exc, AssessedBeforePermit):
        granted = exc.granted.isoformat()
        return (
            f"--as-of: de beoordelingsdatum {exc.as_of.isoformat()} ligt vóór de verlening van de "
            f"vergunning op {granted}; beoordeel op of na {granted}, of laat de vergunning weg "
            "om de aanvraag te beoordelen zoals die daarvoor stond "
            f"(de permit.granted van {case_file})"
        )
    if isinstance(exc, PermitLapsed):
        until = exc.valid_until.isoformat()
        return (
            f"{case_file}: velden 'permit.valid_until' en 'legal_residence': de vergunning liep af "
            f"op {until}, vóór de beoordelingsdatum {exc.as_of.isoformat()}, en de zaak vermeldt "
            "geen rechtmatig verblijf: de vergunning is vervallen en er is geen vergunning om te "
            "toetsen; is verlenging tijdig aangevraagd, zet legal_residence op true; is de "
            "vergunning verlengd, vul de nieuwe valid_until in; laat de vergunning anders weg "
            f"(of beoordeel op of vóór {until})"
        )
    if isinstance(exc, PermitWithoutResidence):
        return (
            f"{case_file}: velden 'permit' en 'legal_residence': de vergunning (verleend "
            f"{exc.granted.isoformat()}, geldig tot {exc.valid_until.isoformat()}) is van kracht "
            f"op {exc.as_of.isoformat()}, maar de zaak vermeldt geen rechtmatig verblijf; wie een "
            "geldige vergunning heeft, verblijft rechtmatig: zet legal_residence op true, of "
            "verbeter de data van de vergunning"
        )
    assert isinstance(exc, PolicyNotInForce)
    starts = exc.starts.isoformat()
    return (
        f"--as-of: het pakket {exc.country} begint op {starts}; het heeft geen beleid voor "
        f"{exc.asked.isoformat()}. Gebruik een datum op of na {starts}."
    )
