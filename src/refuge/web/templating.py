"""Rendering pages: one Jinja2 environment per language (autoescaped, gettext installed), with
filters that write dates and numbers the way the language does (Babel)."""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from babel.dates import format_date, format_datetime, get_timezone
from babel.numbers import format_decimal
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse

from refuge.web import i18n
from refuge.web.assessment_view import arrange
from refuge.web.labels import CREDIBILITY_LABELS, HEARING_KINDS, ROLE_LABELS, STATE_LABELS

TEMPLATES = Path(__file__).parent / "templates"
TIME_ZONE = "Europe/Amsterdam"
# the page context where no guard ran (a path that matches no page: the 404 page)
NOBODY: dict[str, Any] = {"viewer": None, "navigation": [], "csrf_token": None}


@lru_cache(maxsize=len(i18n.LANGUAGES))
def environment(language: i18n.Language) -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_translations(i18n.translations(language), newstyle=True)  # type: ignore[attr-defined]
    env.filters["day"] = lambda value, style="medium": _day(value, style, language)
    env.filters["moment"] = lambda value: _moment(value, language)
    env.filters["number"] = lambda value: _number(value, language)
    env.filters["passage_page"] = passage_page
    env.globals["language"] = language
    env.globals["arrange"] = arrange
    env.globals["role_labels"] = ROLE_LABELS
    env.globals["state_labels"] = STATE_LABELS
    env.globals["hearing_kinds"] = HEARING_KINDS
    env.globals["credibility_labels"] = CREDIBILITY_LABELS
    return env


def passage_page(api_path: str) -> str:
    """The library page of a passage a pack cites (the API gives its JSON at `api_path`)."""
    return api_path.replace("/api/v1/coi/documents/", "/library/documents/", 1)


def _day(value: date | None, style: str, language: str) -> str:
    return "" if value is None else format_date(value, format=style, locale=language)


def _moment(value: datetime | None, language: str) -> str:
    if value is None:
        return ""
    return format_datetime(value, format="medium", tzinfo=get_timezone(TIME_ZONE), locale=language)


def _number(value: float | int | None, language: str) -> str:
    return "" if value is None else format_decimal(value, locale=language)


def gettext(request: Request, message: str, **variables: Any) -> str:
    """`message` in the request's language, with %(name)s placeholders filled."""
    text = i18n.translations(i18n.language_of(request)).gettext(message)
    return text % variables if variables else text


def render(
    request: Request,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    status: int = 200,
    headers: dict[str, str] | None = None,
) -> HTMLResponse:
    language = i18n.language_of(request)
    values: dict[str, Any] = {"request": request, **NOBODY, **getattr(request.state, "page", {})}
    values.update(context or {})
    body = environment(language).get_template(template).render(values)
    return HTMLResponse(body, status_code=status, headers=headers)
