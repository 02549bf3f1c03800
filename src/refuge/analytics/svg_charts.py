"""Charts of disclosed counts as inline SVG for the web app's pages: lines over time and the flow
from one outcome to another. Every text comes in from the caller (already in the reader's
language, numbers formatted by `number`), and is escaped here.

The SVG uses presentation attributes only (fill, stroke, font-size), no `style` attribute or
element, so a page with `style-src 'self'` shows it; it carries `role="img"` and a `<title>`,
and the page puts the same numbers in a table beside it. A hidden count (None) is left out: it
breaks a line, and a flow without a shown count is not drawn.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

# Okabe and Ito's colours, told apart with the common colour vision deficiencies
PALETTE = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#000000", "#7f6d00")
INK = "#1b1b1b"
GRID = "#c8c8c8"
Number = Callable[[float], str]


@dataclass(frozen=True)
class Line:
    label: str
    values: Sequence[int | None]
    colour: str
    dashed: bool = False


def _open(chart_id: str, title: str, width: int, height: int) -> list[str]:
    return [
        f'<svg role="img" aria-labelledby="{chart_id}-title" viewBox="0 0 {width} {height}" '
        f'width="100%" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg" '
        f'font-family="system-ui, sans-serif" font-size="12" class="chart">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
    ]


def _axis(values: Sequence[float]) -> tuple[float, int]:
    """A round top for the value axis and the number of steps to it (at most five): the step
    is 1, 2 or 5 times a power of ten, so every tick is a round number."""
    most = max(values, default=0) or 1
    power = 1.0
    while True:
        for factor in (1, 2, 5):
            step = factor * power
            if most / step <= 5:
                steps = max(1, math.ceil(most / step))
                return step * steps, steps
        power *= 10


def line_chart(
    chart_id: str,
    title: str,
    lines: Sequence[Line],
    x_labels: Sequence[str],
    number: Number,
    width: int = 760,
    height: int = 300,
) -> str:
    """Lines over the points of `x_labels`, with a labelled value axis from 0."""
    left, right, top_pad, bottom = 72, 44, 16, 44
    plot_w, plot_h = width - left - right, height - top_pad - bottom
    top, steps = _axis([v for line in lines for v in line.values if v is not None])
    step = plot_w / max(len(x_labels) - 1, 1)

    def x(i: int) -> float:
        return left + i * step

    def y(v: float) -> float:
        return top_pad + plot_h - plot_h * v / top

    parts = _open(chart_id, title, width, height)
    for k in range(steps + 1):
        tick = top * k / steps
        parts.append(
            f'<line x1="{left}" y1="{y(tick):.1f}" x2="{width - right}" y2="{y(tick):.1f}" '
            f'stroke="{GRID if k else INK}" stroke-width="1"/>'
            f'<text x="{left - 8}" y="{y(tick) + 4:.1f}" text-anchor="end" fill="{INK}">'
            f"{escape(number(tick))}</text>"
        )
    every = max(1, -(-len(x_labels) // 8))  # at most eight labels under the axis
    for i, label in enumerate(x_labels):
        if i % every == 0 or i == len(x_labels) - 1:
            parts.append(
                f'<text x="{x(i):.1f}" y="{height - bottom + 20}" text-anchor="middle" '
                f'fill="{INK}">{escape(label)}</text>'
            )
    for line in lines:
        dash = ' stroke-dasharray="6 4"' if line.dashed else ""
        run: list[str] = []
        for i, v in enumerate([*line.values, None]):
            if v is not None:
                run.append(f"{x(i):.1f},{y(v):.1f}")
                continue
            if len(run) > 1:
                parts.append(
                    f'<polyline fill="none" stroke="{line.colour}" stroke-width="2.5"{dash} '
                    f'points="{" ".join(run)}"/>'
                )
            run = []
        for i, v in enumerate(line.values):
            if v is not None:
                parts.append(
                    f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="3" fill="{line.colour}">'
                    f"<title>{escape(line.label)}, {escape(x_labels[i])}: "
                    f"{escape(number(v))}</title></circle>"
                )
    parts.append("</svg>")
    return "".join(parts)


@dataclass(frozen=True)
class Node:
    key: str
    label: str
    colour: str


def flow_chart(
    chart_id: str,
    title: str,
    sources: Sequence[Node],
    targets: Sequence[Node],
    flows: dict[tuple[str, str], int | None],
    number: Number,
    width: int = 760,
) -> str:
    """Bands from each source (left) to each target (right), as wide as the count of members
    that move so; a band takes its target's colour."""
    shown = {key: n for key, n in flows.items() if n}
    out_of = {s.key: sum(n for (a, _), n in shown.items() if a == s.key) for s in sources}
    into = {t.key: sum(n for (_, b), n in shown.items() if b == t.key) for t in targets}
    left_nodes = [s for s in sources if out_of[s.key]]
    right_nodes = [t for t in targets if into[t.key]]
    gap, bar, plot_h = 14, 14, 320
    total = sum(out_of.values()) or 1
    count = max(len(left_nodes), len(right_nodes), 1)
    scale = (plot_h - gap * (count - 1)) / total
    label_w = 250
    x1, x2 = label_w, width - label_w - bar
    height = plot_h + 8

    def stack(nodes: Sequence[Node], size: dict[str, int]) -> dict[str, float]:
        tops, at = {}, 4.0
        for node in nodes:
            tops[node.key] = at
            at += size[node.key] * scale + gap
        return tops

    left_top, right_top = stack(left_nodes, out_of), stack(right_nodes, into)
    parts = _open(chart_id, title, width, height)
    used_out = dict.fromkeys(left_top, 0.0)
    used_in = dict.fromkeys(right_top, 0.0)
    colour = {t.key: t.colour for t in targets}
    for s in left_nodes:
        for t in right_nodes:
            n = shown.get((s.key, t.key))
            if not n:
                continue
            h = max(n * scale, 1.0)
            a, b = left_top[s.key] + used_out[s.key], right_top[t.key] + used_in[t.key]
            used_out[s.key] += h
            used_in[t.key] += h
            mid = (x1 + bar + x2) / 2
            parts.append(
                f'<path d="M{x1 + bar},{a:.1f} C{mid:.1f},{a:.1f} {mid:.1f},{b:.1f} {x2},{b:.1f} '
                f"L{x2},{b + h:.1f} C{mid:.1f},{b + h:.1f} {mid:.1f},{a + h:.1f} "
                f'{x1 + bar},{a + h:.1f} Z" fill="{colour[t.key]}" fill-opacity="0.45" '
                f'stroke="{colour[t.key]}" stroke-width="0.5">'
                f"<title>{escape(s.label)} → {escape(t.label)}: {escape(number(n))}</title></path>"
            )
    for nodes, tops, size, x, anchor, text_x in (
        (left_nodes, left_top, out_of, x1, "end", x1 - 8),
        (right_nodes, right_top, into, x2, "start", x2 + bar + 8),
    ):
        for node in nodes:
            h = max(size[node.key] * scale, 1.0)
            middle = tops[node.key] + h / 2
            parts.append(
                f'<rect x="{x}" y="{tops[node.key]:.1f}" width="{bar}" height="{h:.1f}" '
                f'fill="{node.colour}"/>'
                + _label(f"{node.label} ({number(size[node.key])})", text_x, middle + 4, anchor)
            )
    parts.append("</svg>")
    return "".join(parts)


def _label(text: str, x: float, y: float, anchor: str) -> str:
    """A node's label; a long one on two lines, broken after its first ': '."""
    head, sep, rest = text.partition(": ")
    lines = [text] if len(text) <= 30 or not sep else [head + ":", rest]
    first = y - 7 * (len(lines) - 1)
    spans = "".join(
        f'<tspan x="{x}" y="{first + 14 * i:.1f}">{escape(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    return f'<text text-anchor="{anchor}" fill="{INK}">{spans}</text>'


def swatch(colour: str, dashed: bool = False) -> str:
    """A small sample of a line's colour for a legend written in HTML beside the chart."""
    dash = ' stroke-dasharray="4 3"' if dashed else ""
    return (
        '<svg width="28" height="12" viewBox="0 0 28 12" aria-hidden="true" focusable="false" '
        f'class="swatch"><line x1="1" y1="6" x2="27" y2="6" stroke="{colour}" '
        f'stroke-width="3"{dash}/></svg>'
    )
