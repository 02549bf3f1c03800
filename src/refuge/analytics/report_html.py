"""One self-contained HTML report of a scenario run: the numbers as tables and as charts (inline
SVG: no script, no font, no file from elsewhere, so it opens offline and prints as it shows).

Only disclosed counts reach it (`ScenarioReport` holds nothing else); a hidden count is shown as
`<10` in a table and left out of a chart.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from html import escape

from refuge.analytics.scenario_run import ScenarioReport
from refuge.analytics.workload import Timeline, Workload
from refuge.casework.disclosure import THRESHOLD
from refuge.casework.disclosure_table import TOTAL, DisclosedTable

PALETTE = ("#1b6ca8", "#d1495b", "#66a182", "#edae49", "#6a4c93", "#2e4057", "#8d96a3", "#00798c")
WIDTH, HEIGHT, PAD = 720, 260, 48

STYLE = """
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; color: #222;
       line-height: 1.45; padding: 0 1rem; }
table { border-collapse: collapse; margin: 0.5rem 0 1.5rem; }
th, td { border: 1px solid #bbb; padding: 0.25rem 0.6rem; text-align: right; }
th:first-child, td:first-child { text-align: left; }
.banner { background: #fde68a; border: 2px solid #b45309; padding: 0.6rem 1rem; }
.note { color: #555; font-size: 0.9rem; }
svg { display: block; margin: 0.5rem 0 0.25rem; }
"""


def _n(value: int | None) -> str:
    return f"&lt;{THRESHOLD}" if value is None else f"{value:,}"


def _table(table: DisclosedTable, caption: str, row_label: str) -> str:
    columns = [*table.columns, TOTAL]
    head = "".join(f"<th scope='col'>{escape(c)}</th>" for c in columns)
    body = []
    for row in [*table.rows, TOTAL]:
        cells = "".join(f"<td>{_n(table.cells[row, c])}</td>" for c in columns)
        body.append(f"<tr><th scope='row'>{escape(row)}</th>{cells}</tr>")
    return (
        f"<table><caption>{escape(caption)}</caption><thead><tr><th>{escape(row_label)}</th>"
        f"{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
    )


def _lines(
    series: dict[str, list[int | None]], labels: Sequence[str], title: str, dashed: set[str]
) -> str:
    """A line chart; a hidden value (None) breaks the line."""
    top = max((v for vs in series.values() for v in vs if v is not None), default=0) or 1
    step = (WIDTH - 2 * PAD) / max(len(labels) - 1, 1)

    def x(i: int) -> float:
        return PAD + i * step

    def y(v: int) -> float:
        return HEIGHT - PAD - (HEIGHT - 2 * PAD) * v / top

    parts = [
        f"<svg role='img' aria-label='{escape(title)}' width='{WIDTH}' height='{HEIGHT}' "
        f"viewBox='0 0 {WIDTH} {HEIGHT}' xmlns='http://www.w3.org/2000/svg'>",
        f"<line x1='{PAD}' y1='{HEIGHT - PAD}' x2='{WIDTH - PAD}' y2='{HEIGHT - PAD}' "
        "stroke='#444'/>",
        f"<text x='{PAD}' y='{PAD - 14}' font-size='12'>{top:,}</text>",
    ]
    for i, label in enumerate(labels):
        if len(labels) <= 13 or i % max(1, len(labels) // 12) == 0:
            parts.append(
                f"<text x='{x(i):.1f}' y='{HEIGHT - PAD + 16}' font-size='10' "
                f"text-anchor='middle'>{escape(label)}</text>"
            )
    for k, (name, values) in enumerate(series.items()):
        colour = PALETTE[k % len(PALETTE)]
        dash = " stroke-dasharray='5 4'" if name in dashed else ""
        run: list[str] = []
        for i, v in enumerate([*values, None]):
            if v is None:
                if len(run) > 1:
                    parts.append(
                        f"<polyline fill='none' stroke='{colour}' stroke-width='2'{dash} "
                        f"points='{' '.join(run)}'/>"
                    )
                run = []
            else:
                run.append(f"{x(i):.1f},{y(v):.1f}")
        parts.append(
            f"<text x='{WIDTH - PAD + 4}' y='{PAD + 14 * k}' font-size='11' fill='{colour}'>"
            f"{escape(name)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _flow(report: ScenarioReport) -> str:
    """Per baseline outcome, a bar split by the scenario outcome the members move to."""
    table = report.transitions
    rows = [r for r in table.rows if (table.cells[r, TOTAL] or 0) > 0]
    top = max((table.cells[r, TOTAL] or 0 for r in rows), default=1) or 1
    bar, gap = 26, 14
    height = PAD + len(rows) * (bar + gap) + 40
    width = WIDTH + 200
    parts = [
        f"<svg role='img' aria-label='from baseline to scenario outcome' width='{width}' "
        f"height='{height}' viewBox='0 0 {width} {height}' xmlns='http://www.w3.org/2000/svg'>"
    ]
    colours = {c: PALETTE[i % len(PALETTE)] for i, c in enumerate(table.columns)}
    for i, row in enumerate(rows):
        top_y = PAD / 2 + i * (bar + gap)
        parts.append(f"<text x='0' y='{top_y + 17}' font-size='11'>{escape(row)}</text>")
        left = 200.0
        for column in table.columns:
            n = table.cells[row, column]
            if not n:
                continue
            w = (WIDTH - PAD) * n / top
            parts.append(
                f"<rect x='{left:.1f}' y='{top_y}' width='{w:.1f}' height='{bar}' "
                f"fill='{colours[column]}'><title>{escape(row)} -> {escape(column)}: "
                f"{n:,}</title></rect>"
            )
            left += w
    legend_y = height - 16
    for i, column in enumerate(table.columns):
        parts.append(
            f"<text x='{200 + 170 * (i % 4)}' y='{legend_y - 14 * (i // 4)}' font-size='11' "
            f"fill='{colours[column]}'>{escape(column)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def render_report(
    report: ScenarioReport,
    work: Timeline,
    workload: Workload,
    scenario_name: str,
    changes: Sequence[tuple[str, date, str]],
    cohort: str,
    synthetic: bool,
) -> str:
    labels = [str(m) for m in report.months]
    series: dict[str, list[int | None]] = {}
    for column in report.scenario.columns:
        base = [report.baseline.cells[m, column] for m in labels]
        what_if = [report.scenario.cells[m, column] for m in labels]
        if any(base) or any(what_if):
            series[f"{column} (baseline)"] = base
            series[column] = what_if
    dashed = {name for name in series if name.endswith("(baseline)")}
    banner = (
        "<p class='banner'><strong>SYNTHETIC demo data</strong>: no real person, no real "
        "decision.</p>"
        if synthetic
        else ""
    )
    change_items = "".join(
        f"<li>from {day}: <code>{escape(name)}</code> = {escape(value)}</li>"
        for name, day, value in changes
    )
    weeks = [str(w) for w, _ in work.remaining]
    timeline_chart = (
        _lines({"cases left": [left for _, left in work.remaining]}, weeks, "workload", set())
        if work.remaining
        else "<p>No case needs a procedure under the scenario.</p>"
    )
    rules = "".join(
        f"<tr><th scope='row'>{escape(rule)}</th><td>{_n(n)}</td></tr>"
        for rule, n in sorted(report.rules.items(), key=lambda kv: -(kv[1] or 0))
    )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>Scenario: {escape(scenario_name)}</title><style>{STYLE}</style></head><body>
<h1>Scenario: {escape(scenario_name)}</h1>
{banner}
<p>Cohort: {escape(cohort)}: {report.members:,} persons, evaluated on the first day of
{len(labels)} months ({labels[0]} to {labels[-1]}) under the policy pack (baseline) and under the
pack with the scenario (not the policy in force):</p>
<ul>{change_items}</ul>
<p class="note">Every count has passed disclosure control: counts from 1 to {THRESHOLD - 1} are
hidden (shown as &lt;{THRESHOLD}, left out of the charts), and further counts where a hidden
one could otherwise be worked back from the totals. A member's outcome is the permit review for
a permit holder and the draft recommendation for anyone else; a person decides every case.</p>
<h2>Outcomes over time</h2>
{_lines(series, labels, "outcomes over time", dashed)}
<p class="note">Solid: scenario; dashed: baseline.</p>
{_table(report.scenario, "Scenario: members by month and outcome", "month")}
{_table(report.baseline, "Baseline: members by month and outcome", "month")}
<h2>From today's outcome to the scenario's ({labels[-1]})</h2>
{_flow(report)}
{_table(report.transitions, "Baseline outcome (rows) to scenario outcome (columns)", "baseline")}
<h2>By region ({labels[-1]})</h2>
{_table(report.scenario_regions, "Scenario: members by region and outcome", "region")}
<h2>Which rules changed</h2>
<table><thead><tr><th>rule</th><th>persons</th></tr></thead><tbody>{rules}</tbody></table>
<h2>Workload</h2>
<p>{sum(work.cases.values()):,} cases need a procedure: {work.total_hours:,.0f} hours; at
{workload.fte:g} FTE x {workload.hours_per_fte_week:g} hours a week, {work.weeks:,} weeks.
Hours per case and capacity are assumptions unless the scenario sets them.</p>
{timeline_chart}
</body></html>
"""
