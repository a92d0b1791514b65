"""The citizens' chat: the page at ``/``, the embeddable ``/widget.js`` with its stylesheet, and its settings.

A host site embeds the assistant with one tag, ``<script src="https://assistant.example/widget.js" defer>``;
the script finds the service from its own URL, so the page at ``/`` is just a host page that includes it.
Everything the widget shows is inserted as text, and the page forbids inline script and style through its
Content-Security-Policy, so a passage or a question can never run as code.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel, Field

from assistant.api.deps import StateDep

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
    starters: list[str] = Field(description="Questions suggested on an empty conversation.")
    schemes: bool = Field(description="Whether the funding-scheme finder (/api/schemes/match) is served.")


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def page(request: Request, state: StateDep) -> HTMLResponse:
    """The chat as a page of its own."""
    return templates.TemplateResponse(request, "index.html", {"title": state.assistant.title},
                                      headers=PAGE_HEADERS)


@router.get("/widget.js", include_in_schema=False)
def widget_script() -> FileResponse:
    """The widget: one script a host page includes."""
    return FileResponse(STATIC_DIR / "widget.js", media_type="text/javascript; charset=utf-8",
                        headers=ASSET_HEADERS)


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
def widget_config(request: Request, state: StateDep) -> WidgetConfig:
    """The document's title, the starter questions, and which views the widget can offer."""
    # The published contract says what is served (included routers are not listed in app.routes).
    paths = request.app.openapi().get("paths", {})
    return WidgetConfig(title=state.assistant.title, starters=state.assistant.settings.starter_questions,
                        schemes="/api/schemes/match" in paths)
