"""The case page's assessment: a projection the headline rests on is shown beside it."""

from __future__ import annotations

from datetime import date

from jinja2 import Environment, FileSystemLoader

import refuge.web
from refuge.assess import assess
from refuge.web.assessment_view import arrange
from sy_cases import PRESUMPTION_HOLDER


def _headline_html(day: date) -> str:
    output = assess(PRESUMPTION_HOLDER, day).to_json_dict()
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
