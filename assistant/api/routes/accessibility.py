"""``GET /accessibility``: the accessibility statement (WCAG 2.2 AA status, known gaps, how to report one)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from assistant.api.deps import StateDep
from assistant.api.routes.admin_pages import HEADERS, templates

router = APIRouter(tags=["widget"])


@router.get("/accessibility", response_class=HTMLResponse, include_in_schema=False)
def statement(request: Request, state: StateDep) -> HTMLResponse:
    """The statement, as a page of its own."""
    return templates.TemplateResponse(request, "accessibility.html", {"title": state.assistant.title},
                                      headers={**HEADERS, "Cache-Control": "public, max-age=300"})
