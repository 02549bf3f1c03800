"""The app `refuge serve` runs in each worker process: the API, with its synchronous handlers
run as REFUGE_HANDLERS says (`refuge.api.handler_mode`)."""

from __future__ import annotations

from fastapi import FastAPI

from refuge.api.app import create_app
from refuge.api.handler_mode import handler_mode, run_handlers


def create_served_app() -> FastAPI:
    run_handlers(handler_mode())
    return create_app()
