"""The app `refuge serve` runs in each worker: the API under /api/v1 and the web app under /,
sharing one database session factory (and so one sign-in)."""

from __future__ import annotations

from fastapi import FastAPI

from refuge.api.app import create_app
from refuge.api.handler_mode import handler_mode, run_handlers
from refuge.web.app import create_web_app


def create_site(database_url: str | None = None, *, secure_cookies: bool = True) -> FastAPI:
    root = create_app(database_url, secure_cookies=secure_cookies)
    root.mount("/", create_web_app(root.state.v1.state.sessions, secure_cookies=secure_cookies))
    return root


def create_served_app() -> FastAPI:
    run_handlers(handler_mode())
    return create_site()
