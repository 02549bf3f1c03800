"""Text a caseworker reads: the headline and its decisive reason first, then numbered steps
with sources; assumptions, projections and the caseworker's own judgments are marked."""

from __future__ import annotations

from refuge.assess.result import Assessment, SourceRef, Step


def cite(source: SourceRef) -> str:
    text = f"{source.id}: {source.locator}" if source.locator else source.id
    return f"{text} <{source.url}>" if source.url else text


def render_assessment(a: Assessment) -> str:
    h = a.headline
    lines = [
        f"Case {a.case_id} — {h.title}",
        f"  {h.text}",
        f"Policy: {a.policy.version} (in force {a.policy.valid_from}"
        f"{' to ' + str(a.policy.valid_to) if a.policy.valid_to else ' onwards'}), "
        f"applied on {a.as_of}; pack sha256 {a.policy.pack_sha256[:16]}…",
        "",
        "Why:",
    ]
    noted: set[str] = set()
    for n, step in enumerate(a.steps, 1):
        lines.extend(_step(n, step, noted))
    lines += ["", *_return_lines(a)] if _return_lines(a) else []
    r = a.receipt
    lines += [
        "",
        f"Receipt: {r.engine}; pack sha256 {r.pack_sha256}; case sha256 {r.case_sha256}",
        a.notice,
    ]
    return "\n".join(lines)


def _return_lines(a: Assessment) -> list[str]:
    r = a.return_
    if a.permit_review is not None:
        support = (
            f"voluntary return support EUR {r.support_amount_eur} if the holder chooses to return"
            if r.voluntary_return_support
            else "no voluntary return support on this date"
        )
        return [f"Return: a lawful resident is not obliged to leave; {support}."]
    if not r.applies:
        return []
    return [
        "If the application is rejected as recommended:",
        f"  obliged to leave: {'yes' if r.obliged_to_leave else 'no'}; voluntary return support: "
        + (f"EUR {r.support_amount_eur}" if r.voluntary_return_support else "none on this date"),
        f"  forced return possible: {'yes' if r.forced_return_possible else 'no'} — "
        f"{r.forced_return_explanation}",
    ]


ROLE_MARKS = {
    "decided": "   [decisive]",
    "examined": "",
    "check": "   [check: caseworker's judgment]",
    "other": "   [did not decide]",
}


def _step(n: int, step: Step, noted: set[str]) -> list[str]:
    """One numbered step; an assumption's note is printed in full the first time only."""
    mark = ROLE_MARKS[step.role]
    out = [f"{n:>3}. {step.rule} = {shown(step.value)}{mark}", f"     {step.explanation}"]
    if step.caseworker_judgment:
        out.append(f"     ! Caseworker's judgment: {step.caseworker_judgment}")
    for p in step.parameters:
        until = f" to {p.valid_to}" if p.valid_to else " onwards"
        out.append(f"     · {p.name} = {p.shown} (in force {p.valid_from}{until})")
        if p.projection:
            out.append(
                f"       ! Projection: no source after {p.projection} says this value still holds."
            )
    for assumption in step.assumptions:
        note = "see above" if assumption.source in noted else assumption.note
        noted.add(assumption.source)
        out.append(f"     ! Assumption ({assumption.source}): {note}")
    if step.sources:
        out.append("     Sources: " + "; ".join(cite(s) for s in step.sources))
    return out


def shown(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return "{" + ", ".join(str(v) for v in value) + "}" if value else "none"
    return str(value)
