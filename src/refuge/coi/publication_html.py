"""The publication as one self-contained HTML file: no script, no remote asset, its style
inline, `lang` from the document's language. Each box is
`<span class="redacted" data-ground="5.1.2e" data-redaction="3">[5.1.2e]</span>`; the
inventory is a table at the end. Made from a `Publication` only, which holds no withheld
text."""

from __future__ import annotations

from html import escape

from refuge.coi.inventory import InventoryRow
from refuge.coi.publication import Box, Publication, PublishedPassage
from refuge.coi.publication_labels import Labels, labels

STYLE = """
body { font-family: "DejaVu Sans", Arial, sans-serif; max-width: 46em; margin: 2em auto;
  padding: 0 1em; line-height: 1.5; color: #111; }
header p { margin: 0.2em 0; color: #333; }
.anchor { display: inline-block; min-width: 5em; margin-right: 0.5em; color: #666;
  font-size: 0.75em; font-family: "DejaVu Sans Mono", monospace; }
.redacted { background: #ddd; border: 1px solid #111; padding: 0 0.25em;
  font-family: "DejaVu Sans Mono", monospace; font-size: 0.85em; white-space: nowrap; }
table { border-collapse: collapse; margin-top: 1em; }
th, td { border: 1px solid #999; padding: 0.2em 0.6em; text-align: left; }
td.number { text-align: right; }
""".strip()


def render(publication: Publication, rows: list[InventoryRow]) -> bytes:
    meta = publication.meta
    words = labels(meta.language)
    lines = [
        "<!DOCTYPE html>",
        f'<html lang="{escape(meta.language)}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(meta.title)}</title>",
        f"<style>\n{STYLE}\n</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{escape(meta.title)}</h1>",
        f"<p>{escape(words.version)}. {escape(words.reference)}: {escape(meta.reference)}, "
        f"{escape(words.revision)} {meta.revision}.</p>",
        f"<p>{escape(words.decision)}: {escape(meta.woo_decision)}. "
        f"{escape(words.published_on)}: {meta.published_on.isoformat()}.</p>",
        f"<p>{escape(words.redacted_note)}</p>",
        "</header>",
        "<main>",
        *(_passage(p, words) for p in publication.passages),
        "</main>",
        *_inventory(rows, words),
        "</body>",
        "</html>",
    ]
    return ("\n".join(lines) + "\n").encode()


def _passage(p: PublishedPassage, words: Labels) -> str:
    body = "".join(_segment(s, words) for s in p.segments)
    anchor = f'<span class="anchor">{escape(p.anchor)}</span>'
    ident = escape("passage-" + p.anchor)
    if p.kind == "heading":
        tag = f"h{min(p.level + 1, 6)}"
        return f'<{tag} id="{ident}">{anchor}{body}</{tag}>'
    return f'<p id="{ident}">{anchor}{body}</p>'


def _segment(segment: str | Box, words: Labels) -> str:
    if isinstance(segment, str):
        return escape(segment)
    ground = escape(segment.ground)
    title = escape(words.box_title.format(ground=segment.ground))
    return (
        f'<span class="redacted" data-ground="{ground}" data-redaction="{segment.number}" '
        f'title="{title}">{escape(segment.label)}</span>'
    )


def _inventory(rows: list[InventoryRow], words: Labels) -> list[str]:
    out = ['<section id="inventory">', f"<h2>{escape(words.inventory)}</h2>"]
    if not rows:
        return [*out, f"<p>{escape(words.none)}</p>", "</section>"]
    heads = (
        words.number,
        words.ground,
        words.location,
        words.report_pages,
        words.published_pages,
        words.length,
    )
    out += ["<table>", "<tr>" + "".join(f"<th>{escape(h)}</th>" for h in heads) + "</tr>"]
    for row in rows:
        cells = (
            f'<td class="number">{row.number}</td>',
            f"<td>{escape(row.ground)}</td>",
            f"<td>{escape(row.location)}</td>",
            f"<td>{escape(row.report_pages)}</td>",
            f"<td>{escape(row.published_pages)}</td>",
            f'<td class="number">{row.length}</td>',
        )
        out.append(f'<tr id="redaction-{row.number}">' + "".join(cells) + "</tr>")
    return [*out, "</table>", "</section>"]
