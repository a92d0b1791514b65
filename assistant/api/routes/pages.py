"""The citizens' chat: the page at ``/``, the embeddable ``/widget.js`` with its stylesheet, and its settings.

A host site embeds the assistant with one tag, ``<script src="https://assistant.example/widget.js" defer>``;
the script finds the service from its own URL, so the page at ``/`` is just a host page that includes it.
Everything the widget shows is inserted as text, and the page forbids inline script and style through its
Content-Security-Policy, so a passage or a question can never run as code.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Header, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, Response
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel, Field

from assistant.api.deps import StateDep
from assistant.api.languages import LANGUAGES, MESSAGES_FILE, choose_language, messages

_HERE = Path(__file__).resolve().parent.parent
STATIC_DIR = _HERE / "static"
templates = Jinja2Templates(directory=_HERE / "templates")
router = APIRouter(tags=["widget"])

#: Only what the page serves itself: no inline code, no other origin, not framed by another site.
PAGE_CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; "
            "base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
PAGE_HEADERS = {"Content-Security-Policy": PAGE_CSP, "X-Content-Type-Options": "nosniff",
                "Referrer-Policy": "no-referrer"}
# Short, so a new release reaches host pages within minutes.
ASSET_HEADERS = {"Cache-Control": "public, max-age=300", "X-Content-Type-Options": "nosniff"}


class WidgetConfig(BaseModel):
    """What the widget needs to know about this service before the first question."""

    title: str = Field(description="Title of the policy document the answers come from.")
    language: str = Field(description="The language of the starters: en or zh-HK.")
    starters: list[str] = Field(description="Questions suggested on an empty conversation.")
    schemes: bool = Field(description="Whether the funding-scheme finder (/api/schemes/match) is served.")


LangQuery = Annotated[str | None, Query(max_length=35, description="en or zh-HK (any Chinese tag reads as zh-HK).")]


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def page(request: Request, state: StateDep, lang: LangQuery = None,
         accept_language: Annotated[str | None, Header(max_length=500)] = None) -> HTMLResponse:
    """The chat as a page of its own, in the language ``?lang=`` or the browser's Accept-Language asks for."""
    chosen = choose_language(lang, accept_language)
    other = next(tag for tag in LANGUAGES if tag != chosen)
    text = messages()[chosen]
    context = {"title": state.assistant.title, "lang": chosen, "other": other, "m": text,
               "other_name": messages()[other]["language_name"]}
    return templates.TemplateResponse(request, "index.html", context,
                                      headers={**PAGE_HEADERS, "Vary": "Accept-Language"})


@router.get("/widget-messages.json", include_in_schema=False)
def widget_messages() -> FileResponse:
    """Every string the widget shows, in each language it speaks."""
    return FileResponse(MESSAGES_FILE, media_type="application/json", headers=ASSET_HEADERS)


#: Where widget.js takes the message table in (see the script's BUILTIN).
MESSAGES_SLOT = "/* messages: filled in by the service */ null"


@cache
def _widget_source() -> str:
    """widget.js with the message table written in, so a host page gets every word with the script."""
    script = (STATIC_DIR / "widget.js").read_text(encoding="utf-8")
    table = json.dumps(messages(), ensure_ascii=False).replace("</", "<\\/")
    return script.replace(MESSAGES_SLOT, table, 1)


@router.get("/widget.js", include_in_schema=False)
def widget_script() -> Response:
    """The widget: one script a host page includes."""
    return Response(_widget_source(), media_type="text/javascript; charset=utf-8", headers=ASSET_HEADERS)


@router.get("/widget.css", include_in_schema=False)
def widget_style() -> FileResponse:
    """The widget's stylesheet, loaded into its shadow root."""
    return FileResponse(STATIC_DIR / "widget.css", media_type="text/css; charset=utf-8", headers=ASSET_HEADERS)


@router.get("/page.css", include_in_schema=False)
def page_style() -> FileResponse:
    """The page's own layout around the widget."""
    return FileResponse(STATIC_DIR / "page.css", media_type="text/css; charset=utf-8", headers=ASSET_HEADERS)


@router.get("/favicon.svg", include_in_schema=False)
def favicon() -> FileResponse:
    """The site icon."""
    return FileResponse(STATIC_DIR / "favicon.svg", media_type="image/svg+xml", headers=ASSET_HEADERS)


@router.get("/api/widget", response_model=WidgetConfig, tags=["widget"])
def widget_config(request: Request, state: StateDep, lang: LangQuery = None) -> WidgetConfig:
    """The document's title, the starter questions in the language asked for, and the views it can offer."""
    # The published contract says what is served (included routers are not listed in app.routes).
    paths = request.app.openapi().get("paths", {})
    chosen = choose_language(lang, None)
    starters = messages()[chosen]["starters"] or state.assistant.settings.starter_questions
    return WidgetConfig(title=state.assistant.title, language=chosen, starters=starters,
                        schemes="/api/schemes/match" in paths)
