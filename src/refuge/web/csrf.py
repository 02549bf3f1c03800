"""Cross-site request forgery: every form and every htmx request that changes something carries
a token the attacker's page cannot know, and a request from another origin is refused.

Signed in, the token is an HMAC of the session cookie (which scripts cannot read: HttpOnly), so
it is bound to that session and ends with it. Before signing in (the sign-in form itself, against
login CSRF) it is a random value in a cookie of its own that the form must repeat (double
submit). The cookies are SameSite=Strict as well; the token does not depend on that."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from urllib.parse import urlsplit

from starlette.requests import Request

FIELD = "csrf_token"
HEADER = "x-csrf-token"
PRE_SESSION_COOKIE = "refuge_csrf"
_PURPOSE = b"refuge web csrf v1"


def for_session(session_cookie: str) -> str:
    return hmac.new(session_cookie.encode(), _PURPOSE, hashlib.sha256).hexdigest()


def new_pre_session() -> str:
    return secrets.token_urlsafe(32)


def same_origin(request: Request) -> bool:
    """No Origin header (an old browser, a same-origin GET form) passes; one that names another
    host does not (`Host` is the server's own name for itself, behind a proxy too)."""
    origin = request.headers.get("origin")
    if origin is None:
        return True
    return urlsplit(origin).netloc == request.headers.get("host", "")


def matches(expected: str | None, given: str | None) -> bool:
    if not expected or not given:
        return False
    return hmac.compare_digest(expected.encode(), given.encode())
