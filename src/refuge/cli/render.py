"""Text a caseworker reads: the headline and its decisive reason first, then numbered steps
with sources; assumptions, projections and the caseworker's own judgments are marked. In the
language of the assessment (`refuge assess --lang nl|en`)."""

from __future__ import annotations

from datetime import date

from refuge.assess.result import Assessment, SourceRef, Step

WORDS = {
    "en": {
        "policy": "Policy",
        "in_force": "in force",
        "onwards": "onwards",
        "to": "to",
        "applied": "applied on",
        "why": "Why:",
        "judgment": "Caseworker's judgment",
        "projection": "Projection: no source after {date} says this value still holds.",
        "assumption": "Assumption",
        "see_above": "see above",
        "caveat": "Note on the source",
        "later": "dated {date}, after the assessment date: not known on that day",
        "sources": "Sources",
        "receipt": "Receipt",
        "case": "Case",
        "if_rejected": "If the application is rejected as recommended:",
        "obliged": "obliged to leave",
        "support": "voluntary return support",
        "no_support": "none on this date",
        "forced": "forced return possible",
        "yes": "yes",
        "no": "no",
        "holder": "Return: a lawful resident is not obliged to leave; {support}.",
        "holder_support": "voluntary return support EUR {eur} if the holder chooses to return",
        "holder_no_support": "no voluntary return support on this date",
        "decided": "   [decisive]",
        "check": "   [check: caseworker's judgment]",
        "other": "   [did not decide]",
    },
    "nl": {
        "policy": "Beleid",
        "in_force": "geldig",
        "onwards": "en later",
        "to": "tot en met",
        "applied": "toegepast op",
        "why": "Waarom:",
        "judgment": "Oordeel van de medewerker",
        "projection": "Projectie: geen bron na {date} zegt dat deze waarde nog geldt.",
        "assumption": "Aanname",
        "see_above": "zie hierboven",
        "caveat": "Opmerking bij de bron",
        "later": "gedateerd {date}, na de beoordelingsdatum: op die dag niet bekend",
        "sources": "Bronnen",
        "receipt": "Verantwoording",
        "case": "Zaak",
        "if_rejected": "Als de aanvraag zoals geadviseerd wordt afgewezen:",
        "obliged": "vertrekplichtig",
        "support": "ondersteuning bij zelfstandig vertrek",
        "no_support": "geen op deze datum",
        "forced": "gedwongen vertrek mogelijk",
        "yes": "ja",
        "no": "nee",
        "holder": "Terugkeer: wie rechtmatig verblijft is niet vertrekplichtig; {support}.",
        "holder_support": "ondersteuning bij zelfstandig vertrek EUR {eur} bij terugkeer",
        "holder_no_support": "geen ondersteuning bij zelfstandig vertrek op deze datum",
        "decided": "   [doorslaggevend]",
        "check": "   [controleren: oordeel van de medewerker]",
        "other": "   [niet doorslaggevend]",
    },
}


def cite(source: SourceRef, after: date | None = None, w: dict[str, str] | None = None) -> str:
    """A source as the text lists it; marked when it is dated after `after` (the assessment
    date): a past date's assessment cites what the pack cites today."""
    text = f"{source.id}: {source.locator}" if source.locator else source.id
    text = f"{text} <{source.url}>" if source.url else text
    text = f"{text} passage <{source.passage}>" if source.passage else text
    if after is not None and source.published is not None and source.published > after:
        words = w or WORDS["en"]
        text = f"{text} [{words['later'].format(date=source.published.isoformat())}]"
    return text


def render_assessment(a: Assessment) -> str:
    w = WORDS[a.language]
    h = a.headline
    until = f" {w['to']} {a.policy.valid_to}" if a.policy.valid_to else f" {w['onwards']}"
    lines = [
        f"{w['case']} {a.case_id} — {h.title}",
        f"  {h.text}",
        *(
            f"  ! {name}: " + w["projection"].format(date=a.parameter(name).projection)
            for name in h.projections
        ),
        f"{w['policy']}: {a.policy.version} ({w['in_force']} {a.policy.valid_from}{until}), "
        f"{w['applied']} {a.as_of}; pack sha256 {a.policy.pack_sha256[:16]}…",
        "",
        w["why"],
    ]
    noted: set[str] = set()
    for n, step in enumerate(a.steps, 1):
        lines.extend(_step(a, n, step, noted, w))
    returns = _return_lines(a, w)
    if returns:
        lines += ["", *returns]
    r = a.receipt
    lines += [
        "",
        f"{w['receipt']}: {r.engine}; pack sha256 {r.pack_sha256}; case sha256 {r.case_sha256}",
        a.notice,
    ]
    return "\n".join(lines)


def _return_lines(a: Assessment, w: dict[str, str]) -> list[str]:
    r = a.return_
    if a.permit_review is not None:
        support = (
            w["holder_support"].format(eur=r.support_amount_eur)
            if r.voluntary_return_support
            else w["holder_no_support"]
        )
        return [w["holder"].format(support=support)]
    if not r.applies:
        return []
    support = f"EUR {r.support_amount_eur}" if r.voluntary_return_support else w["no_support"]
    return [
        w["if_rejected"],
        f"  {w['obliged']}: {w['yes'] if r.obliged_to_leave else w['no']}; "
        f"{w['support']}: {support}",
        f"  {w['forced']}: {w['yes'] if r.forced_return_possible else w['no']} — "
        f"{r.forced_return_explanation}",
    ]


def _step(a: Assessment, n: int, step: Step, noted: set[str], w: dict[str, str]) -> list[str]:
    """One numbered step; an assumption's note is printed in full the first time only."""
    mark = w.get(step.role, "")
    out = [f"{n:>3}. {step.rule} = {shown(step.value, w)}{mark}", f"     {step.explanation}"]
    if step.caseworker_judgment:
        out.append(f"     ! {w['judgment']}: {step.caseworker_judgment}")
    for p in map(a.parameter, step.parameters):
        until = f" {w['to']} {p.valid_to}" if p.valid_to else f" {w['onwards']}"
        out.append(f"     · {p.name} = {p.shown} ({w['in_force']} {p.valid_from}{until})")
        if p.projection:
            out.append("       ! " + w["projection"].format(date=p.projection))
    for source_id in step.assumptions:
        note = w["see_above"] if source_id in noted else a.source(source_id).note
        noted.add(source_id)
        out.append(f"     ! {w['assumption']} ({source_id}): {note}")
    if step.sources:
        listed = (cite(a.source(s), a.as_of, w) for s in step.sources)
        out.append(f"     {w['sources']}: " + "; ".join(listed))
    for source_id in step.sources:  # what a reader should know of a source (not read, ...)
        source = a.source(source_id)
        if source.note and source_id not in step.assumptions and source_id not in noted:
            noted.add(source_id)
            out.append(f"     ! {w['caveat']} ({source_id}): {source.note}")
    return out


def shown(value: object, w: dict[str, str] | None = None) -> str:
    if isinstance(value, bool):
        words = w or WORDS["en"]
        return words["yes"] if value else words["no"]
    if isinstance(value, list):
        return "{" + ", ".join(str(v) for v in value) + "}" if value else "none"
    return str(value)
