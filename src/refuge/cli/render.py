"""Text a caseworker reads: the recommendation first, then numbered steps with sources."""

from __future__ import annotations

from refuge.assess.result import Assessment, SourceRef, Step

LABELS = {
    "grant_refugee": "GRANT — asylum permit as a refugee",
    "grant_subsidiary": "GRANT — asylum permit, subsidiary protection",
    "reject": "REJECT",
    "reject_excluded": "REJECT — exclusion ground established",
    "no_decision_moratorium": "NO DECISION — moratorium in force",
    "further_investigation": "FURTHER INVESTIGATION needed before deciding",
}


def cite(source: SourceRef) -> str:
    return f"{source.id}: {source.locator}" if source.locator else source.id


def shown(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return "{" + ", ".join(str(v) for v in value) + "}" if value else "none"
    return str(value)


def render_assessment(a: Assessment) -> str:
    lines = [
        f"Case {a.case_id} — draft recommendation: {LABELS[a.recommendation]}",
        f"  {a.recommendation_explanation}",
        f"Policy: {a.policy.version} (in force {a.policy.valid_from}"
        f"{' to ' + str(a.policy.valid_to) if a.policy.valid_to else ' onwards'}), "
        f"applied on {a.as_of}; pack sha256 {a.policy.pack_sha256[:16]}…",
        "",
        "Why:",
    ]
    for n, step in enumerate(a.steps, 1):
        lines.extend(_step(n, step))
    if a.permit_review is not None:
        pr = a.permit_review
        lines += [
            "",
            "Permit review: revocation "
            f"{'may be proposed' if pr.revocation_possible else 'not possible'} — {pr.reason}",
        ]
    r = a.return_
    lines += [
        "",
        "If the application is rejected:",
        f"  obliged to leave: {shown(r.obliged_to_leave)}; voluntary return support: "
        f"{shown(r.voluntary_return_support)} (EUR {r.support_amount_eur}); "
        f"forced return possible: {shown(r.forced_return_possible)}",
        "",
        a.notice,
    ]
    return "\n".join(lines)


def _step(n: int, step: Step) -> list[str]:
    out = [f"{n:>3}. {step.rule} = {shown(step.value)}", f"     {step.explanation}"]
    for p in step.parameters:
        until = f" to {p.valid_to}" if p.valid_to else ""
        out.append(f"     · {p.name} = {shown(p.value)} (in force {p.valid_from}{until})")
    if step.sources:
        out.append("     Sources: " + "; ".join(cite(s) for s in step.sources))
    return out
