"""Sign in and out, the start page of each role, the language switch and one's own password."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Form, Request
from starlette.responses import RedirectResponse, Response

from refuge.accounts import password_change, service
from refuge.accounts.models import User
from refuge.accounts.passwords import MAX_LENGTH, MIN_LENGTH, WeakPassword
from refuge.api.auth import COOKIE, set_session_cookie
from refuge.api.deps import SessionDep
from refuge.api.throttle import SignInAttempt
from refuge.web import csrf, i18n, pages
from refuge.web.pages import ViewerDep
from refuge.web.templating import gettext, render

router = APIRouter()

Field = Annotated[str, Form(max_length=1024)]


def _local(path: str | None) -> str:
    """A path on this site to go back to; anything else (another site) becomes `/`."""
    if not path or not path.startswith("/") or path.startswith("//") or "\\" in path:
        return "/"
    return path


@router.get("/")
def start(request: Request) -> Response:
    viewer = request.state.viewer
    if viewer is None:
        return RedirectResponse("/sign-in", status_code=303)
    return RedirectResponse(pages.start_page(viewer.role), status_code=303)


def _sign_in_page(
    request: Request, *, status: int = 200, error: str | None = None, next_path: str = "/"
) -> Response:
    token = request.cookies.get(csrf.PRE_SESSION_COOKIE) or csrf.new_pre_session()
    request.state.page = {**request.state.page, "csrf_token": token}
    response = render(
        request,
        "sign_in.html",
        {"error": error, "next_path": _local(next_path)},
        status=status,
    )
    response.set_cookie(
        csrf.PRE_SESSION_COOKIE,
        token,
        path="/",
        secure=request.app.state.secure_cookies,
        httponly=True,
        samesite="strict",
    )
    return response


@router.get("/sign-in")
def sign_in_form(request: Request, next: str = "/") -> Response:
    if request.state.viewer is not None:
        return RedirectResponse(pages.start_page(request.state.viewer.role), status_code=303)
    return _sign_in_page(request, next_path=next)


@router.post("/sign-in")
def sign_in(
    request: Request,
    db: SessionDep,
    username: Field,
    password: Field,
    next_path: Annotated[str, Form(alias="next", max_length=1024)] = "/",
) -> Response:
    now = datetime.now(UTC)
    attempt = SignInAttempt(request, db, username)
    refusal = attempt.refused(db, now)
    if refusal is not None:
        db.rollback()
        attempt.failed(now, password_checked=False)
        seconds = refusal.retry_after(now)
        message = gettext(
            request,
            "Too many failed attempts. Try again after %(seconds)s seconds.",
            seconds=seconds,
        )
        page = _sign_in_page(request, status=429, error=message, next_path=next_path)
        page.headers["Retry-After"] = str(seconds)
        return page
    user = service.authenticate(db, username, password)
    if user is None:
        db.rollback()
        attempt.failed(now, password_checked=True)
        message = gettext(request, "The username or password is wrong, or the account is disabled.")
        return _sign_in_page(request, status=401, error=message, next_path=next_path)
    _session, cookie = service.start_session(db, user, now)
    db.commit()
    attempt.succeeded(now)
    target = "/password" if user.password_change_required else _local(next_path)
    if target == "/":
        target = pages.start_page(user.role)
    response = RedirectResponse(target, status_code=303)
    set_session_cookie(response, cookie, secure=request.app.state.secure_cookies)
    response.delete_cookie(csrf.PRE_SESSION_COOKIE, path="/")
    return response


@router.post("/sign-out")
def sign_out(request: Request, viewer: ViewerDep, db: SessionDep) -> Response:
    cookie = request.cookies.get(COOKIE)
    if cookie:
        service.end_session(db, cookie, actor=viewer.username)
        db.commit()
    response = RedirectResponse("/sign-in", status_code=303)
    response.delete_cookie(COOKIE, path="/", httponly=True, samesite="strict")
    return response


@router.post("/language")
def switch_language(
    request: Request,
    language: Annotated[str, Form(max_length=8)],
    back: Annotated[str, Form(max_length=1024)] = "/",
) -> Response:
    chosen = i18n.chosen(language)
    response = RedirectResponse(_local(back), status_code=303)
    if chosen is not None:
        response.set_cookie(
            i18n.COOKIE,
            chosen,
            max_age=365 * 24 * 3600,
            path="/",
            secure=request.app.state.secure_cookies,
            httponly=True,
            samesite="lax",
        )
    return response


@router.get("/password")
def password_form(request: Request, viewer: ViewerDep) -> Response:
    return render(request, "password.html", {"error": None, "done": False})


@router.post("/password")
def change_password(
    request: Request,
    viewer: ViewerDep,
    db: SessionDep,
    current_password: Field,
    new_password: Field,
) -> Response:
    now = datetime.now(UTC)
    user = db.get(User, viewer.user_id)
    web = service.find_session(db, request.cookies.get(COOKIE) or "")
    if user is None or web is None:
        return RedirectResponse("/sign-in", status_code=303)
    attempt = SignInAttempt(
        request, db, user.username, action=password_change.ACTION, purpose="own password"
    )
    refusal = attempt.refused(db, now)
    if refusal is not None:
        db.rollback()
        attempt.failed(now, password_checked=False)
        error = gettext(
            request,
            "Too many failed attempts. Try again after %(seconds)s seconds.",
            seconds=refusal.retry_after(now),
        )
        return render(request, "password.html", {"error": error, "done": False}, status=429)
    try:
        password_change.change_password(
            db, user, current_password, new_password, actor=viewer.username, keep_session=web.id
        )
    except password_change.WrongPassword:
        db.rollback()
        attempt.failed(now, password_checked=True)
        error = gettext(request, "The current password is wrong.")
        return render(request, "password.html", {"error": error, "done": False}, status=403)
    except WeakPassword:
        db.rollback()
        error = gettext(
            request,
            "A password must be %(least)s to %(most)s characters long.",
            least=MIN_LENGTH,
            most=MAX_LENGTH,
        )
        return render(request, "password.html", {"error": error, "done": False}, status=400)
    except password_change.SamePassword:
        db.rollback()
        error = gettext(request, "The new password must differ from the current one.")
        return render(request, "password.html", {"error": error, "done": False}, status=400)
    db.commit()
    attempt.succeeded(now)
    return RedirectResponse(pages.start_page(viewer.role), status_code=303)
