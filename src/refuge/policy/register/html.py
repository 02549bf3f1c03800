"""A registration as one self-contained HTML page: the register's fields in the order of the
publication standard, the AI Act's points, then every rule, dated value, assumption and source.

No script, no style sheet, font or image from elsewhere: the page opens offline and prints as it
shows. Links lead to the sources; within the page every source id is a link to its entry."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from refuge.policy.register.labels import SECTIONS, WORDS
from refuge.policy.register.model import DatedBasis, Registration, Row, Rule, Source

STYLE = """
body { font-family: system-ui, sans-serif; max-width: 62rem; margin: 2rem auto; padding: 0 1rem;
       color: #222; line-height: 1.45; }
dt { font-weight: 600; margin-top: 0.8rem; }
dd { margin-left: 1.5rem; }
table { border-collapse: collapse; margin: 0.5rem 0 1rem; }
th, td { border: 1px solid #bbb; padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; }
article { border-top: 1px solid #ccc; margin-top: 1rem; }
code { background: #f3f3f3; padding: 0 0.2rem; overflow-wrap: anywhere; }
.open { background: #fde68a; padding: 0 0.3rem; }
.meta { color: #555; font-size: 0.9rem; }
"""


def render_html(reg: Registration) -> str:
    w = WORDS[reg.lang]
    r = reg.register_fields
    p = reg.pack
    meta = w["pack_line"].format(
        country=p.country,
        sha256=p.sha256,
        valid_from=p.valid_from,
        versions=p.versions,
        latest=p.latest_version,
        scenarios=p.scenarios_passed,
        engine=p.engine,
    )
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{reg.lang}">',
        '<head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(r.name)}</title><style>{STYLE}</style></head>",
        "<body>",
        f"<header><h1>{escape(r.name)}</h1><p>{escape(r.description_short)}</p>",
        f'<p class="meta">{escape(w["pack"])}: {escape(meta)}</p></header>',
        _register(reg),
        _ai_act(reg),
        _rules(reg),
        _parameters(reg),
        _assumptions(reg),
        _sources(reg),
        "</body>",
        "</html>",
    ]
    return "\n".join(parts) + "\n"


def _register(reg: Registration) -> str:
    w = WORDS[reg.lang]
    values = reg.register_fields.model_dump()
    open_fields = {t.field for t in reg.to_complete}
    out = [f'<section id="register"><h2>{escape(w["register"])}</h2>']
    for nl, en, fields in SECTIONS:
        out.append(f"<h3>{escape(nl if reg.lang == 'nl' else en)}</h3><dl>")
        for field, nl_label, en_label in fields:
            label = nl_label if reg.lang == "nl" else f"{en_label} ({nl_label})"
            value = values[field]
            if value is None:
                note = next(t.note for t in reg.to_complete if t.field == field)
                shown = f'<span class="open">{escape(note)}</span>'
            elif isinstance(value, list):
                shown = _list(
                    _a(x["link"], x["title"]) if isinstance(x, dict) else escape(str(x))
                    for x in value
                )
            else:
                shown = escape(str(value))
            mark = f' id="field-{field}"' + (' class="to-complete"' if field in open_fields else "")
            out.append(f"<dt{mark}>{escape(label)}</dt><dd>{shown}</dd>")
        out.append("</dl>")
    out.append("</section>")
    return "\n".join(out)


def _ai_act(reg: Registration) -> str:
    w = WORDS[reg.lang]
    head = "".join(
        f"<th>{escape(w[k])}</th>" for k in ("article", "point", "does", "does_not", "evidence")
    )
    rows = [
        f"<tr><td>{escape(a.article)}</td><td>{escape(a.title)}</td><td>{escape(a.does)}</td>"
        f"<td>{escape(a.does_not)}</td><td>{_list(_code(e) for e in a.evidence)}</td></tr>"
        for a in reg.ai_act
    ]
    return (
        f'<section id="ai-act"><h2>{escape(w["ai_act"])}</h2>'
        f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></section>"
    )


def _rules(reg: Registration) -> str:
    w = WORDS[reg.lang]
    out = [f'<section id="rules"><h2>{escape(w["rules"])}</h2><p>{escape(w["rules_intro"])}</p>']
    sources = {s.id: s for s in reg.sources}
    out += [_rule(reg, rule, sources) for rule in reg.rules]
    out.append("</section>")
    return "\n".join(out)


def _rule(reg: Registration, rule: Rule, sources: dict[str, Source]) -> str:
    w = WORDS[reg.lang]
    lang = f' lang="{rule.description_lang}"' if rule.description_lang != reg.lang else ""
    out = [
        f'<article id="rule-{escape(rule.id)}"><h3><code>{escape(rule.id)}</code> '
        f"<span{lang}>{escape(rule.description)}</span></h3><dl>"
    ]
    for key in ("if_true", "if_false", "explain", "judgment"):
        text = getattr(rule, key)
        if text:
            out.append(f"<dt>{escape(w[key])}</dt><dd>{escape(text)}</dd>")
    if not rule.rows:
        expression = f"<code>{escape(rule.expression)}</code>"
        out.append(f"<dt>{escape(w['expression'])}</dt><dd>{expression}</dd>")
    if not rule.rows or rule.legal_basis or rule.sources or rule.assumptions or rule.basis:
        out += _cited(reg, rule.legal_basis, rule.sources, rule.assumptions, rule.basis, sources)
    reads = [
        (w["facts"], rule.reads_facts, None),
        (w["rules_read"], rule.reads_rules, "rule-"),
        (w["parameters_read"], rule.reads_parameters, "parameter-"),
    ]
    shown = [
        f"{escape(what)}: "
        + ", ".join(_a(f"#{anchor}{n}", n) if anchor else _code(n) for n in names)
        for what, names, anchor in reads
        if names
    ]
    if shown:
        out.append(f"<dt>{escape(w['reads'])}</dt><dd>{'; '.join(shown)}</dd>")
    out.append("</dl>")
    if rule.rows:
        out.append(f"<p>{escape(w['rows'])}</p>")
        out += [_row(reg, row, sources) for row in rule.rows]
    out.append("</article>")
    return "\n".join(out)


def _row(reg: Registration, row: Row, sources: dict[str, Source]) -> str:
    w = WORDS[reg.lang]
    cited = _cited(reg, row.legal_basis, row.sources, row.assumptions, row.basis, sources)
    return (
        f"<dl><dt>{escape(w['when'])} <code>{escape(row.when)}</code> → "
        f"{escape(w['value'])} <code>{escape(row.value)}</code></dt>"
        f"<dd>{escape(row.explain)}</dd>{''.join(cited)}</dl>"
    )


def _cited(
    reg: Registration,
    legal: list[str],
    others: list[str],
    assumed: list[str],
    basis: list[DatedBasis],
    sources: dict[str, Source],
) -> list[str]:
    w = WORDS[reg.lang]
    out = []
    if basis:
        lang = ' lang="en"' if reg.lang != "en" else ""  # the pack's values are in English
        rows = "".join(
            f"<li><span{lang}>{escape(b.value)}</span> ({escape(w['from'])} {b.valid_from}"
            + (f" {escape(w['to'])} {b.valid_to}" if b.valid_to else "")
            + f"): {_refs(b.cite, sources)}</li>"
            for b in basis
        )
        out.append(f"<dt>{escape(w['dated_basis'])}</dt><dd><ul>{rows}</ul></dd>")
    for key, ids in (("legal_basis", legal), ("sources", others)):
        if ids:
            out.append(f"<dt>{escape(w[key])}</dt><dd>{_refs(ids, sources)}</dd>")
    if assumed:
        links = ", ".join(_a(f"#{a}", a) for a in assumed)
        out.append(f"<dt>{escape(w['assumptions'])}</dt><dd>{links}</dd>")
    if not (basis or legal):
        out.append(f"<dt>{escape(w['legal_basis'])}</dt><dd>{escape(w['none'])}</dd>")
    return out


def _refs(ids: Iterable[str], sources: dict[str, Source]) -> str:
    """Each cited source by id, linked to its entry, with its locator."""
    shown = []
    for c in ids:
        s = sources.get(c)
        where = f" ({escape(s.locator)})" if s is not None and s.locator else ""
        shown.append(_a(f"#{c}", c) + where if s is not None else _a(f"#{c}", c))
    return "; ".join(shown)


def _parameters(reg: Registration) -> str:
    w = WORDS[reg.lang]
    lang = ' lang="en"' if reg.lang != "en" else ""
    sources = {s.id: s for s in reg.sources}
    out = [f'<section id="parameters"><h2>{escape(w["parameters"])}</h2>']
    for p in reg.parameters:
        unit = f" ({escape(p.unit)})" if p.unit else ""
        items = "".join(
            f"<li><code>{escape(v.value)}</code>{unit} {escape(w['from'])} {v.valid_from} "
            + (f"{escape(w['to'])} {v.valid_to}" if v.valid_to else escape(w["open_ended"]))
            + (f" — <span{lang}>{escape(v.note)}</span>" if v.note else "")
            + f"; {escape(w['cites'])}: {_refs(v.cite, sources)}</li>"
            for v in p.values
        )
        out.append(
            f'<article id="parameter-{escape(p.name)}"><h3><code>{escape(p.name)}</code> '
            f"<span{lang}>{escape(p.description)}</span></h3><ul>{items}</ul></article>"
        )
    out.append("</section>")
    return "\n".join(out)


def _assumptions(reg: Registration) -> str:
    w = WORDS[reg.lang]
    lang = ' lang="en"' if reg.lang != "en" else ""
    out = [
        f'<section id="assumptions"><h2>{escape(w["assumptions"])}</h2>'
        f"<p>{escape(w['assumptions_intro'])}</p>"
    ]
    for a in reg.assumptions:
        rules = {r.id for r in reg.rules}
        cited = ", ".join(
            _a(f"#rule-{c}" if c in rules else f"#parameter-{c}", c) for c in a.cited_by
        )
        out.append(
            f'<article id="{escape(a.id)}"><h3><code>{escape(a.id)}</code> '
            f"<span{lang}>{escape(a.title)}</span></h3><p>{escape(a.note)}</p>"
            f"<p>{escape(w['cited_by'])}: {cited or escape(w['none'])}</p></article>"
        )
    out.append("</section>")
    return "\n".join(out)


def _sources(reg: Registration) -> str:
    w = WORDS[reg.lang]
    lang = ' lang="en"' if reg.lang != "en" else ""
    out = [f'<section id="sources"><h2>{escape(w["sources_title"])}</h2><ul>']
    for s in reg.sources:
        title = f"<span{lang}>{escape(s.title)}</span>"
        title = _a(s.link, s.title, lang) if s.link else title
        details = [f"{escape(w['kind'])}: {escape(s.kind)}"]
        details += [escape(s.date)] if s.date else []
        details += [f"{escape(w['locator'])}: {escape(s.locator)}"] if s.locator else []
        details += [f"{escape(w['ref'])}: {_code(s.ref)}"] if s.ref else []
        out.append(
            f'<li id="{escape(s.id)}"><code>{escape(s.id)}</code> {title} '
            f"({'; '.join(details)})</li>"
        )
    out.append("</ul></section>")
    return "\n".join(out)


def _a(href: str, text: str, lang: str = "") -> str:
    return f'<a href="{escape(href)}"{lang}>{escape(text)}</a>'


def _code(text: str) -> str:
    return f"<code>{escape(text)}</code>"


def _list(items: Iterable[str]) -> str:
    return "<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>"
