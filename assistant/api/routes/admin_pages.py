"""The operators' dashboard at ``/admin``: the admin token once, then an HttpOnly, SameSite=Strict session.

``GET /admin`` without a valid session or bearer token answers 401 with a sign-in form; the form posts the
token to ``POST /admin/session``, which sets the session cookie (a signed expiry: nothing to look up, valid
on every replica that has the same admin token) and sends the browser back to ``/admin``. Wrong tokens count
against the address as on the admin API. The page is drawn on the server (SVG charts, each with a table of
its numbers); it runs no script.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from pathlib import Path
from typing import Annotated
from urllib.parse import parse_qs

from fastapi import APIRouter, Cookie, Header, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from assistant.api.charts import bar_chart, line_chart
from assistant.api.deps import CallerDep, LimitsDep, StateDep
from assistant.operations.report import operations_report

_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
templates = Jinja2Templates(directory=_TEMPLATES)
router = APIRouter(tags=["admin"], include_in_schema=False)

COOKIE = "assistant_admin"
#: Seconds a dashboard session lasts.
SESSION_SECONDS = 8 * 3600
ADMIN_CSP = ("default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; "
             "frame-ancestors 'none'")
HEADERS = {"Content-Security-Policy": ADMIN_CSP, "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer",
           "Cache-Control": "no-store"}


def _key(token: str) -> bytes:
    return hashlib.sha256(b"admin-session:" + token.encode()).digest()


def session_value(token: str, now: float | None = None) -> str:
    """A session cookie value: its expiry under an HMAC keyed by the admin token."""
    expires = str(int(now if now is not None else time.time()) + SESSION_SECONDS)
    return f"{expires}.{hmac.new(_key(token), expires.encode(), hashlib.sha256).hexdigest()}"


def session_valid(value: str | None, token: str, now: float | None = None) -> bool:
    """Whether ``value`` is a session this admin token signed and it has not expired."""
    expires, _, signature = (value or "").partition(".")
    if not expires.isdigit():
        return False
    expected = hmac.new(_key(token), expires.encode(), hashlib.sha256).hexdigest()
    return hmac.compare_digest(signature, expected) and int(expires) > (now if now is not None else time.time())


def _admin_token(state: StateDep) -> str | None:
    configured = state.assistant.settings.admin_token
    return configured.get_secret_value() if configured and configured.get_secret_value() else None


def _sign_in(request: Request, status: int, message: str = "") -> HTMLResponse:
    return templates.TemplateResponse(request, "admin_signin.html", {"message": message}, status_code=status,
                                      headers=HEADERS)


def _with_session(response: Response, request: Request, token: str) -> Response:
    response.set_cookie(COOKIE, session_value(token), max_age=SESSION_SECONDS, httponly=True, samesite="strict",
                        secure=request.url.scheme == "https", path="/admin")
    return response


@router.get("/admin", response_class=HTMLResponse)
def dashboard(request: Request, state: StateDep, caller: CallerDep, limits: LimitsDep,
              days: Annotated[int, Query(ge=1, le=365)] = 7,
              session: Annotated[str | None, Cookie(alias=COOKIE)] = None,
              authorization: Annotated[str | None, Header()] = None) -> Response:
    """The dashboard, or the sign-in form (401) without a session or token."""
    token = _admin_token(state)
    if token is None:
        return _sign_in(request, 403, "The dashboard is disabled: set ASSISTANT_ADMIN_TOKEN to enable it.")
    bearer = (authorization or "").partition(" ")[2].strip()
    by_header = bool(bearer) and not limits.admin_locked(caller) and hmac.compare_digest(bearer.encode(),
                                                                                          token.encode())
    if bearer and not by_header and not limits.admin_locked(caller):
        limits.admin_failed(caller)
    if not (by_header or session_valid(session, token)):
        return _sign_in(request, 401)
    request.app.state.conversations.flush()
    report = operations_report(request.app.state.store, state.assistant, days)
    response = templates.TemplateResponse(request, "admin.html", {"r": report, "charts": charts(report)},
                                          headers=HEADERS)
    return _with_session(response, request, token) if by_header else response


@router.post("/admin/session", response_class=HTMLResponse)
async def sign_in(request: Request, state: StateDep, caller: CallerDep, limits: LimitsDep) -> Response:
    """Check the token the form sent; on success set the session and go to ``/admin``."""
    token = _admin_token(state)
    if token is None:
        return _sign_in(request, 403, "The dashboard is disabled: set ASSISTANT_ADMIN_TOKEN to enable it.")
    if limits.admin_locked(caller):
        return _sign_in(request, 429, "Too many wrong tokens from this address; try again later.")
    given = (parse_qs((await request.body()).decode("utf-8", "replace")).get("token") or [""])[0].strip()
    if not given or not hmac.compare_digest(given.encode(), token.encode()):
        limits.admin_failed(caller)
        return _sign_in(request, 403, "That token is not valid.")
    return _with_session(RedirectResponse("/admin", status_code=303), request, token)


@router.post("/admin/signout")
def sign_out() -> Response:
    """End the session."""
    response = RedirectResponse("/admin", status_code=303)
    response.delete_cookie(COOKIE, path="/admin")
    return response


@router.get("/admin/admin.css")
def stylesheet() -> FileResponse:
    """The dashboard's stylesheet."""
    return FileResponse(_TEMPLATES / "admin.css", media_type="text/css; charset=utf-8",
                        headers={"X-Content-Type-Options": "nosniff"})


def charts(report: dict) -> dict:
    """The dashboard's charts (SVG) from the report."""
    days = [row["day"] for row in report["per_day"]]
    scores = report["live_scores"]
    return {
        "per_day": bar_chart("chart-per-day", "Questions per day", [(d, r["questions"]) for d, r in
                                                                    zip(days, report["per_day"], strict=True)]),
        "outcomes": bar_chart("chart-outcomes", "Share of questions by outcome (%)",
                              [(name, round(100 * share, 1)) for name, share in report["rates"].items()], "%"),
        "sections": bar_chart("chart-sections", "Most cited sections",
                              [(row["name"].split(" > ")[-1], row["count"]) for row in report["top_sections"]]),
        "trend": line_chart("chart-trend", "Daily scores of live answers", [s["day"] for s in scores],
                            {name: [s.get(name) for s in scores] for name in
                             ("citation_precision", "grounded_share", "refusal_rate", "degraded_rate")}),
    }
