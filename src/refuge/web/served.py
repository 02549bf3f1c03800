"""The app `refuge serve` runs in each worker: the API under /api/v1 and the web app under /,
sharing one database session factory (and so one sign-in)."""

from __future__ import annotations

import contextlib
import gc

from fastapi import FastAPI

from refuge.api.app import create_app
from refuge.api.handler_mode import handler_mode, run_handlers
from refuge.policy import PackError
from refuge.policy.country import load_country_pack
from refuge.policy.locate import pack_dir
from refuge.web.app import create_web_app


def create_site(database_url: str | None = None, *, secure_cookies: bool = True) -> FastAPI:
    root = create_app(database_url, secure_cookies=secure_cookies)
    root.mount("/", create_web_app(root.state.v1.state.sessions, secure_cookies=secure_cookies))
    return root


def create_served_app() -> FastAPI:
    run_handlers(handler_mode())
    site = create_site()
    settle_heap()
    return site


def settle_heap() -> None:
    """Load every country pack, then move everything the worker has made so far out of the
    garbage collector's reach (`gc.freeze`): the packs, the app and the imported modules live as
    long as the worker, and scanning them in every full collection took 80-140 ms, the tail of
    the API's latency (docs/performance/api.md)."""
    for path in sorted(pack_dir().glob("*.yaml")):
        with contextlib.suppress(PackError):  # a broken pack is reported when it is asked for
            load_country_pack(path.stem)
    gc.collect()
    gc.freeze()
