"""The case page's assessment: a projection the headline rests on is shown beside it."""

from __future__ import annotations

from datetime import date

from jinja2 import Environment, FileSystemLoader

import refuge.web
from refuge.assess import assess
from refuge.case.schema import Case, Permit
from refuge.web.assessment_view import arrange

HOLDER = Case(
    case_id="PR-1",
    nationality="SY",
    region="SY-DI",
    application_date=date(2016, 1, 10),
    grounds=["generalised_violence"],
    credibility="credible",
    individual_risk_indicators=0,
    permit=Permit(
        kind="temporary_asylum",
        ground="subsidiary_general_risk",
        granted=date(2016, 6, 1),
        valid_until=date(2030, 12, 31),
    ),
    legal_residence=True,
)


def _headline_html(day: date) -> str:
    output = assess(HOLDER, day).to_json_dict()
    templates = FileSystemLoader(f"{refuge.web.__path__[0]}/templates")
    env = Environment(loader=templates, autoescape=True, extensions=["jinja2.ext.i18n"])
    env.install_null_translations(newstyle=True)  # type: ignore[attr-defined]
    page = env.get_template("_assessment.html").render(
        assessment=output, arrange=arrange, item={"application": {"id": "x"}}, csrf_token="t"
    )
    return page.split('<p class="notice">')[0]  # the headline block


def test_the_headline_names_the_projection_it_rests_on_and_only_then() -> None:
    later = _headline_html(date(2026, 11, 1))
    assert (
        "reassessment_awaits_next_report = yes is a projection: no source after 2025-09-29" in later
    )
    assert "is a projection" not in _headline_html(date(2025, 9, 29))
