"""The facts of many stored applications at once, as Arrow columns: the encrypted fields opened
in one pass per column and every distinct value checked once, instead of one `Case` per person.

The columns hold exactly what `refuge.case.facts.case_facts` gives for each person's `Case`
(`refuge.casework.case_facts.case_from`), as `refuge.bulk.evaluate.facts_table` lays it out;
a stored value that `Case` would refuse is refused here too (`StoredFactError`), naming the
person and the field.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any, get_args

import pyarrow as pa
import pyarrow.compute as pc
from cryptography.exceptions import InvalidTag
from pydantic_core import from_json

from refuge.case.schema import Case
from refuge.policy.facts import FACTS
from refuge.policy.vocabulary import PermitGround
from refuge.store.crypto import NONCE, SecretKeyError, current_cipher

# the encrypted set facts, and the encrypted flags (a row from before a flag existed is NULL:
# `False`, as `EncryptedFlag` reads it)
SEALED_SETS = ("grounds", "risk_profiles", "exclusion_grounds")
SEALED_FLAGS = ("exclusion_indications", "regime_support_indications")
# the findings on the internal protection alternative: stored column -> fact
FINDINGS = {
    "internal_protection_safe_there": "ipa_safe_there",
    "internal_protection_safe_and_legal_travel": "ipa_travel",
    "internal_protection_admittance": "ipa_admittance",
    "internal_protection_reasonable_to_settle": "ipa_reasonable",
}
_MAX_INDICATORS = 1000  # as `Case.individual_risk_indicators` allows
_PERMIT_GROUNDS = frozenset(get_args(PermitGround))


class StoredFactError(Exception):
    """A stored application holds a value the engine cannot read; the message names the
    person, the field and the value's problem."""

    code = "invalid-stored-fact"


def facts_columns(rows: Mapping[str, Sequence[Any]], table: str) -> pa.Table:
    """The facts table of the applications in `rows` (column name -> values, one per person:
    `person_id` as text, the application's columns, `nationality`, `region_of_origin`, and the
    `ground`, `granted` and `valid_until` of the permit the person holds, None for none).
    `table` names the stored table of the encrypted columns (their ciphertexts are bound to
    it). Columns: `_row`, `person_id`, then the facts in `case_facts` order, with
    `decision_date` the application date."""
    ids = _uuid_text(pa.array(rows["person_id"], pa.string()))
    where = _Where(ids)
    _check_origin(rows["nationality"], rows["region_of_origin"], where)
    dates = _dates(rows["application_date"])
    grounds = rows["ground"]
    _check_permits(grounds, rows["granted"], rows["valid_until"], where)
    columns: dict[str, pa.Array] = {
        "_row": pa.array(range(len(ids)), pa.int64()),
        "person_id": ids,
        "nationality": pa.array(rows["nationality"], pa.string()),
        "region": pa.array(rows["region_of_origin"], pa.string()),
        "application_date": dates,
        "decision_date": dates,
    }
    sets = {
        name: _sealed(rows[name], f"{table}.{name}", _set_of(name), where) for name in SEALED_SETS
    }
    flags = {name: _sealed(rows[name], f"{table}.{name}", _flag, where) for name in SEALED_FLAGS}
    columns["grounds"] = sets["grounds"]
    columns["credibility"] = _plain(rows["credibility"], "credibility", where)
    columns["risk_profiles"] = sets["risk_profiles"]
    # no count (NULL): the indicators are not assessed yet; the fact is then 0, as for a case file
    indicators = _indicators(rows["individual_risk_indicators"], where)
    columns["individual_risk_indicators"] = indicators.fill_null(0)
    columns["indicators_assessed"] = indicators.is_valid()
    columns["exclusion_grounds"] = sets["exclusion_grounds"]
    columns.update(flags)
    for stored, fact in FINDINGS.items():
        columns[fact] = _plain(rows[stored], fact, where)
    permit_grounds = pa.array(grounds, pa.string())
    columns["has_permit"] = permit_grounds.is_valid()
    columns["permit_ground"] = permit_grounds.fill_null("none")
    columns["legal_residence"] = _bools(rows["legal_residence"], "legal_residence", where)
    columns["minor"] = _bools(rows["minor"], "minor", where)
    return pa.table(columns)


class _Where:
    """Names the person of a row in an error message."""

    def __init__(self, ids: pa.Array) -> None:
        self.ids = ids

    def error(self, index: int, field: str, problem: str) -> StoredFactError:
        return StoredFactError(
            f"the newest application of person {self.ids[index].as_py()}: {field} {problem}; "
            "correct the application before reading the cohort"
        )


def _sealed(
    blobs: Sequence[bytes | None],
    context: str,
    read: Callable[[Any, int, _Where], Any],
    where: _Where,
) -> pa.Array:
    """Open every ciphertext of one column; each distinct plaintext is parsed and checked once
    (`read` turns its JSON value into the column's value)."""
    decrypt = current_cipher().decrypt
    bound = context.encode()
    try:
        plains = [None if b is None else decrypt(b[:NONCE], b[NONCE:], bound) for b in blobs]
    except InvalidTag:
        raise SecretKeyError(
            f"cannot decrypt {context}: wrong REFUGE_SECRET_KEY or key file, or altered data"
        ) from None
    coded = pa.array(plains, pa.binary()).dictionary_encode(null_encoding="encode")
    values = [
        read(None if plain is None else from_json(plain), _first(coded.indices, code), where)
        for code, plain in enumerate(coded.dictionary.to_pylist())
    ]
    arrow_type = pa.bool_() if read is _flag else pa.list_(pa.string())
    return pa.array(values, arrow_type).take(coded.indices)


def _first(indices: pa.Array, code: int) -> int:
    """The first row whose value has dictionary index `code`."""
    return int(pc.index(indices, code).as_py())


def _set_of(name: str) -> Callable[[Any, int, _Where], list[str]]:
    domain = FACTS[name].domain or frozenset()

    def read(value: Any, row: int, where: _Where) -> list[str]:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise where.error(row, name, "is not a list of words")
        unknown = sorted(set(value) - domain)
        if unknown:
            raise where.error(
                row, name, f"holds {unknown[0]!r}, which is none of {', '.join(sorted(domain))}"
            )
        if len(set(value)) != len(value):
            raise where.error(row, name, "lists a value twice")
        return sorted(value)

    return read


def _flag(value: Any, row: int, where: _Where) -> bool:
    if value is None:
        return False
    if not isinstance(value, bool):
        raise where.error(row, "a yes/no indication", f"holds {value!r}, not true or false")
    return value


def _plain(values: Sequence[Any], fact: str, where: _Where) -> pa.Array:
    domain = FACTS[fact].domain or frozenset()
    for value in set(values) - domain:
        raise where.error(
            list(values).index(value),
            fact,
            f"holds {value!r}, which is none of {', '.join(sorted(domain))}",
        )
    return pa.array(values, pa.string())


def _bools(values: Sequence[Any], field: str, where: _Where) -> pa.Array:
    """Yes/no columns: SQLite hands them over as 0 and 1."""
    for value in set(values) - {True, False}:
        raise where.error(list(values).index(value), field, f"holds {value!r}, not true or false")
    return pa.array(values).cast(pa.bool_())


def _indicators(values: Sequence[Any], where: _Where) -> pa.Array:
    for value in set(values) - {None}:
        if not isinstance(value, int) or isinstance(value, bool):
            problem = f"holds {value!r}, not a number"
        elif not 0 <= value <= _MAX_INDICATORS:
            problem = f"is {value}, not 0 to {_MAX_INDICATORS}"
        else:
            continue
        raise where.error(list(values).index(value), "individual_risk_indicators", problem)
    return pa.array(values, pa.int64())


def _dates(values: Sequence[Any]) -> pa.Array:
    """Date columns: SQLite hands them over as ISO text, PostgreSQL as dates."""
    return pa.array(values).cast(pa.date32())


def _check_origin(nationalities: Sequence[Any], regions: Sequence[Any], where: _Where) -> None:
    pairs = list(zip(nationalities, regions, strict=True))
    for nationality, region in set(pairs):
        try:
            Case.model_validate(
                {
                    "case_id": "-",
                    "nationality": nationality,
                    "region": region,
                    "application_date": date(2000, 1, 1),
                    "credibility": "not_assessed",
                    "legal_residence": False,
                }
            )
        except ValueError:
            raise where.error(
                pairs.index((nationality, region)),
                "nationality and region of origin",
                f"are {nationality!r} and {region!r}: use a country code such as SY and a "
                "region in it such as SY-DI",
            ) from None


def _check_permits(
    grounds: Sequence[str | None], granted: Sequence[Any], ends: Sequence[Any], where: _Where
) -> None:
    for ground in set(grounds) - _PERMIT_GROUNDS - {None}:
        raise where.error(
            list(grounds).index(ground),
            "permit ground",
            f"is {ground!r}, which is none of {', '.join(sorted(_PERMIT_GROUNDS))}",
        )
    starts, until = _dates(granted), _dates(ends)
    backwards = pc.fill_null(pc.less(until, starts), False)
    if pc.any(backwards).as_py():
        row = int(pc.index(backwards, True).as_py())
        raise where.error(row, "permit", f"ends ({until[row]}) before it was granted")


def _uuid_text(ids: pa.Array) -> pa.Array:
    """Person ids as `str(uuid)` writes them: SQLite stores 32 hex digits, without hyphens."""
    if len(ids) == 0 or pc.all(pc.equal(pc.utf8_length(ids), 36)).as_py():
        return ids
    parts = [pc.utf8_slice_codeunits(ids, a, b) for a, b in ((0, 8), (8, 12), (12, 16), (16, 20))]
    return pc.binary_join_element_wise(*parts, pc.utf8_slice_codeunits(ids, 20, 32), "-")
