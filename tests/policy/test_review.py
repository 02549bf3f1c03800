"""The legal review: the whole pack on one page, every rule, outcome row and dated value with
its legal basis and sources, assumptions marked, and reviewer's notes that survive
regeneration."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from refuge.policy import PolicyPack, find_pack, load_pack
from refuge.policy.country import REQUIRED_OUTPUTS
from refuge.policy.facts import FACTS
from refuge.policy.review import legal_basis, read_notes, review, reviewed_country

ROOT = Path(__file__).resolve().parents[2]
COMMITTED = ROOT / "docs" / "legal-review.md"
REGENERATE = "refuge policy review SY --output docs/legal-review.md"
NOTE = "reviewer's note"

PACK = """\
country: XX
title: Test pack
valid_from: 2020-01-01
sources:
  - {id: art-1, title: "Act, article 1", kind: law, locator: "art. 1", ref: "BWBR0011823"}
  - {id: ruling, title: "Court | ruling", kind: court, locator: "ECLI:XX:1", ref_unknown: "a test"}
  - {id: letter, title: Policy letter, kind: kamerstuk, locator: "nr. 7", ref: "kst-19637-7"}
  - id: assume-end
    title: Assumed end of the moratorium
    kind: assumption
    note: "We assume the moratorium | ended on 30 June 2021."
parameters:
  moratorium:
    description: A moratorium is in force
    type: bool
    values:
      - {valid_from: 2020-01-01, value: false, cite: letter}
      - {valid_from: 2021-01-01, valid_to: 2021-06-30, value: true, cite: [letter, assume-end]}
      - {valid_from: 2021-07-01, value: false, cite: letter}
  profiles:
    description: Designated risk profiles
    type: set[str]
    values:
      - {valid_from: 2020-01-01, value: [lgbtiq, kurd], cite: art-1}
rules:
  - id: has_profile
    description: The applicant has a designated profile
    expression: overlaps(risk_profiles, profiles)
    cite: [art-1, letter]
  - id: credible
    description: The account is credible
    expression: credibility == 'credible'
    cite: letter
  - id: paused
    description: A moratorium stops decisions
    expression: moratorium
    cite: assume-end
outcomes:
  - id: recommendation
    description: What to advise
    rows:
      - {when: paused, value: no_decision_moratorium, cite: letter, explain: Wait.}
      - when: has_profile and credible
        value: grant_refugee
        cite: [art-1, ruling]
        explain: Grant.
    otherwise: {value: reject, cite: letter, explain: Reject.}
"""


def write_pack(tmp_path: Path, text: str = PACK) -> PolicyPack:
    path = tmp_path / "XX.yaml"
    path.write_text(text, encoding="utf-8")
    return load_pack(path, FACTS)


def table(markdown: str, first_header: str) -> list[dict[str, str]]:
    """The rows of the table whose first header cell is `first_header`, by header."""
    lines = markdown.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"| {first_header} |"))
    header = cells(lines[start])
    rows = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        row = cells(line)
        assert len(row) == len(header), f"a cell holds an unescaped '|': {line}"
        rows.append(dict(zip(header, row, strict=True)))
    return rows


def cells(line: str) -> list[str]:
    return [c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", line.strip()[1:-1])]


def row_of(rows: list[dict[str, str]], **match: str) -> dict[str, str]:
    found = [r for r in rows if all(r[k].replace("`", "") == v for k, v in match.items())]
    assert len(found) == 1, f"expected one row with {match}, found {len(found)}"
    return found[0]


def with_note(markdown: str, first_header: str, match: dict[str, str], note: str) -> str:
    """The document with `note` written in the last column of one row, as a reviewer would."""
    target = row_of(table(markdown, first_header), **match)
    out = []
    for line in markdown.splitlines(keepends=True):
        if line.startswith("|") and cells(line)[: len(target)] == list(target.values()):
            line = line.rstrip("\n").removesuffix(" |").rstrip() + f" {note} |\n"
        out.append(line)
    return "".join(out)


# -- the SY pack -----------------------------------------------------------------------------


def sy_pack() -> PolicyPack:
    path = find_pack("SY")
    assert path is not None
    return load_pack(path, FACTS, REQUIRED_OUTPUTS)


def test_the_committed_legal_review_is_up_to_date_with_the_sy_pack() -> None:
    committed = COMMITTED.read_text(encoding="utf-8") if COMMITTED.exists() else ""
    if review(sy_pack(), read_notes(committed)) != committed:
        pytest.fail(
            "docs/legal-review.md is out of date with policies/SY.yaml. Regenerate it with "
            f"`{REGENERATE}` (the reviewer's notes in it are kept) and commit it."
        )


def test_every_rule_outcome_row_and_dated_value_of_the_sy_pack_has_a_row() -> None:
    pack = sy_pack()
    text = review(pack)
    rules, values = table(text, "rule or table"), table(text, "parameter")
    for rid, rule in pack.rules.items():
        row_of(rules, **{"rule or table": rid, "when": ""})
        for r in rule.rows:
            when = "otherwise" if r.when is None else " ".join(r.when_text.split())
            row_of(rules, **{"rule or table": rid, "when": when})
    for name, p in pack.parameters.items():
        for v in p.values:
            row_of(values, parameter=name, **{"from": v.valid_from.isoformat()})
    assumptions = table(text, "assumption")
    for s in pack.sources.values():
        if s.kind == "assumption":
            row_of(assumptions, assumption=s.id)
        else:
            row_of(table(text, "source"), source=s.id)
    assert text.startswith(f"# Legal review: SY — {pack.title}\n")
    assert pack.sha256 in text


# -- what a row says -------------------------------------------------------------------------


def test_a_row_citing_an_assumption_is_marked_assumption_and_shows_the_note(
    tmp_path: Path,
) -> None:
    text = review(write_pack(tmp_path))
    note = "We assume the moratorium | ended on 30 June 2021."
    paused = row_of(table(text, "rule or table"), **{"rule or table": "paused"})
    assert paused["sourced or assumption"] == "assumption"
    assert note in paused["assumption note"]
    value = row_of(table(text, "parameter"), parameter="moratorium", **{"from": "2021-01-01"})
    assert value["sourced or assumption"] == "assumption"
    assert note in value["assumption note"]
    assert value["to (last day)"] == "2021-06-30"
    credible = row_of(table(text, "rule or table"), **{"rule or table": "credible"})
    assert (credible["sourced or assumption"], credible["assumption note"]) == ("sourced", "")


def test_the_assumptions_table_names_everything_that_rests_on_each(tmp_path: Path) -> None:
    text = review(write_pack(tmp_path))
    row = row_of(table(text, "assumption"), assumption="assume-end")
    assert "ended on 30 June 2021" in row["what is assumed"]
    assert (
        "paused" in row["cited by"] and "`moratorium` 2021-01-01 to 2021-06-30" in row["cited by"]
    )
    assert row["other rules it can change"] == "`recommendation`"  # it reads `paused`


def test_the_legal_basis_is_the_cited_law_and_court_sources(tmp_path: Path) -> None:
    pack = write_pack(tmp_path)
    assert [s.id for s in legal_basis(pack, ["letter", "ruling", "assume-end", "art-1"])] == [
        "ruling",
        "art-1",
    ]
    rules = table(review(pack), "rule or table")
    grant = row_of(rules, **{"rule or table": "recommendation", "when": "has_profile and credible"})
    assert grant["legal basis"] == "`art-1` (art. 1); `ruling` (ECLI:XX:1)"
    assert grant["what it decides"] == "`grant_refugee`: Grant."
    profile = row_of(rules, **{"rule or table": "has_profile"})
    assert (profile["legal basis"], profile["other sources"]) == (
        "`art-1` (art. 1)",
        "`letter` (nr. 7)",
    )


def test_a_rule_without_law_or_court_says_none_cited(tmp_path: Path) -> None:
    rules = table(review(write_pack(tmp_path)), "rule or table")
    assert row_of(rules, **{"rule or table": "credible"})["legal basis"] == "none cited"
    otherwise = row_of(rules, **{"rule or table": "recommendation", "when": "otherwise"})
    assert otherwise["legal basis"] == "none cited"


def test_values_and_open_ended_ranges_are_written_plainly(tmp_path: Path) -> None:
    values = table(review(write_pack(tmp_path)), "parameter")
    profiles = row_of(values, parameter="profiles", **{"from": "2020-01-01"})
    assert (profiles["value"], profiles["to (last day)"]) == ("`{kurd, lgbtiq}`", "open-ended")
    assert row_of(values, parameter="moratorium", **{"from": "2020-01-01"})["value"] == "`false`"


def test_the_output_is_the_same_every_time_in_pack_order(tmp_path: Path) -> None:
    pack = write_pack(tmp_path)
    text = review(pack)
    assert text == review(write_pack(tmp_path))
    assert [r["parameter"] for r in table(text, "parameter")] == ["moratorium"] * 3 + ["profiles"]
    ids = list(dict.fromkeys(r["rule or table"] for r in table(text, "rule or table")))
    assert ids == list(pack.rules)
    assert "sha256 `" + pack.sha256 in text and "2020-01-01 onwards" in text


def test_a_bar_in_any_cell_is_escaped(tmp_path: Path) -> None:
    text = review(write_pack(tmp_path))
    assert "Court \\| ruling" in text
    for first in ("rule or table", "parameter", "assumption", "source"):
        table(text, first)  # checks that every row has as many cells as the header


# -- reviewer's notes ------------------------------------------------------------------------


def test_notes_are_carried_over_to_the_same_rows_on_regeneration(tmp_path: Path) -> None:
    text = review(write_pack(tmp_path))
    text = with_note(text, "rule or table", {"rule or table": "credible"}, "Cite art. 31 Vw.")
    grant = {"rule or table": "recommendation", "when": "has_profile and credible"}
    text = with_note(text, "rule or table", grant, "Check art. 1F \\| 12 QD first.")
    value = {"parameter": "moratorium", "from": "2021-01-01"}
    text = with_note(text, "parameter", value, "Staatscourant?")
    text = with_note(text, "assumption", {"assumption": "assume-end"}, "Agreed.")

    # the pack changes: a row is added before the noted one, the noted value ends a day later
    changed = (
        PACK.replace(
            "      - when: has_profile",
            "      - {when: \"'article_1F' in exclusion_grounds\", value: reject_excluded, "
            "cite: art-1, explain: Excluded.}\n      - when: has_profile",
        )
        .replace("valid_to: 2021-06-30", "valid_to: 2021-07-01")
        .replace(
            "- {valid_from: 2021-07-01, value: false", "- {valid_from: 2021-07-02, value: false"
        )
    )
    again = review(write_pack(tmp_path, changed), read_notes(text))
    rules, values = table(again, "rule or table"), table(again, "parameter")
    assert row_of(rules, **{"rule or table": "credible"})[NOTE] == "Cite art. 31 Vw."
    assert row_of(rules, **grant)[NOTE] == "Check art. 1F | 12 QD first."
    assert "Check art. 1F \\| 12 QD first." in again
    excluded = {"rule or table": "recommendation", "when": "'article_1F' in exclusion_grounds"}
    assert row_of(rules, **excluded)[NOTE] == ""
    noted = row_of(values, parameter="moratorium", **{"from": "2021-01-01"})
    assert (noted["to (last day)"], noted[NOTE]) == ("2021-07-01", "Staatscourant?")
    assert row_of(table(again, "assumption"), assumption="assume-end")[NOTE] == "Agreed."
    assert "no longer in the pack" not in again
    assert review(write_pack(tmp_path, changed), read_notes(again)) == again


def test_a_note_whose_row_is_gone_is_kept_at_the_end_until_the_row_returns(
    tmp_path: Path,
) -> None:
    text = with_note(
        review(write_pack(tmp_path)), "rule or table", {"rule or table": "credible"}, "Why?"
    )
    without = PACK.replace("and credible", "and True").replace(
        "  - id: credible\n    description: The account is credible\n"
        "    expression: credibility == 'credible'\n    cite: letter\n",
        "",
    )
    gone = review(write_pack(tmp_path, without), read_notes(text))
    kept = table(gone, "table")
    assert kept == [{"table": "rules", "row": "credible", "when or from": "", NOTE: "Why?"}]
    assert review(write_pack(tmp_path, without), read_notes(gone)) == gone  # kept again
    back = review(write_pack(tmp_path), read_notes(gone))
    assert row_of(table(back, "rule or table"), **{"rule or table": "credible"})[NOTE] == "Why?"
    assert "no longer in the pack" not in back


def test_a_note_with_an_unescaped_bar_is_kept_whole(tmp_path: Path) -> None:
    text = review(write_pack(tmp_path))
    text = with_note(text, "source", {"source": "letter"}, "p. 3 | p. 4")
    notes = read_notes(text)
    assert notes[("sources", "letter", "")] == "p. 3 | p. 4"
    assert "| p. 3 \\| p. 4 |" in review(write_pack(tmp_path), notes)


def test_the_country_of_a_review_is_read_from_its_title(tmp_path: Path) -> None:
    assert reviewed_country(review(write_pack(tmp_path))) == "XX"
    assert reviewed_country("# Notes\n") is None


def test_two_rows_with_the_same_when_keep_their_own_notes(tmp_path: Path) -> None:
    twice = PACK.replace(
        "      - {when: paused,",
        "      - {when: paused, value: reject, cite: letter, explain: Never applies.}\n"
        "      - {when: paused,",
    )
    pack = write_pack(tmp_path, twice)
    lines = review(pack).splitlines(keepends=True)
    rows = [i for i, x in enumerate(lines) if x.startswith("| recommendation | `paused` |")]
    assert len(rows) == 2
    for i, note in zip(rows, ["first", "second"], strict=True):
        lines[i] = lines[i].rstrip("\n").removesuffix(" |") + f"{note} |\n"
    again = table(review(pack, read_notes("".join(lines))), "rule or table")
    paused = [r[NOTE] for r in again if r["when"] == "`paused`"]
    assert paused == ["first", "second"]


def test_each_assumption_is_noted_once_per_row() -> None:
    """A rule that rests on one assumption through several of its dated legal bases lists the
    note once: a reviewer reads each assumption once per row."""
    text = COMMITTED.read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line.startswith("| "):
            continue
        notes = re.findall(r"`(assume-[a-z0-9-]+)`: ", line)
        assert len(notes) == len(set(notes)), line[:120]
