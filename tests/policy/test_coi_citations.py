"""A source may cite a passage in the report library (`coi: REFERENCE[@REVISION]#ANCHOR`).
The loader checks the form only and points at a bad one by file:line:column; an individual
report (personal data) can never be cited. A good citation gives the source the API path
of its passage, built from the citation alone."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_loader_errors import assert_at, problems_of, where
from test_source_refs import pack, source

from refuge.coi.schemas import REFERENCE
from refuge.policy import coi_citation, load_pack
from refuge.policy.facts import FACTS


def test_a_cited_passage_is_linked_by_its_api_path(tmp_path: Path) -> None:
    path, _ = pack(tmp_path, source("ambtsbericht", coi="syrie-2025@2#2.3-p4"))
    loaded = load_pack(path, FACTS).sources["s1"]
    assert loaded.coi is not None and loaded.coi.text == "coi:syrie-2025@2#2.3-p4"
    assert loaded.passage == "/api/v1/coi/documents/syrie-2025@2/passages/2.3-p4"


def test_a_citation_without_a_revision_cites_the_first(tmp_path: Path) -> None:
    path, _ = pack(tmp_path, source("seed", coi="kamervragen-2025#p11"))
    loaded = load_pack(path, FACTS).sources["s1"]
    assert loaded.passage == "/api/v1/coi/documents/kamervragen-2025@1/passages/p11"


def test_a_source_without_a_citation_has_no_passage(tmp_path: Path) -> None:
    path, _ = pack(tmp_path, source("ambtsbericht"))
    assert load_pack(path, FACTS).sources["s1"].passage is None


@pytest.mark.parametrize(
    ("written", "says"),
    [
        ("syrie-2025", "is not a passage citation"),
        ("syrie-2025#", "is not a passage anchor"),
        ("Syrie 2025#p1", "is not a passage citation"),
        ("Syrie-2025#p1", "is not a document reference"),
        ("syrie-2025@0#p1", "is not a revision number"),
        ("syrie-2025@two#p1", "is not a revision number"),
        ("syrie-2025#paragraph-4", "is not a passage anchor"),
        ("syrie-2025#2.3-4", "is not a passage anchor"),
    ],
)
def test_a_malformed_citation_is_a_pack_error_at_its_line(
    tmp_path: Path, written: str, says: str
) -> None:
    path, text = pack(tmp_path, source("ambtsbericht", coi=written))
    [problem] = problems_of(path)
    assert_at(problem, path, where(text, json.dumps(written)), "bad-coi-citation")
    assert problem.message.startswith("source 's1': ") and says in problem.message


def test_an_individual_report_can_never_be_cited(tmp_path: Path) -> None:
    written = "individual-0123456789ab#p1"
    path, text = pack(tmp_path, source("ambtsbericht", coi=written))
    [problem] = problems_of(path)
    assert_at(problem, path, where(text, json.dumps(written)), "coi-individual-report")
    assert "personal data" in problem.message


def test_an_assumption_cites_no_passage(tmp_path: Path) -> None:
    cited = '  - id: a2\n    title: A\n    kind: assumption\n    note: n\n    coi: "x#p1"'
    path, text = pack(tmp_path, source("ambtsbericht"), cited)
    [problem] = problems_of(path)
    assert_at(problem, path, where(text, '"x#p1"'), "assumption-with-ref")


def test_the_pack_reference_form_is_the_librarys() -> None:
    assert f"^{coi_citation.REFERENCE.pattern}$" == REFERENCE


SECTIONS = st.lists(st.integers(1, 99), min_size=1, max_size=4).map(
    lambda ns: ".".join(str(n) for n in ns)
)
ANCHORS = st.one_of(
    st.builds(lambda n: f"p{n}", st.integers(1, 999)),
    st.builds(lambda n: f"h{n}", st.integers(1, 99)),
    SECTIONS,
    st.builds(lambda s, n: f"{s}-p{n}", SECTIONS, st.integers(1, 99)),
)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=60)
@given(
    reference=st.from_regex(r"[a-hj-z0-9][a-z0-9._-]{0,30}", fullmatch=True),
    revision=st.integers(1, 500),
    anchor=ANCHORS,
)
def test_every_well_formed_citation_is_read_back_as_written(
    reference: str, revision: int, anchor: str
) -> None:
    cited = coi_citation.parse(f"{reference}@{revision}#{anchor}")
    assert (cited.reference, cited.revision, cited.anchor) == (reference, revision, anchor)
    assert cited.path.endswith(f"/{reference}@{revision}/passages/{anchor}")
