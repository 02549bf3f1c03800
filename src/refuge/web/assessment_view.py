"""A stored assessment (the engine's JSON output) arranged for its page: the headline, the steps
that decided and the ones a caseworker must check first, the rest folded away, and each step's
sources, assumptions and projections looked up by id (the output lists them once)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SHOWN_FIRST = ("decided", "check")


@dataclass(frozen=True, slots=True)
class StepView:
    rule: str
    value: Any
    explanation: str
    role: str
    sources: list[dict[str, Any]]
    assumptions: list[dict[str, Any]]
    projections: list[dict[str, Any]]
    judgment: str | None


@dataclass(frozen=True, slots=True)
class AssessmentView:
    output: dict[str, Any]
    first: list[StepView] = field(default_factory=list)
    others: list[StepView] = field(default_factory=list)

    @property
    def headline(self) -> dict[str, Any]:
        return dict(self.output.get("headline") or {})

    @property
    def headline_projections(self) -> list[dict[str, Any]]:
        """The projections the headline rests on, each as `parameters[]` lists it."""
        parameters = {p["name"]: p for p in self.output.get("parameters", [])}
        names = self.headline.get("projections", [])
        return [parameters[n] for n in names if n in parameters]


def arrange(output: dict[str, Any]) -> AssessmentView:
    sources = {s["id"]: s for s in output.get("sources", [])}
    parameters = {p["name"]: p for p in output.get("parameters", [])}
    view = AssessmentView(output)
    for step in output.get("steps", []):
        read = [parameters[name] for name in step.get("parameters", []) if name in parameters]
        arranged = StepView(
            rule=step["rule"],
            value=step["value"],
            explanation=step["explanation"],
            role=step.get("role", "decided"),
            sources=[sources[i] for i in step.get("sources", []) if i in sources],
            assumptions=[sources[i] for i in step.get("assumptions", []) if i in sources],
            projections=[p for p in read if p.get("projection")],
            judgment=step.get("caseworker_judgment"),
        )
        shown_first = arranged.role in SHOWN_FIRST or arranged.judgment is not None
        (view.first if shown_first else view.others).append(arranged)
    return view
