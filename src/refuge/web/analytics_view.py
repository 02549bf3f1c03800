"""A finished scenario run as its page shows it: the disclosed tables with the names a reader
knows (in the page's language), and the charts drawn from the same counts (inline SVG, no
style attribute: `refuge.analytics.svg_charts`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from babel.dates import format_date
from babel.numbers import format_decimal
from markupsafe import Markup
from starlette.requests import Request

from refuge.analytics.run_result import RunResult
from refuge.analytics.svg_charts import PALETTE, Line, Node, flow_chart, line_chart, swatch
from refuge.casework.disclosure import THRESHOLD
from refuge.casework.disclosure_table import TOTAL, DisclosedTable
from refuge.policy.country import NoPackForCountry, load_country_pack
from refuge.web import i18n
from refuge.web.analytics_forms import describe
from refuge.web.labels import N_
from refuge.web.templating import gettext

# a member's outcome: the permit review for a permit holder, else the draft recommendation
OUTCOMES = {
    "permit: ground_lapsed": N_("Permit: ground lapsed"),
    "permit: ground_persists": N_("Permit: another ground persists"),
    "permit: examination_needed": N_("Permit: examination needed"),
    "permit: exclusion": N_("Permit: exclusion to examine"),
    "permit: change_not_established": N_("Permit: no lasting change"),
    "permit: no_permit": N_("Permit: none"),
    "application: grant_refugee": N_("Application: refugee status"),
    "application: grant_subsidiary": N_("Application: subsidiary protection"),
    "application: reject": N_("Application: rejection"),
    "application: reject_excluded": N_("Application: rejection, excluded"),
    "application: further_investigation": N_("Application: investigate further"),
    "application: no_decision_moratorium": N_("Application: decision moratorium"),
}
TOTAL_LABEL = N_("total")
# the names of the bundled examples (src/refuge/examples/scenarios/), shown in the reader's language
BUNDLED_NAMES = frozenset(
    {
        N_("Cessation from March 2026, return agreement from June 2026"),
        N_("Article 15c in Hama from January 2026"),
    }
)


@dataclass(frozen=True)
class TableView:
    caption: str
    row_header: str
    columns: list[str]
    rows: list[tuple[str, list[str]]]  # a row's name and its counts as shown


@dataclass(frozen=True)
class Legend:
    swatch: Markup
    label: str


@dataclass(frozen=True)
class RunView:
    scenario: str
    changes: list[tuple[str, str, str]]  # parameter, from (a day), value
    cohort: str
    members: str
    first_month: str
    last_month: str
    months: int
    synthetic: bool
    over_time: Markup
    over_time_legend: list[Legend]
    scenario_table: TableView
    baseline_table: TableView
    flow: Markup
    flow_table: TableView
    regions_table: TableView
    rules: list[tuple[str, str]]
    workload: dict[str, Any]
    workload_chart: Markup | None
    workload_table: TableView


class _Words:
    """The request's language, for the labels, days and numbers of one page."""

    def __init__(self, request: Request) -> None:
        self.request = request
        self.language = i18n.language_of(request)

    def __call__(self, message: str, **variables: Any) -> str:
        return gettext(self.request, message, **variables)

    def number(self, value: float) -> str:
        return format_decimal(value, locale=self.language)

    def count(self, value: int | None) -> str:
        return f"<{THRESHOLD}" if value is None else self.number(value)

    def month(self, iso: str) -> str:
        return format_date(date.fromisoformat(iso), "LLL yyyy", locale=self.language)

    def day(self, iso: str) -> str:
        return format_date(date.fromisoformat(iso), locale=self.language)

    def outcome(self, code: str) -> str:
        return self(OUTCOMES[code]) if code in OUTCOMES else code

    def total(self, key: str) -> str:
        return self(TOTAL_LABEL) if key == TOTAL else key


def _svg(chart: str) -> Markup:
    """A chart to put in the page as it is: `svg_charts` escapes every text it writes."""
    return Markup(chart)  # noqa: S704


def scenario_label(request: Request, name: str) -> str:
    """A bundled example by its name in the page's language; any other by the name it gives."""
    return gettext(request, name) if name in BUNDLED_NAMES else name


def _table(
    words: _Words,
    table: DisclosedTable,
    caption: str,
    row_header: str,
    row_name: Any,
    column_name: Any,
) -> TableView:
    columns = [*table.columns, TOTAL]
    return TableView(
        caption,
        row_header,
        [words.total(c) if c == TOTAL else column_name(c) for c in columns],
        [
            (
                words.total(r) if r == TOTAL else row_name(r),
                [words.count(table.cells[r, c]) for c in columns],
            )
            for r in [*table.rows, TOTAL]
        ],
    )


def _region(country: str) -> Any:
    try:
        return load_country_pack(country).region_name
    except NoPackForCountry:
        return str


def run_view(request: Request, result: RunResult) -> RunView:
    words = _Words(request)
    _ = words  # the texts below are gettext messages (extracted by the name `_`)
    data = result.data
    months = result.months
    scenario, baseline = result.table("scenario"), result.table("baseline")
    transitions = result.table("transitions")
    outcomes = list(dict.fromkeys([*scenario.columns, *transitions.rows, *transitions.columns]))
    colour = {o: PALETTE[i % len(PALETTE)] for i, o in enumerate(outcomes)}
    month_labels = [words.month(m) for m in months]
    lines: list[Line] = []
    legend: list[Legend] = []
    for o in scenario.columns:
        what_if = [scenario.cells[m, o] for m in months]
        base = [baseline.cells[m, o] for m in months]
        if not any(what_if) and not any(base):
            continue
        for values, dashed, label in (
            (what_if, False, _("%(outcome)s, scenario", outcome=words.outcome(o))),
            (base, True, _("%(outcome)s, baseline", outcome=words.outcome(o))),
        ):
            lines.append(Line(label, values, colour[o], dashed))
            legend.append(Legend(_svg(swatch(colour[o], dashed)), label))
    last = words.month(months[-1])
    over_time = line_chart(
        "chart-over-time",
        _("Members by outcome on the first day of each month"),
        lines,
        month_labels,
        words.number,
    )
    flow = flow_chart(
        "chart-flow",
        _("From the outcome under the policy (baseline) to the scenario's, %(month)s", month=last),
        [Node(r, words.outcome(r), colour.get(r, PALETTE[0])) for r in transitions.rows],
        [Node(c, words.outcome(c), colour.get(c, PALETTE[0])) for c in transitions.columns],
        {cell: n for cell, n in transitions.cells.items() if TOTAL not in cell},
        words.number,
    )
    work = result.workload
    weeks = [_("week %(week)s", week=w) for w, _left in work["remaining"]]
    workload_chart = (
        line_chart(
            "chart-workload",
            _("Cases still to handle, week by week"),
            [Line(_("cases left"), [n for _week, n in work["remaining"]], PALETTE[1])],
            weeks,
            words.number,
        )
        if work["cases"]
        else None
    )
    region = _region(str(data.get("country", "SY")))
    return RunView(
        scenario=scenario_label(request, data["scenario"]),
        changes=[(c["parameter"], words.day(c["from"]), c["value"]) for c in data["changes"]],
        cohort=describe(request, data["cohort"]),
        members=words.count(data["members"]),
        first_month=month_labels[0],
        last_month=last,
        months=len(months),
        synthetic=bool(data.get("synthetic")),
        over_time=_svg(over_time),
        over_time_legend=legend,
        scenario_table=_table(
            words,
            scenario,
            _("Scenario: members by month and outcome"),
            _("Month"),
            words.month,
            words.outcome,
        ),
        baseline_table=_table(
            words,
            baseline,
            _("Baseline: members by month and outcome"),
            _("Month"),
            words.month,
            words.outcome,
        ),
        flow=_svg(flow),
        flow_table=_table(
            words,
            transitions,
            _("Baseline outcome (rows) to the scenario's outcome (columns), %(month)s", month=last),
            _("Baseline"),
            words.outcome,
            words.outcome,
        ),
        regions_table=_table(
            words,
            result.table("scenario_regions"),
            _("Scenario: members by region and outcome, %(month)s", month=last),
            _("Region"),
            region,
            words.outcome,
        ),
        rules=[
            (rule, words.count(n))
            for rule, n in sorted(result.rules.items(), key=lambda kv: -(kv[1] or 0))
        ],
        workload={
            "cases": words.number(sum(work["cases"].values())),
            "hours": words.number(round(work["total_hours"])),
            "fte": words.number(work["fte"]),
            "hours_per_fte_week": words.number(work["hours_per_fte_week"]),
            "weeks": words.number(work["weeks"]),
        },
        workload_chart=None if workload_chart is None else _svg(workload_chart),
        workload_table=TableView(
            _("Cases still to handle by week"),
            _("Week"),
            [_("cases left")],
            [(str(w), [words.number(n)]) for w, n in work["remaining"]],
        ),
    )
