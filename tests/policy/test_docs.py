"""docs/policy-packs.md stays the complete reference: every case fact, function, source kind
and error code the loader can emit is described there."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import get_args

import pytest

from refuge.policy.facts import FACT_DOCS, FACTS
from refuge.policy.schema import SourceKind
from refuge.rules.functions import DATE_LITERAL, FUNCTIONS

ROOT = Path(__file__).resolve().parents[2]
DOC = (ROOT / "docs" / "policy-packs.md").read_text(encoding="utf-8")
# the modules that load and check a pack, and so emit its error codes
SOURCES = [
    ROOT / "src" / "refuge" / folder / f"{name}.py"
    for folder, names in {
        "policy": ["loader", "yaml_source", "schema", "errors", "pack"],
        "rules": ["parse", "check", "fold", "functions", "graph", "errors"],
    }.items()
    for name in names
]
PROBLEM_CALLS = {"RuleError", "YamlProblem", "PackProblem", "problem", "PydanticCustomError"}
NOT_CODES = {"f-strings"}  # a hyphenated word in a message, not an error code


def _codes_in(path: Path) -> set[str]:
    """Error codes in a source file: string arguments of the calls that raise or record a
    problem, and hyphenated words (codes in tables and attributes)."""
    codes: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in PROBLEM_CALLS:
                codes |= {
                    a.value
                    for a in node.args
                    if isinstance(a, ast.Constant)
                    and isinstance(a.value, str)
                    and re.fullmatch(r"[a-z]+(-[a-z]+)*", a.value)
                }
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            codes |= {node.value} if re.fullmatch(r"[a-z]+(-[a-z]+)+", node.value) else set()
    return codes - NOT_CODES


ERROR_CODES = sorted(set().union(*(_codes_in(path) for path in SOURCES)))


def documented(name: str) -> bool:
    return f"`{name}`" in DOC or f"`{name}(" in DOC


@pytest.mark.parametrize("fact", sorted(FACTS))
def test_every_case_fact_is_documented(fact: str) -> None:
    assert documented(fact), f"docs/policy-packs.md: add the case fact {fact!r}"
    assert FACT_DOCS[fact] in DOC, f"docs/policy-packs.md: describe {fact!r} as in FACT_DOCS"


@pytest.mark.parametrize("function", sorted([*FUNCTIONS, DATE_LITERAL]))
def test_every_function_is_documented(function: str) -> None:
    assert f"`{function}(" in DOC, f"docs/policy-packs.md: add the function {function}()"


@pytest.mark.parametrize("kind", get_args(SourceKind))
def test_every_source_kind_is_documented(kind: str) -> None:
    assert documented(kind), f"docs/policy-packs.md: add the source kind {kind!r}"


def test_the_error_codes_are_found() -> None:
    assert {"unknown-name", "rule-cycle", "gap", "overlap", "yaml-syntax"} <= set(ERROR_CODES)


@pytest.mark.parametrize("code", ERROR_CODES)
def test_every_error_code_is_documented(code: str) -> None:
    assert re.search(rf"^\| `{re.escape(code)}` \|", DOC, re.MULTILINE), (
        f"docs/policy-packs.md: add a row for the error code {code!r}"
    )
